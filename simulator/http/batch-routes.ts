import { Router } from 'express';
import { z } from 'zod';
import { conflict } from '../errors';
import { DEFAULT_PROPERTIES, objectTypeOf } from '../crm/object-types';
import type { SimRecord } from '../crm/record-store';
import { answer, parseBody, portalOf } from './api-context';
import {
  batchAnswer,
  batchError,
  batchOf,
  checkAssociations,
  checkBatchSize,
  createInputSchema,
  createWithAssociations,
  propertiesSchema,
} from './object-inputs';

const id = z.union([z.string(), z.number()]).transform(String);

const readSchema = z
  .object({
    inputs: z.array(z.object({ id }).strict()),
    properties: z.array(z.string()).default([]),
    propertiesWithHistory: z.array(z.string()).default([]),
    idProperty: z.string().optional(),
  })
  .strict();
const updateSchema = batchOf(
  z.object({ id, properties: propertiesSchema, idProperty: z.string().optional() }).strict(),
);
const upsertSchema = batchOf(
  z.object({ id, idProperty: z.string().default('hs_object_id'), properties: propertiesSchema }).strict(),
);
const archiveSchema = batchOf(z.object({ id }).strict());
const createSchema = batchOf(createInputSchema);

/** `/crm/v3/objects/{objectType}/batch/*`: at most 100 inputs, answers in HubSpot's batch shape. */
export function batchRoutes(): Router {
  const router = Router();
  const base = '/crm/v3/objects/:objectType/batch';

  router.post(
    `${base}/read`,
    answer((req, res) => {
      const started = Date.now();
      const portal = portalOf(res);
      const type = objectTypeOf(String(req.params.objectType));
      const body = parseBody(readSchema, req.body);
      checkBatchSize(body.inputs);
      const properties = body.properties.length > 0 ? body.properties : [...DEFAULT_PROPERTIES[type]];
      const found: SimRecord[] = [];
      const missing: string[] = [];
      for (const input of body.inputs) {
        const record = body.idProperty
          ? portal.findBy(type, body.idProperty, input.id)
          : portal.get(type, input.id);
        if (record && !found.includes(record)) found.push(record);
        else if (!record) missing.push(input.id);
      }
      const errors = missing.length
        ? [
            batchError(
              'OBJECT_NOT_FOUND',
              `Could not get some ${type.toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
              { ids: missing },
            ),
          ]
        : [];
      return batchAnswer(
        found.map((record) => portal.view(type, record, properties)),
        errors,
        started,
      );
    }),
  );

  router.post(
    `${base}/create`,
    answer((req, res) => {
      const started = Date.now();
      const portal = portalOf(res);
      const type = objectTypeOf(String(req.params.objectType));
      const { inputs } = parseBody(createSchema, req.body);
      checkBatchSize(inputs);
      for (const input of inputs) {
        checkAssociations(portal, type, input);
        portal.check(type, input.properties);
      }
      checkDistinctEmails(
        type,
        inputs.map((input) => input.properties.email),
      );
      const created = inputs.map((input) => createWithAssociations(portal, type, input));
      return batchAnswer(
        created.map((record) => portal.view(type, record, Object.keys(record.properties))),
        [],
        started,
        201,
      );
    }),
  );

  router.post(
    `${base}/update`,
    answer((req, res) => {
      const started = Date.now();
      const portal = portalOf(res);
      const type = objectTypeOf(String(req.params.objectType));
      const { inputs } = parseBody(updateSchema, req.body);
      checkBatchSize(inputs);
      // HubSpot checks every input before it writes any: one bad value fails the whole batch.
      for (const input of inputs) {
        const target = input.idProperty
          ? portal.findBy(type, input.idProperty, input.id)
          : portal.get(type, input.id);
        portal.check(type, input.properties, target?.id);
      }
      const updated: SimRecord[] = [];
      const missing: string[] = [];
      for (const input of inputs) {
        const record = input.idProperty
          ? portal.findBy(type, input.idProperty, input.id)
          : portal.get(type, input.id);
        if (!record) {
          missing.push(input.id);
          continue;
        }
        portal.update(type, record.id, input.properties);
        updated.push(record);
      }
      const errors = missing.length
        ? [
            batchError('OBJECT_NOT_FOUND', `Could not update some ${type} objects: they do not exist.`, {
              ids: missing,
            }),
          ]
        : [];
      return batchAnswer(
        updated.map((record) => portal.view(type, record, Object.keys(record.properties))),
        errors,
        started,
      );
    }),
  );

  router.post(
    `${base}/upsert`,
    answer((req, res) => {
      const started = Date.now();
      const portal = portalOf(res);
      const type = objectTypeOf(String(req.params.objectType));
      const { inputs } = parseBody(upsertSchema, req.body);
      checkBatchSize(inputs);
      const results = inputs.map((input) => {
        const existing = portal.findBy(type, input.idProperty, input.id);
        const record = existing
          ? portal.update(type, existing.id, input.properties)
          : portal.create(type, {
              ...input.properties,
              ...(input.idProperty !== 'hs_object_id' ? { [input.idProperty]: input.id } : {}),
            });
        return { ...portal.view(type, record, Object.keys(record.properties)), new: !existing };
      });
      return batchAnswer(results, [], started);
    }),
  );

  router.post(
    `${base}/archive`,
    answer((req, res) => {
      const portal = portalOf(res);
      const type = objectTypeOf(String(req.params.objectType));
      const { inputs } = parseBody(archiveSchema, req.body);
      checkBatchSize(inputs);
      for (const input of inputs) if (portal.get(type, input.id)) portal.archive(type, input.id);
      return { status: 204 };
    }),
  );

  return router;
}

/** One batch may not create two contacts with one email (HubSpot refuses the whole batch). */
function checkDistinctEmails(type: string, emails: unknown[]): void {
  if (type !== 'contacts') return;
  const seen = new Set<string>();
  for (const email of emails) {
    if (typeof email !== 'string' || email === '') continue;
    const key = email.toLowerCase();
    if (seen.has(key)) throw conflict(`Duplicate email in the batch: ${email}`);
    seen.add(key);
  }
}
