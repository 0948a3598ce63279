import type { Kysely, Migration } from 'kysely';

/** Playbook versions per portal (the admin page's editor and history). */
export const migration0005PlaybookVersions: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('playbook_versions')
      .addColumn('portal_id', 'bigint', (col) => col.notNull())
      .addColumn('version', 'integer', (col) => col.notNull())
      .addColumn('text', 'text', (col) => col.notNull())
      .addColumn('file_name', 'text', (col) => col.notNull())
      .addColumn('actor', 'text', (col) => col.notNull())
      .addColumn('note', 'text')
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      // Two saves racing for one number: the second is refused and tries the next number.
      .addPrimaryKeyConstraint('playbook_versions_pk', ['portal_id', 'version'])
      .execute();
  },
};
