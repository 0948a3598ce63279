import { businessHoursFor, noResponseVerdict, stageStateOf, type Playbook } from '../handoff';
import type { HubSpotCrm } from '../hubspot/crm';
import { readSalesActivities } from '../hubspot/sales-activities';
import type { Logger } from '../log';
import type { NoResponseCheck, Store, StoredDecision } from '../store/store';
import { stageFieldsOf, type LeadStatusOptions } from '../write-back/lead-status-options';
import { playbookOf, type PlaybookSource } from '../playbooks/playbook-source';
import {
  NO_RESPONSE_INPUT_PROPERTIES,
  recordNoResponse,
  type DetectedNoResponse,
} from './record-no-response';
import { routedPool } from '../decisions/routed-pool';

const DAY_MS = 24 * 3_600_000;
/** A round that can no longer be "no response" (an answer, a later stage): never looked at again. */
const NEVER = 8.64e15;
/** First look a day after the handover: no sensible policy is met sooner, and new leads cost nothing. */
const FIRST_LOOK_MS = DAY_MS;
/** Rounds looked at per sweep; the rest are due still and come in the next minute's sweep. */
const SWEEP_LIMIT = 500;
/** Stages still waiting on the owner: accepted or not, not yet qualified. */
const OPEN_STAGES = new Set(['mql', 'sal']);

export interface NoResponseSweepDeps extends PlaybookSource {
  store: Store;
  log: Logger;
  crm: (portalId: number) => Promise<HubSpotCrm>;
  leadStatusOptions?: LeadStatusOptions;
}

export interface NoResponseReport {
  checked: number;
  detected: number;
  contactMade: number;
  waiting: number;
}

/**
 * The no-response sweep (issue 11): reads only the rounds whose check is due, their contacts' calls,
 * emails and meetings from HubSpot (in batches), and asks the playbook's policy. A round that is
 * not due yet is given its next check time; a no response is recorded store first (see
 * `recordNoResponse`), so two schedulers, or a sweep repeated after a crash, record it once.
 */
export async function sweepNoResponse(deps: NoResponseSweepDeps, now: number): Promise<NoResponseReport> {
  const report: NoResponseReport = { checked: 0, detected: 0, contactMade: 0, waiting: 0 };
  const due = await deps.store.noResponse.due({
    now,
    handedBefore: now - FIRST_LOOK_MS,
    limit: SWEEP_LIMIT,
  });
  const byPortal = new Map<number, StoredDecision[]>();
  for (const decision of due)
    byPortal.set(decision.portalId, [...(byPortal.get(decision.portalId) ?? []), decision]);
  for (const [portalId, decisions] of byPortal) {
    try {
      await sweepPortal(deps, portalId, decisions, now, report);
    } catch (error) {
      deps.log.warn(
        { portalId, err: (error as Error).message },
        'no-response sweep skipped a portal this time',
      );
    }
  }
  return report;
}

async function sweepPortal(
  deps: NoResponseSweepDeps,
  portalId: number,
  due: StoredDecision[],
  now: number,
  report: NoResponseReport,
): Promise<void> {
  const playbook = await playbookOf(deps, portalId);
  const checks: NoResponseCheck[] = [];
  const later = (decision: StoredDecision, at: number) =>
    checks.push({ portalId, decisionId: decision.id, nextCheckAt: at });
  if (!playbook.noResponse.enabled) {
    for (const decision of due) later(decision, now + DAY_MS);
    await deps.store.noResponse.schedule(checks, now);
    return;
  }
  const open = await stillOpen(deps.store, portalId, due);
  for (const decision of due.filter((item) => !open.has(item.id))) later(decision, NEVER);
  const rounds = due.filter((item) => open.has(item.id));
  const crm = await deps.crm(portalId);
  const activities =
    rounds.length > 0
      ? await readSalesActivities(
          crm,
          rounds.map((d) => d.contactId),
        )
      : new Map();
  const detected: Array<Omit<DetectedNoResponse, 'current'>> = [];
  for (const decision of rounds) {
    report.checked += 1;
    const verdict = noResponseVerdict({
      since: open.get(decision.id) as number,
      activities: activities.get(decision.contactId) ?? [],
      now,
      policy: playbook.noResponse,
      hours: hoursOf(playbook, decision),
    });
    if (verdict.kind === 'wait') {
      report.waiting += 1;
      later(decision, verdict.checkAt);
    } else if (verdict.kind === 'contact_made') {
      report.contactMade += 1;
      later(decision, NEVER);
    } else {
      detected.push({ decision, at: verdict.at, summary: verdict.summary });
    }
  }
  await deps.store.noResponse.schedule(checks, now);
  if (detected.length === 0) return;
  const read = await crm.batchRead(
    'contacts',
    detected.map((item) => item.decision.contactId),
    NO_RESPONSE_INPUT_PROPERTIES,
  );
  const contacts = new Map(read.results.map((contact) => [contact.id, contact.properties]));
  const stageFields = await stageFieldsOf(playbook, deps.leadStatusOptions, portalId, crm)();
  for (const item of detected) {
    const current = contacts.get(item.decision.contactId);
    // Deleted or merged away in HubSpot: nothing to tell marketing; look again tomorrow.
    if (!current) {
      await deps.store.noResponse.schedule(
        [{ portalId, decisionId: item.decision.id, nextCheckAt: now + DAY_MS }],
        now,
      );
      continue;
    }
    if (await recordNoResponse(deps.store, { ...item, current }, stageFields, now)) {
      report.detected += 1;
      deps.log.info(
        { portalId, objectId: item.decision.contactId, round: item.decision.round, summary: item.summary },
        'no response: lead recycled to marketing',
      );
    }
  }
}

/**
 * The due rounds that are still their contact's latest and still at `mql` or `sal`, each with the
 * time it was handed to sales (its `mql` entry, else the decision's time).
 */
async function stillOpen(
  store: Store,
  portalId: number,
  due: StoredDecision[],
): Promise<Map<number, number>> {
  const contactIds = due.map((decision) => decision.contactId);
  const [latest, transitions] = await Promise.all([
    store.decisions.latest(portalId, contactIds),
    store.stages.list({ portalId, contactIds }),
  ]);
  const open = new Map<number, number>();
  for (const decision of due) {
    if (latest.get(decision.contactId)?.id !== decision.id) continue;
    const rows = transitions.filter(
      (row) => row.contactId === decision.contactId && row.round === decision.round,
    );
    const state = stageStateOf(rows);
    if (state.stage !== null && !OPEN_STAGES.has(state.stage)) continue;
    const mql = rows.find((row) => row.stage === 'mql');
    open.set(decision.id, mql?.enteredAt ?? decision.decidedAt);
  }
  return open;
}

function hoursOf(playbook: Playbook, decision: StoredDecision) {
  return businessHoursFor(playbook, {
    poolId: routedPool(decision.record),
    ownerId: decision.ownerId ?? undefined,
  });
}
