import { Router } from 'express';
import { notFound, validationError } from '../errors';
import { answer, intQuery, portalOf } from './api-context';

/** `GET /crm/v3/owners`: active owners, or archived ones with `archived=true`, 500 a page at most. */
export function ownerRoutes(): Router {
  const router = Router();

  router.get(
    '/crm/v3/owners',
    answer((req, res) => {
      const portal = portalOf(res);
      const archived = parseArchived(req.query.archived);
      const limit = intQuery(req.query.limit, 100, 'limit', 500);
      const email = typeof req.query.email === 'string' ? req.query.email.toLowerCase() : undefined;
      const after = req.query.after === undefined ? 0 : Number(req.query.after);
      if (!Number.isInteger(after) || after < 0)
        throw validationError(`after must be a cursor from a previous page`);
      const owners = portal.owners
        .filter((owner) => owner.archived === archived)
        .filter((owner) => email === undefined || owner.email.toLowerCase() === email);
      const pageOf = owners.slice(after, after + limit);
      const more = after + limit < owners.length;
      return {
        status: 200,
        body: {
          results: pageOf,
          ...(more ? { paging: { next: { after: String(after + limit) } } } : {}),
        },
      };
    }),
  );

  router.get(
    '/crm/v3/owners/:ownerId',
    answer((req, res) => {
      const portal = portalOf(res);
      const archived = parseArchived(req.query.archived);
      const idProperty = req.query.idProperty === 'userId' ? 'userId' : 'id';
      const owner = portal.owners.find(
        (candidate) =>
          String(candidate[idProperty]) === String(req.params.ownerId) && candidate.archived === archived,
      );
      if (!owner) throw notFound(`Owner ${req.params.ownerId} was not found`);
      return { status: 200, body: owner };
    }),
  );

  return router;
}

function parseArchived(value: unknown): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw validationError(`archived must be true or false; got ${String(value)}`);
}
