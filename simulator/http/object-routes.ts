import { Router } from 'express';
import { z } from 'zod';
import { notFound } from '../errors';
import { DEFAULT_PROPERTIES, objectTypeOf, type ObjectType } from '../crm/object-types';
import { searchRequestSchema } from '../crm/search';
import type { Portal } from '../portal';
import { answer, intQuery, listQuery, parseBody, portalOf } from './api-context';
import {
  checkAssociations,
  createInputSchema,
  createWithAssociations,
  propertiesSchema,
} from './object-inputs';

const type = (name: unknown): ObjectType => objectTypeOf(String(name));

function wantedProperties(objectType: ObjectType, asked: string[]): string[] {
  return asked.length > 0 ? asked : [...DEFAULT_PROPERTIES[objectType]];
}

/** Single-record endpoints, listing and search of `/crm/v3/objects/{objectType}`. */
export function objectRoutes(): Router {
  const router = Router();

  router.post(
    '/crm/v3/objects/:objectType/search',
    answer((req, res) => {
      const portal = portalOf(res);
      const objectType = type(req.params.objectType);
      const request = parseBody(searchRequestSchema, req.body);
      const outcome = portal.search(objectType, request);
      const properties = wantedProperties(objectType, request.properties);
      return {
        status: 200,
        body: {
          total: outcome.total,
          results: outcome.results.map((snapshot) => portal.view(objectType, snapshot, properties)),
          ...(outcome.after !== undefined ? { paging: { next: { after: outcome.after } } } : {}),
        },
      };
    }),
  );

  router.get(
    '/crm/v3/objects/:objectType',
    answer((req, res) => {
      const portal = portalOf(res);
      const objectType = type(req.params.objectType);
      const limit = intQuery(req.query.limit, 10, 'limit', 100);
      const after = Number(req.query.after ?? 0) || 0;
      const records = portal.stores[objectType].live().filter((record) => Number(record.id) > after);
      const page = records.slice(0, limit);
      const properties = wantedProperties(objectType, listQuery(req.query.properties));
      const associated = listQuery(req.query.associations).map(objectTypeOf);
      const last = page.at(-1);
      return {
        status: 200,
        body: {
          results: page.map((record) => {
            const view = portal.view(objectType, record, properties);
            // HubSpot leaves `associations` out of a listed record that has none of the types asked.
            const associations = associationsOf(portal, objectType, record.id, associated, true);
            return Object.keys(associations).length > 0 ? { ...view, associations } : view;
          }),
          ...(records.length > limit && last ? { paging: { next: { after: String(Number(last.id)) } } } : {}),
        },
      };
    }),
  );

  router.post(
    '/crm/v3/objects/:objectType',
    answer((req, res) => {
      const portal = portalOf(res);
      const objectType = type(req.params.objectType);
      const input = parseBody(createInputSchema, req.body);
      checkAssociations(portal, objectType, input);
      const record = createWithAssociations(portal, objectType, input);
      return { status: 201, body: portal.view(objectType, record, Object.keys(record.properties)) };
    }),
  );

  router.get(
    '/crm/v3/objects/:objectType/:objectId',
    answer((req, res) => {
      const portal = portalOf(res);
      const objectType = type(req.params.objectType);
      const record = find(portal, objectType, String(req.params.objectId), req.query.idProperty);
      const properties = wantedProperties(objectType, listQuery(req.query.properties));
      const view = portal.view(objectType, record, properties);
      const associated = listQuery(req.query.associations).map(objectTypeOf);
      if (associated.length === 0) return { status: 200, body: view };
      return {
        status: 200,
        body: { ...view, associations: associationsOf(portal, objectType, record.id, associated) },
      };
    }),
  );

  router.patch(
    '/crm/v3/objects/:objectType/:objectId',
    answer((req, res) => {
      const portal = portalOf(res);
      const objectType = type(req.params.objectType);
      const { properties } = parseBody(z.object({ properties: propertiesSchema }).strict(), req.body);
      const record = find(portal, objectType, String(req.params.objectId), req.query.idProperty);
      portal.update(objectType, record.id, properties);
      return { status: 200, body: portal.view(objectType, record, Object.keys(record.properties)) };
    }),
  );

  router.delete(
    '/crm/v3/objects/:objectType/:objectId',
    answer((req, res) => {
      const portal = portalOf(res);
      const objectType = type(req.params.objectType);
      // Archiving what is gone already is a success in HubSpot too.
      if (portal.get(objectType, String(req.params.objectId)))
        portal.archive(objectType, String(req.params.objectId));
      return { status: 204 };
    }),
  );

  return router;
}

/** A record's associations per object type, as HubSpot's v3 reads answer `associations=…`. */
function associationsOf(
  portal: Portal,
  objectType: ObjectType,
  id: string,
  associated: readonly ObjectType[],
  skipEmpty = false,
): Record<string, { results: Array<{ id: string; type: string }> }> {
  const entries = associated.map((to) => {
    const results = portal.associations
      .list(objectType, id, to)
      .flatMap(({ toId, typeIds }) =>
        typeIds.map((typeId) => ({ id: toId, type: `${objectType}_to_${to}_${typeId}` })),
      );
    return [to, { results }] as const;
  });
  return Object.fromEntries(entries.filter(([, value]) => !skipEmpty || value.results.length > 0));
}

function find(portal: Portal, objectType: ObjectType, id: string, idProperty: unknown) {
  const record =
    idProperty === undefined ? portal.get(objectType, id) : portal.findBy(objectType, String(idProperty), id);
  if (!record) throw notFound(`Object ${objectType} ${id} was not found`);
  return record;
}
