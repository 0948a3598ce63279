import { Router } from 'express';
import { z } from 'zod';
import { validationError } from '../errors';
import { associationType, defaultAssociationType } from '../crm/associations';
import { objectTypeOf, type ObjectType } from '../crm/object-types';
import type { Portal } from '../portal';
import { answer, intQuery, parseBody, portalOf, type ApiContext } from './api-context';
import { batchAnswer, batchError } from './object-inputs';

/** v4 batch read takes up to 1,000 inputs; each record's associations come 500 a page. */
export const ASSOCIATION_BATCH_LIMIT = 1000;
export const ASSOCIATIONS_PER_PAGE = 500;

const id = z.union([z.string(), z.number()]).transform(String);
const readSchema = z
  .object({ inputs: z.array(z.object({ id, after: z.string().optional() }).strict()) })
  .strict();
const defaultSchema = z
  .object({
    inputs: z.array(z.object({ from: z.object({ id }).strict(), to: z.object({ id }).strict() }).strict()),
  })
  .strict();

function page(
  portal: Portal,
  from: ObjectType,
  fromId: string,
  to: ObjectType,
  after: string | undefined,
  limit: number,
) {
  const all = portal.associations.list(from, fromId, to);
  const offset = after === undefined ? 0 : Number(after);
  if (!Number.isInteger(offset) || offset < 0)
    throw validationError(`after must be a cursor from a previous page; got ${after}`);
  const slice = all.slice(offset, offset + limit);
  return {
    total: all.length,
    results: slice.map(({ toId, typeIds }) => ({
      // The v4 spec types toObjectId as a string; an unlabelled association has no label field.
      toObjectId: toId,
      associationTypes: typeIds.map((typeId) => {
        const label = associationType(from, to, typeId).label;
        return { category: 'HUBSPOT_DEFINED', typeId, ...(label === null ? {} : { label }) };
      }),
    })),
    ...(offset + limit < all.length ? { after: String(offset + limit) } : {}),
  };
}

/** The v4 associations HubSpot's CRM exposes: batch read with paging, default creates, one record's list. */
export function associationRoutes(context: Pick<ApiContext, 'associationPageSize'>): Router {
  const router = Router();

  router.post(
    '/crm/v4/associations/:fromObjectType/:toObjectType/batch/read',
    answer((req, res) => {
      const started = Date.now();
      const portal = portalOf(res);
      const from = objectTypeOf(String(req.params.fromObjectType));
      const to = objectTypeOf(String(req.params.toObjectType));
      const { inputs } = parseBody(readSchema, req.body);
      if (inputs.length === 0 || inputs.length > ASSOCIATION_BATCH_LIMIT) {
        throw validationError(`inputs must hold 1 to ${ASSOCIATION_BATCH_LIMIT} ids; got ${inputs.length}`);
      }
      const results: unknown[] = [];
      const errors: unknown[] = [];
      for (const input of inputs) {
        const found = page(portal, from, input.id, to, input.after, context.associationPageSize);
        if (found.total === 0) {
          errors.push(
            batchError('OBJECT_NOT_FOUND', `No ${to} is associated with ${from} ${input.id}.`, {
              fromObjectId: [input.id],
            }),
          );
          continue;
        }
        results.push({
          from: { id: input.id },
          to: found.results,
          ...(found.after !== undefined ? { paging: { next: { after: found.after } } } : {}),
        });
      }
      return batchAnswer(results, errors, started);
    }),
  );

  router.post(
    '/crm/v4/associations/:fromObjectType/:toObjectType/batch/associate/default',
    answer((req, res) => {
      const started = Date.now();
      const portal = portalOf(res);
      const from = objectTypeOf(String(req.params.fromObjectType));
      const to = objectTypeOf(String(req.params.toObjectType));
      const { inputs } = parseBody(defaultSchema, req.body);
      if (inputs.length === 0 || inputs.length > 100)
        throw validationError('inputs must hold 1 to 100 pairs');
      const type = defaultAssociationType(from, to);
      for (const input of inputs) {
        portal.mustGet(from, input.from.id);
        portal.mustGet(to, input.to.id);
      }
      const results = inputs.map((input) => {
        portal.associate(from, input.from.id, to, input.to.id, type.typeId);
        return {
          from: { id: input.from.id },
          to: { id: input.to.id },
          associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: type.typeId },
        };
      });
      return batchAnswer(results, [], started);
    }),
  );

  router.put(
    '/crm/v4/objects/:fromObjectType/:fromObjectId/associations/default/:toObjectType/:toObjectId',
    answer((req, res) => {
      const portal = portalOf(res);
      const from = objectTypeOf(String(req.params.fromObjectType));
      const to = objectTypeOf(String(req.params.toObjectType));
      const type = defaultAssociationType(from, to);
      const fromId = String(req.params.fromObjectId);
      const toId = String(req.params.toObjectId);
      portal.associate(from, fromId, to, toId, type.typeId);
      return {
        status: 200,
        body: batchAnswer(
          [
            {
              from: { id: fromId },
              to: { id: toId },
              associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: type.typeId },
            },
          ],
          [],
          Date.now(),
        ).body,
      };
    }),
  );

  router.get(
    '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType',
    answer((req, res) => {
      const portal = portalOf(res);
      const from = objectTypeOf(String(req.params.objectType));
      const to = objectTypeOf(String(req.params.toObjectType));
      const fromId = String(req.params.objectId);
      portal.mustGet(from, fromId);
      const limit = intQuery(req.query.limit, ASSOCIATIONS_PER_PAGE, 'limit', ASSOCIATIONS_PER_PAGE);
      const found = page(portal, from, fromId, to, req.query.after as string | undefined, limit);
      return {
        status: 200,
        body: {
          results: found.results,
          ...(found.after !== undefined ? { paging: { next: { after: found.after } } } : {}),
        },
      };
    }),
  );

  return router;
}
