import { CompiledQuery, createQueryId, sql, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { KyselyStore } from '../src/store/kysely-store';
import { migrateToLatest } from '../src/store/migrations';
import { openDatabase } from '../src/store/open-store';
import type { NewEvent } from '../src/store/store';

const PORTAL = 62515;
const T0 = 1_767_000_000_000;

function contactEvents(first: number, contacts: number): NewEvent[] {
  return Array.from({ length: contacts }, (_, i) => first + i).flatMap((id) =>
    ['creation', 'email', 'lifecyclestage'].map((what) => ({
      portalId: PORTAL,
      eventKey: `${PORTAL}:${what}:${id}`,
      subscriptionType: what === 'creation' ? 'object.creation' : 'object.propertyChange',
      objectTypeId: '0-1',
      objectId: id,
      occurredAt: T0,
      payload: { objectId: id, propertyName: what },
    })),
  );
}

/**
 * The query plans of the claim's own reads, as each engine runs them: the claim is made once on a
 * store holding recent done events and a waiting import, every SELECT it issued is captured, and
 * each is explained with its parameters (`EXPLAIN QUERY PLAN` in SQLite, `EXPLAIN` in PostgreSQL).
 */
export async function claimPlans(databaseUrl: string, schema?: string): Promise<string[]> {
  const { db, dialect } = await openDatabase(databaseUrl, schema ? { schema } : {});
  try {
    await migrateToLatest(db, dialect);
    const captured: RootOperationNode[] = [];
    let capturing = false;
    const capture: KyselyPlugin = {
      transformQuery: (args) => {
        if (capturing && args.node.kind === 'SelectQueryNode') captured.push(args.node);
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const store = new KyselyStore(db.withPlugin(capture), dialect);
    await store.events.insert(contactEvents(0, 5_000), T0);
    for (
      let batch = await store.events.claim({ owner: 'h', limit: 5_000, leaseMs: 1, now: T0 });
      batch.length > 0;
    ) {
      await store.events.complete(
        batch.map((event) => event.id),
        'h',
        T0,
      );
      batch = await store.events.claim({ owner: 'h', limit: 5_000, leaseMs: 1, now: T0 });
    }
    await store.events.insert(contactEvents(100_000, 3_000), T0 + 1);
    await sql`analyze`.execute(db);
    capturing = true;
    await store.events.claim({ owner: 'w', limit: 100, leaseMs: 60_000, now: T0 + 2 });
    capturing = false;
    const plans: string[] = [];
    for (const node of captured) {
      const query = db.getExecutor().compileQuery(node, createQueryId());
      const explain = dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
      const result = await db.executeQuery<Record<string, unknown>>(
        CompiledQuery.raw(explain + query.sql, [...query.parameters]),
      );
      const lines = result.rows.map((row) => String(row.detail ?? row['QUERY PLAN'] ?? JSON.stringify(row)));
      plans.push(`${query.sql.replace(/\s+/g, ' ').slice(0, 110)}…\n    ${lines.join('\n    ')}`);
    }
    return plans;
  } finally {
    await db.destroy();
  }
}
