import { firstActionSince, nextSlaCheckAt, planSlaActions, type SlaAction } from '../handoff';
import { timeOf } from '../handoff/hubspot-records';
import type { HubSpotCrm } from '../hubspot/crm';
import type { Logger } from '../log';
import type { SlaCheck, SlaMark } from '../store/schedules';
import type { NewJob, Store, StoredDecision } from '../store/store';
import { APPLY_SLA_ACTION, type SlaActionPayload } from '../jobs/job-names';
import { playbookOf, type PlaybookSource } from '../playbooks/playbook-source';
import { routedPool } from '../decisions/routed-pool';

/** Contact properties that show a first sales action (logged calls, emails, meetings, the card). */
const ACTIVITY_PROPERTIES = [
  'hs_last_sales_activity_timestamp',
  'notes_last_contacted',
  'handoff_first_action_at',
];

export interface SweepDeps extends PlaybookSource {
  store: Store;
  log: Logger;
  crm: (portalId: number) => Promise<HubSpotCrm>;
}

export interface SweepReport {
  checked: number;
  firstActions: number;
  reminders: number;
  breaches: number;
  escalations: number;
}

/**
 * The every-minute SLA sweep: for each open response clock due a look (its reminder, due or
 * escalation time has come, or it is new), reads the contact's activity from HubSpot (one batch
 * read per 100 contacts) and records what is due: a first action, a reminder,
 * a breach, an escalation. Each is marked once in the store (set-once columns), and the HubSpot
 * side is queued in the same transaction, so two schedulers, or a sweep repeated after a crash,
 * never act on the same breach twice.
 */
export async function sweepSla(deps: SweepDeps, now: number): Promise<SweepReport> {
  const report: SweepReport = { checked: 0, firstActions: 0, reminders: 0, breaches: 0, escalations: 0 };
  const open = await deps.store.decisions.pendingSla({ limit: 5_000, checkBy: now });
  const byPortal = new Map<number, StoredDecision[]>();
  for (const decision of open)
    byPortal.set(decision.portalId, [...(byPortal.get(decision.portalId) ?? []), decision]);
  for (const [portalId, decisions] of byPortal) {
    try {
      await sweepPortal(deps, portalId, decisions, now, report);
    } catch (error) {
      deps.log.warn({ portalId, err: (error as Error).message }, 'SLA sweep skipped a portal this minute');
    }
  }
  return report;
}

async function sweepPortal(
  deps: SweepDeps,
  portalId: number,
  decisions: StoredDecision[],
  now: number,
  report: SweepReport,
): Promise<void> {
  const crm = await deps.crm(portalId);
  const playbook = await playbookOf(deps, portalId);
  const read = await crm.batchRead(
    'contacts',
    decisions.map((decision) => decision.contactId),
    ACTIVITY_PROPERTIES,
  );
  const activity = new Map(read.results.map((contact) => [contact.id, contact.properties]));
  const checks: SlaCheck[] = [];
  for (const decision of decisions) {
    if (decision.slaDueAt === null || decision.ownerId === null || decision.priority === null) continue;
    report.checked += 1;
    const properties = activity.get(decision.contactId) ?? {};
    const firstAction = firstActionSince(
      decision.decidedAt,
      ACTIVITY_PROPERTIES.map((name) => timeOf(properties[name])),
    );
    const clock = {
      routedAt: decision.decidedAt,
      dueAt: decision.slaDueAt,
      priority: decision.priority,
      ownerId: decision.ownerId,
      poolId: routedPool(decision.record),
      remindedAt: decision.remindedAt,
      breachedAt: decision.breachedAt,
      escalatedAt: decision.escalatedAt,
    };
    for (const action of planSlaActions(clock, firstAction, now, playbook)) {
      if (await recordAction(deps.store, decision, action, now)) count(report, action);
    }
    checks.push({
      id: decision.id,
      slaDueAt: decision.slaDueAt,
      checkAt: nextSlaCheckAt(clock, now, playbook),
    });
  }
  await deps.store.decisions.setSlaChecks(checks);
}

async function recordAction(
  store: Store,
  decision: StoredDecision,
  action: SlaAction,
  now: number,
): Promise<boolean> {
  const mark: SlaMark =
    action.kind === 'first_action'
      ? { firstActionAt: action.at, slaStatus: action.status }
      : action.kind === 'remind'
        ? { remindedAt: action.at }
        : action.kind === 'breach'
          ? { breachedAt: action.at, slaStatus: 'breached' }
          : { escalatedAt: action.at };
  return store.transaction(async (tx) => {
    if (!(await tx.decisions.markSla(decision.id, mark))) return false;
    // The owner's task carries HubSpot's own reminder; a reminder needs no call of ours.
    if (action.kind !== 'remind') await tx.jobs.enqueue(slaJob(decision, action), now);
    return true;
  });
}

/** The HubSpot side of a clock event, a job keyed by decision and kind: queued once, done once. */
export function slaJob(decision: StoredDecision, action: Exclude<SlaAction, { kind: 'remind' }>): NewJob {
  const payload: SlaActionPayload = { decisionId: decision.id, ...action };
  return {
    name: APPLY_SLA_ACTION,
    portalId: decision.portalId,
    key: `${APPLY_SLA_ACTION}:${decision.portalId}:${decision.id}:${action.kind}`,
    payload,
  };
}

function count(report: SweepReport, action: SlaAction): void {
  if (action.kind === 'first_action') report.firstActions += 1;
  else if (action.kind === 'remind') report.reminders += 1;
  else if (action.kind === 'breach') report.breaches += 1;
  else report.escalations += 1;
}
