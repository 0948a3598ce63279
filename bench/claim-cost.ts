import pg from 'pg';
import { openStore } from '../src/store/open-store';
import type { NewEvent, Store } from '../src/store/store';

const PORTAL = 62515;
const T0 = 1_767_000_000_000;

/** An import as HubSpot delivers it: a creation and four property changes per contact. */
function importEvents(first: number, contacts: number, at: number): NewEvent[] {
  return Array.from({ length: contacts }, (_, i) => first + i).flatMap((id) =>
    ['creation', 'email', 'firstname', 'lastname', 'lifecyclestage'].map((what) => ({
      portalId: PORTAL,
      eventKey: `${PORTAL}:${what}:${id}`,
      subscriptionType: what === 'creation' ? 'object.creation' : 'object.propertyChange',
      objectTypeId: '0-1',
      objectId: id,
      occurredAt: at,
      payload:
        what === 'creation' ? { objectId: id } : { objectId: id, propertyName: what, propertyValue: 'x' },
    })),
  );
}

/** Works every available event to done, in claims of `limit`. */
async function workAll(store: Store, now: number, limit: number): Promise<void> {
  for (;;) {
    const batch = await store.events.claim({ owner: 'history', limit, leaseMs: 60_000, now });
    if (batch.length === 0) return;
    await store.events.complete(
      batch.map((event) => event.id),
      'history',
      now,
    );
  }
}

export interface ClaimCost {
  stored: number;
  archived: number;
  /** Median and slowest of the timed claims of 100, in ms. */
  medianMs: number;
  maxMs: number;
}

/**
 * The cost of one claim of 100 new contacts (and their 400 changes) while a 3,000-contact import
 * waits, after `history` events were
 * worked to done. With `archive`, done events are moved out first as the app's archiver does.
 */
export async function measureClaimCost(
  databaseUrl: string,
  history: number,
  archive: boolean,
  schema?: string,
): Promise<ClaimCost> {
  const store = await openStore(databaseUrl, schema ? { schema } : {});
  try {
    const contacts = history / 5;
    for (let first = 0; first < contacts; first += 2_000) {
      await store.events.insert(importEvents(first, Math.min(2_000, contacts - first), T0), T0);
      await workAll(store, T0, 5_000);
    }
    let archived = 0;
    const canArchive = typeof (store.events as { archive?: unknown }).archive === 'function';
    if (archive && canArchive) {
      for (let moved = await store.events.archive(T0 + 1, 5_000); moved > 0;) {
        archived += moved;
        moved = await store.events.archive(T0 + 1, 5_000);
      }
    }
    // PostgreSQL keeps deleted rows until a vacuum; autovacuum does this as the archiver runs.
    if (archived > 0 && schema) await vacuum(databaseUrl, schema);
    await store.events.insert(importEvents(10_000_000, 3_000, T0 + 10), T0 + 10);
    const timings: number[] = [];
    for (let claim = 0; claim < 20; claim += 1) {
      const started = process.hrtime.bigint();
      const batch = await store.events.claim({ owner: 'timed', limit: 100, leaseMs: 60_000, now: T0 + 20 });
      timings.push(Number(process.hrtime.bigint() - started) / 1e6);
      await store.events.complete(
        batch.map((event) => event.id),
        'timed',
        T0 + 20,
      );
    }
    timings.sort((a, b) => a - b);
    return {
      stored: history,
      archived,
      medianMs: timings[Math.floor(timings.length / 2)] ?? 0,
      maxMs: timings.at(-1) ?? 0,
    };
  } finally {
    await store.close();
  }
}

async function vacuum(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`vacuum analyze "${schema}".webhook_events`);
  } finally {
    await client.end();
  }
}
