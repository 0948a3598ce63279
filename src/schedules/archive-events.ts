import type { Store } from '../store/store';

/**
 * How long a done event stays in the claim's table. Long enough to read a batch's outcome on the
 * admin page while it is fresh; de-duplication does not need it there (the archive keeps the keys).
 */
export const EVENT_RETENTION_MS = 10 * 60_000;

/** Rows moved per transaction: short turns, so intake and claims never wait long on the archiver. */
const CHUNK = 1_000;
/** At most this many per run: a first run after an upgrade spreads a large backlog over minutes. */
const MAX_PER_RUN = 50_000;

/** Moves the events done more than `retentionMs` ago out of the hot table; returns how many moved. */
export async function archiveEvents(
  store: Store,
  now: number,
  retentionMs: number = EVENT_RETENTION_MS,
): Promise<number> {
  let moved = 0;
  while (moved < MAX_PER_RUN) {
    const chunk = await store.events.archive(now - retentionMs, CHUNK);
    moved += chunk;
    if (chunk < CHUNK) break;
  }
  return moved;
}
