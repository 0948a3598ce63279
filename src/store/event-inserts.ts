import type { Kysely } from 'kysely';
import { archivedKeys } from './event-archive';
import type { InsertResult, NewEvent } from './event-inbox';
import { toNewEventRow } from './rows';
import type { StoreDatabase } from './schema';

/** Rows per INSERT: far below SQLite's and PostgreSQL's bound-parameter limits. */
const INSERT_CHUNK = 500;

/**
 * Stores several deliveries (run it in one transaction); each gets its own count, a key stored once.
 */
export async function insertEventGroups(
  db: Kysely<StoreDatabase>,
  groups: Array<{ events: NewEvent[]; receivedAt: number }>,
): Promise<InsertResult[]> {
  // A redelivery of an event done and archived long ago is a duplicate too.
  const archived = await archivedKeys(
    db,
    groups.flatMap((group) => group.events.map((event) => event.eventKey)),
  );
  const rows = groups.flatMap((group) =>
    group.events
      .filter((event) => !archived.has(event.eventKey))
      .map((event) => toNewEventRow(event, group.receivedAt)),
  );
  const keys = new Set<string>();
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const inserted = await db
      .insertInto('webhook_events')
      .values(rows.slice(start, start + INSERT_CHUNK))
      .onConflict((conflict) => conflict.column('event_key').doNothing())
      .returning('event_key')
      .execute();
    for (const row of inserted) keys.add(row.event_key);
  }
  return groups.map((group) => {
    let inserted = 0;
    for (const event of group.events) {
      // The first delivery holding a new key stored it; any later copy is a duplicate.
      if (keys.delete(event.eventKey)) inserted += 1;
    }
    return { inserted, duplicates: group.events.length - inserted };
  });
}
