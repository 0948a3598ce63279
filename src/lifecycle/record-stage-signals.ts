import { z } from 'zod';
import type { StageEvent } from '../handoff/lead-stages';
import type { Playbook } from '../handoff/playbook';
import { firstRefusal } from '../hubspot/batch-errors';
import type { HubSpotCrm } from '../hubspot/crm';
import type { Logger } from '../log';
import type { EventResult } from '../queue/event-handler';
import type { Store, StoredEvent } from '../store/store';
import { stageFieldsOf, type LeadStatusOptions } from '../write-back/lead-status-options';
import { planStageMoves, recordStageMoves, type StageMove } from './stage-moves';

/**
 * Stage signals in contact property changes (CONTRACT §5):
 * - `lifecyclestage` set to `salesqualifiedlead` by a person makes the lead an SQL. It arrives from
 *   the reconciliation sweep (which finds such contacts in its search) or from a portal that
 *   subscribes to the property; the default subscriptions leave it out, because Handoff writes
 *   lifecyclestage for every MQL and those echoes cost calls per lead (docs/decisions.md). Handoff's
 *   own SQL write comes back only after its SQL is recorded, so the machine finds nothing to move:
 *   echoes need no source check.
 * - `hs_last_sales_activity_timestamp` / `notes_last_contacted` move when a rep logs a call, email,
 *   meeting or note: the owner's first one is the SAL moment when nobody clicked accept. While the
 *   response clock runs, the SLA sweep finds it and the stage rides on the sweep's own update; this
 *   path covers activity after the clock closed (a breached lead worked late).
 */
export const LIFECYCLE_PROPERTY = 'lifecyclestage';
export const SALES_ACTIVITY_PROPERTIES = [
  'hs_last_sales_activity_timestamp',
  'notes_last_contacted',
] as const;
export const STAGE_SIGNAL_PROPERTIES: ReadonlySet<string> = new Set([
  LIFECYCLE_PROPERTY,
  ...SALES_ACTIVITY_PROPERTIES,
]);

const propertyChange = z
  .object({
    propertyName: z.string(),
    propertyValue: z.string().optional(),
    changeSource: z.string().optional(),
  })
  .passthrough();

export interface RecordStageSignalsDeps {
  store: Store;
  log: Logger;
  now: () => number;
  crm: (portalId: number) => Promise<HubSpotCrm>;
  playbookFor: (portalId: number) => Promise<Playbook>;
  leadStatusOptions?: LeadStatusOptions;
}

export function recordStageSignals(deps: RecordStageSignalsDeps) {
  return async (events: StoredEvent[], portalId: number): Promise<Map<number, EventResult>> => {
    const outcomes = new Map<number, EventResult>(events.map((event) => [event.id, { ok: true }]));
    const signals = new Map<string, StageEvent[]>();
    const lifecycle = new Map<string, string>();
    const decisions = await deps.store.decisions.latest(portalId, [
      ...new Set(events.map((event) => String(event.objectId))),
    ]);
    for (const event of events) {
      const contactId = String(event.objectId);
      const signal = stageSignal(event, decisions.get(contactId)?.slaStatus ?? null);
      if (!signal) continue;
      signals.set(contactId, [...(signals.get(contactId) ?? []), signal]);
      if (signal.cause === 'lifecycle_stage') lifecycle.set(contactId, 'salesqualifiedlead');
    }
    if (signals.size === 0) return outcomes;
    try {
      const crm = await deps.crm(portalId);
      const stageFields = stageFieldsOf(
        await deps.playbookFor(portalId),
        deps.leadStatusOptions,
        portalId,
        crm,
      );
      // What the event says the contact holds: its lifecycle stage is not written back over itself.
      const current = (contactId: string) =>
        lifecycle.has(contactId) ? { lifecyclestage: lifecycle.get(contactId) } : {};
      const moves = await planStageMoves({ store: deps.store, stageFields }, portalId, signals, current);
      await writeStageMoves(crm, moves);
      const commit = (tx: Store) => recordStageMoves(tx, portalId, moves, deps.now());
      // One event carries the commit; the batch completes together with it.
      const carrier = events.find((event) => signals.has(String(event.objectId)));
      if (carrier && moves.length > 0) outcomes.set(carrier.id, { ok: true, commit });
      for (const move of moves) {
        deps.log.info(
          { portalId, objectId: move.contactId, stage: move.properties.handoff_stage },
          'stage moved',
        );
      }
    } catch (error) {
      // The queue asks src/hubspot what kind of failure it is (wait, retry, dead-letter, pause).
      for (const event of events) {
        if (signals.has(String(event.objectId))) outcomes.set(event.id, { ok: false, cause: error });
      }
    }
    return outcomes;
  };
}

/** The stage event a property change means, or null. */
export function stageSignal(event: StoredEvent, slaStatus: string | null): StageEvent | null {
  const change = propertyChange.safeParse(event.payload);
  if (!change.success) return null;
  const { propertyName, propertyValue, changeSource } = change.data;
  if (propertyName === LIFECYCLE_PROPERTY) {
    return propertyValue === 'salesqualifiedlead'
      ? {
          trigger: 'qualified',
          at: event.occurredAt,
          cause: 'lifecycle_stage',
          detail: `lifecyclestage set in HubSpot${changeSource ? ` (${changeSource})` : ''}`,
        }
      : null;
  }
  if (!(SALES_ACTIVITY_PROPERTIES as readonly string[]).includes(propertyName)) return null;
  // A running response clock is the sweep's: it writes the first action and the stage together.
  if (slaStatus === 'pending' || !propertyValue) return null;
  return {
    trigger: 'accepted',
    at: activityTime(propertyValue) ?? event.occurredAt,
    cause: 'sales_activity',
    detail: propertyName,
  };
}

/** HubSpot sends datetime values as epoch milliseconds (or ISO text from some sources). */
function activityTime(value: string): number | null {
  const at = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(at) ? at : null;
}

/** One batch update of the contacts whose stage moved. */
export async function writeStageMoves(crm: HubSpotCrm, moves: StageMove[]): Promise<void> {
  const updates = moves.filter((move) => Object.keys(move.properties).length > 0);
  if (updates.length === 0) return;
  const result = await crm.batchUpdate(
    'contacts',
    updates.map((move) => ({ id: move.contactId, properties: move.properties })),
  );
  const refused = firstRefusal(result);
  if (refused !== undefined) throw new Error(`HubSpot refused a stage update: ${refused}`);
}
