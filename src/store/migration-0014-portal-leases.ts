import type { Kysely, Migration } from 'kysely';

/**
 * Portal leases (issue 16): with several processes on one PostgreSQL, each portal's HubSpot work is
 * done by one process at a time, so that process's per-portal limiter is the portal's only one.
 * `token` goes up by one every time the lease changes hands (the fencing token). The holders table
 * is each process's heartbeat: how many processes share the portals, so each takes a fair share.
 */
export const migration0014PortalLeases: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('portal_leases')
      .addColumn('portal_id', 'bigint', (col) => col.primaryKey())
      .addColumn('holder', 'text', (col) => col.notNull())
      .addColumn('token', 'bigint', (col) => col.notNull())
      .addColumn('expires_at', 'bigint', (col) => col.notNull())
      .execute();
    await db.schema
      .createIndex('portal_leases_holder_idx')
      .on('portal_leases')
      .columns(['holder', 'expires_at'])
      .execute();
    await db.schema
      .createTable('portal_lease_holders')
      .addColumn('holder', 'text', (col) => col.primaryKey())
      .addColumn('expires_at', 'bigint', (col) => col.notNull())
      .execute();
  },
};
