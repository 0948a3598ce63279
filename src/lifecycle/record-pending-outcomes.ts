import { OUTCOME_INPUT_PROPERTIES, recordOutcome, type OutcomeToRecord } from './record-outcome';
import { DEFAULT_PLAYBOOK } from '../handoff/default-playbook';
import type { Playbook } from '../handoff/playbook';
import type { HubSpotCrm } from '../hubspot/crm';
import type { Logger } from '../log';
import type { EventResult } from '../queue/event-handler';
import type { Store, StoredDecision, StoredEvent } from '../store/store';
import { LeadStatusOptions, stageFieldsOf } from '../write-back/lead-status-options';

/**
 * How an outcome found in webhook events (outcomes-set-in-hubspot.ts) is recorded: checked
 * against what Handoff knows (a decided contact, no card action mid-write, not an echo of its own
 * write), read from HubSpot in one batch and recorded as a card action would be.
 */

/** A card action still being written: its own webhook waits until it is recorded. */
const PENDING_RETRY_MS = 5_000;

export interface RecordOutcomesDeps {
  store: Store;
  log: Logger;
  now: () => number;
  crm: (portalId: number) => Promise<HubSpotCrm>;
  /** The portal's playbook (stage settings); the built-in one when not given. */
  playbookFor?: (portalId: number) => Promise<Playbook>;
  leadStatusOptions?: LeadStatusOptions;
}

export type LastOutcome = { outcome: string; reasonId: string | null; source?: string } | undefined;

/** One contact's outcome events, with how to tell an echo and how to build the outcome. */
export interface PendingOutcome {
  contactId: string;
  events: StoredEvent[];
  /** True when the events only report values Handoff itself wrote: no need to read HubSpot. */
  echoes?: (last: LastOutcome, decision: StoredDecision | undefined) => boolean;
  build: (
    current: Readonly<Record<string, string | null>>,
  ) => Omit<OutcomeToRecord, 'portalId' | 'contactId'> | null;
}

export async function recordPendingOutcomes(
  deps: RecordOutcomesDeps,
  portalId: number,
  pending: PendingOutcome[],
  outcomes: Map<number, EventResult>,
): Promise<Map<number, EventResult>> {
  const settle = (item: PendingOutcome, outcome: EventResult) => {
    for (const event of item.events) outcomes.set(event.id, outcome);
  };
  if (pending.length === 0) return outcomes;
  const decisions = await deps.store.decisions.latest(
    portalId,
    pending.map((item) => item.contactId),
  );
  const lastOutcomes = new Map<string, LastOutcome>();
  const followed: PendingOutcome[] = [];
  for (const item of pending) {
    const decision = decisions.get(item.contactId);
    if (!decision) {
      settle(item, { ok: true });
      continue;
    }
    const [last] = await deps.store.outcomes.list({
      portalId,
      contactId: item.contactId,
      limit: 1,
      includePending: true,
    });
    if (last?.state === 'pending') {
      settle(item, {
        ok: false,
        error: 'a card action on this contact is being written',
        retryable: true,
        retryAfterMs: PENDING_RETRY_MS,
      });
      continue;
    }
    if (item.echoes?.(last, decision)) {
      settle(item, { ok: true });
      continue;
    }
    lastOutcomes.set(item.contactId, last);
    followed.push(item);
  }
  if (followed.length === 0) return outcomes;

  let crm: HubSpotCrm;
  let contacts: Map<string, Record<string, string | null>>;
  try {
    crm = await deps.crm(portalId);
    const read = await crm.batchRead(
      'contacts',
      followed.map((item) => item.contactId),
      OUTCOME_INPUT_PROPERTIES,
    );
    contacts = new Map(read.results.map((contact) => [contact.id, contact.properties]));
  } catch (error) {
    for (const item of followed) settle(item, { ok: false, cause: error });
    return outcomes;
  }

  for (const item of followed) {
    const current = contacts.get(item.contactId);
    const change = current ? item.build(current) : null;
    // Deleted or merged away, or the outcome was cleared: nothing to record.
    if (!current || !change) {
      settle(item, { ok: true });
      continue;
    }
    try {
      const last = lastOutcomes.get(item.contactId);
      // A deal is news even when a rep already marked the outcome: it is the opportunity stage.
      if (change.source !== 'deal_association' && isEcho(change, last, decisions.get(item.contactId))) {
        settle(item, { ok: true });
        continue;
      }
      const playbook = deps.playbookFor ? await deps.playbookFor(portalId) : DEFAULT_PLAYBOOK;
      const recorded = await recordOutcome(
        {
          store: deps.store,
          crm,
          now: deps.now,
          stageFields: stageFieldsOf(playbook, deps.leadStatusOptions, portalId, crm),
        },
        { portalId, contactId: item.contactId, ...change },
        current,
      );
      deps.log.info(
        {
          portalId,
          contactId: item.contactId,
          outcome: recorded.outcome,
          source: change.source,
          actor: change.actor,
        },
        'outcome recorded from HubSpot',
      );
      settle(item, { ok: true });
    } catch (error) {
      settle(item, { ok: false, cause: error });
    }
  }
  return outcomes;
}

/** The outcome is what Handoff itself last recorded, or what its decision wrote back. */
function isEcho(
  change: { outcome: string; reasonId: string | null },
  last: { outcome: string; reasonId: string | null } | undefined,
  decision: StoredDecision | undefined,
): boolean {
  const same = (outcome: string | undefined, reasonId: string | null | undefined) =>
    outcome === change.outcome &&
    (change.outcome !== 'disqualified' || (reasonId || null) === change.reasonId);
  if (last) return same(last.outcome, last.reasonId);
  return same(decision?.properties.handoff_outcome, decision?.properties.handoff_disqualification_reason);
}
