import type { HubSpotCrm } from '../hubspot/crm';
import { contactsCreatedOrMissedSql } from '../hubspot/searches';
import type { Logger } from '../log';
import type { NewEvent, Store } from '../store/store';

export const RECONCILE_CURSOR = 'reconcile-contacts';

export interface ReconcileOptions {
  /** First run: how far back to look (a fresh install does not hand off the whole database). */
  initialLookbackMs?: number;
  /** Each run re-reads this much before the cursor: a contact created at the edge is never missed. */
  overlapMs?: number;
  /** HubSpot's search index lags writes by seconds; the cursor never passes `now - indexLagMs`. */
  indexLagMs?: number;
}

export interface ReconcileReport {
  found: number;
  queued: number;
  /** Contacts a person made SQL in HubSpot whose webhook never arrived, queued as that change. */
  stagesQueued: number;
  cursor: number;
}

const WINDOW = 10_000;
/** Handoff's stages before SQL: a contact HubSpot holds at SQL in one of them missed its webhook. */
const OPEN_STAGES: readonly string[] = ['mql', 'sal'];

/**
 * Finds contacts created since the last run that have no handoff decision and queues them as if
 * their creation webhook had arrived (HubSpot gives up on a delivery after 10 failed attempts; a
 * lost lead is the worst failure). The queue key is per contact, so a later run, a second process
 * or the real webhook arriving late never hands one off twice.
 */
export async function reconcileContacts(
  deps: { store: Store; crm: HubSpotCrm; log: Logger },
  portalId: number,
  now: number,
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  const stored = await deps.store.schedules.cursor(portalId, RECONCILE_CURSOR);
  const from = (stored ?? now - (options.initialLookbackMs ?? 60 * 60_000)) - (options.overlapMs ?? 60_000);
  const until = now - (options.indexLagMs ?? 2 * 60_000);
  const report: ReconcileReport = {
    found: 0,
    queued: 0,
    stagesQueued: 0,
    cursor: Math.max(stored ?? 0, until),
  };
  let since = from;
  for (;;) {
    const { ids, last, full } = await createdBetween(deps.crm, since, until);
    const created = ids.filter((contact) => contact.createdAt >= since);
    report.found += created.length;
    report.queued += await queueUndecided(deps.store, portalId, created, now);
    report.stagesQueued += await queueMissedSql(deps.store, portalId, ids, now);
    // Past HubSpot's 10,000-result window: search again from the last creation time seen.
    if (!full || last === undefined || last <= since) break;
    since = last;
  }
  await deps.store.schedules.setCursor(portalId, RECONCILE_CURSOR, report.cursor, now);
  if (report.stagesQueued > 0) {
    deps.log.warn({ portalId, queued: report.stagesQueued }, 'reconciliation queued missed SQL changes');
  }
  if (report.queued > 0) {
    deps.log.warn(
      { portalId, queued: report.queued },
      'reconciliation queued contacts whose webhooks never arrived',
    );
  }
  return report;
}

/**
 * Contacts created in the window, and in the same search (a second filter group, so no extra call)
 * contacts changed in it that HubSpot holds at `salesqualifiedlead` while Handoff's stage is still
 * MQL or SAL: a person's SQL whose webhook was lost (CONTRACT §5).
 */
async function createdBetween(
  crm: HubSpotCrm,
  since: number,
  until: number,
): Promise<{ ids: ContactSeen[]; last?: number; full: boolean }> {
  const results = await contactsCreatedOrMissedSql(
    crm,
    { since, until, openStages: OPEN_STAGES },
    { maxResults: WINDOW },
  );
  const ids = results.map((contact) => ({
    id: contact.id,
    createdAt: Date.parse(contact.properties.createdate ?? '') || since,
    changedAt: Date.parse(contact.properties.lastmodifieddate ?? '') || until,
    missedSql:
      contact.properties.lifecyclestage === 'salesqualifiedlead' &&
      OPEN_STAGES.includes(contact.properties.handoff_stage ?? ''),
  }));
  const created = ids.filter((contact) => contact.createdAt >= since && contact.createdAt <= until);
  return { ids, last: created.at(-1)?.createdAt, full: ids.length >= WINDOW };
}

interface ContactSeen {
  id: string;
  createdAt: number;
  changedAt: number;
  missedSql: boolean;
}

/** Queues a missed SQL as the property change it was, once per contact and round. */
async function queueMissedSql(
  store: Store,
  portalId: number,
  contacts: ContactSeen[],
  now: number,
): Promise<number> {
  const missed = contacts.filter((contact) => contact.missedSql);
  if (missed.length === 0) return 0;
  const decided = await store.decisions.latest(
    portalId,
    missed.map((contact) => contact.id),
  );
  const events: NewEvent[] = missed.flatMap((contact) => {
    const round = decided.get(contact.id)?.round;
    if (round === undefined) return [];
    return [
      {
        portalId,
        eventKey: `reconcile-sql:${portalId}:${contact.id}:${round}`,
        subscriptionType: 'object.propertyChange',
        objectTypeId: '0-1',
        objectId: Number(contact.id),
        // The change's own time is not in the search result; the last change is the closest bound.
        occurredAt: contact.changedAt,
        payload: {
          source: 'reconciliation',
          portalId,
          objectId: Number(contact.id),
          objectTypeId: '0-1',
          propertyName: 'lifecyclestage',
          propertyValue: 'salesqualifiedlead',
          changeSource: 'reconciliation',
        },
      },
    ];
  });
  return events.length > 0 ? (await store.events.insert(events, now)).inserted : 0;
}

async function queueUndecided(
  store: Store,
  portalId: number,
  contacts: ContactSeen[],
  now: number,
): Promise<number> {
  let queued = 0;
  for (let start = 0; start < contacts.length; start += 500) {
    const chunk = contacts.slice(start, start + 500);
    const ids = chunk.map((contact) => contact.id);
    const decided = await store.decisions.latest(portalId, ids);
    // A contact whose creation still waits in the queue is not lost, only not decided yet.
    const waiting = await store.events.contactsWaiting(portalId, ids);
    const missing: NewEvent[] = chunk
      .filter((contact) => !decided.has(contact.id) && !waiting.has(contact.id))
      .map((contact) => ({
        portalId,
        eventKey: `reconcile:${portalId}:${contact.id}`,
        subscriptionType: 'object.creation',
        objectTypeId: '0-1',
        objectId: Number(contact.id),
        occurredAt: contact.createdAt,
        payload: { source: 'reconciliation', portalId, objectId: Number(contact.id), objectTypeId: '0-1' },
      }));
    if (missing.length > 0) queued += (await store.events.insert(missing, now)).inserted;
  }
  return queued;
}
