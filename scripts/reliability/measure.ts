import type { CallRecord } from '../../simulator/http/call-log';
import type { Portal } from '../../simulator/portal';
import type { Store } from '../../src/store/store';

/** What happened to a set of leads, read from HubSpot's side and from the app's stored decisions. */
export interface LeadFigures {
  leads: number;
  /** Leads HubSpot holds a Handoff status for. */
  handled: number;
  lost: number;
  /** Stored decisions of these leads. */
  decisions: number;
  /** Leads with two decisions in one round, or two different decisions written to HubSpot. */
  decidedTwice: number;
  /** Contact updates carrying Handoff's decision properties. */
  writes: number;
  /** Updates repeating, value for value, an earlier update of the same contact. */
  identicalRewrites: number;
  /** Handoff's follow-up tasks on these leads. */
  tasks: number;
  leadsWithTasks: number;
  /** Leads with more than one follow-up task. */
  tasksTwice: number;
}

/** Task subjects Handoff writes for a decision (escalations start `Handoff (escalated)`). */
const DECISION_TASK = /^Handoff \((high|medium|low)\):/;

export async function leadFigures(
  portal: Portal,
  store: Store,
  contactIds: readonly string[],
): Promise<LeadFigures> {
  const leads = new Set(contactIds);
  const handled = contactIds.filter((id) => portal.get('contacts', id)?.properties.handoff_status).length;

  const decisionsPerRound = new Map<string, number>();
  let decisions = 0;
  for (const decision of await store.listDecisions({ portalId: portal.id, limit: 1_000_000 })) {
    if (!leads.has(decision.contactId)) continue;
    decisions += 1;
    const key = `${decision.contactId}:${decision.round}`;
    decisionsPerRound.set(key, (decisionsPerRound.get(key) ?? 0) + 1);
  }
  const twiceInStore = new Set(
    [...decisionsPerRound].filter(([, count]) => count > 1).map(([key]) => key.split(':')[0]),
  );

  const seenWrites = new Map<string, Set<string>>();
  const decisionsWritten = new Map<string, Set<string>>();
  let writes = 0;
  let identicalRewrites = 0;
  for (const write of portal.writes) {
    if (write.type !== 'contacts' || !leads.has(write.id) || !('handoff_status' in write.properties))
      continue;
    writes += 1;
    const body = JSON.stringify(Object.entries(write.properties).sort());
    const earlier = seenWrites.get(write.id) ?? new Set<string>();
    if (earlier.has(body)) identicalRewrites += 1;
    earlier.add(body);
    seenWrites.set(write.id, earlier);
    // A decision is its status and the moment it was routed: a second decision differs in both.
    const decision = `${write.properties.handoff_status}@${write.properties.handoff_routed_at ?? ''}`;
    decisionsWritten.set(write.id, (decisionsWritten.get(write.id) ?? new Set()).add(decision));
  }
  const twiceInHubSpot = [...decisionsWritten].filter(([, made]) => made.size > 1).map(([id]) => id);

  let tasks = 0;
  let leadsWithTasks = 0;
  let tasksTwice = 0;
  for (const id of contactIds) {
    const own = portal.associations
      .list('contacts', id, 'tasks')
      .map(({ toId }) => portal.get('tasks', toId))
      .filter((task) => DECISION_TASK.test(task?.properties.hs_task_subject ?? ''));
    tasks += own.length;
    if (own.length > 0) leadsWithTasks += 1;
    if (own.length > 1) tasksTwice += 1;
  }
  return {
    leads: contactIds.length,
    handled,
    lost: contactIds.length - handled,
    decisions,
    decidedTwice: new Set([...twiceInStore, ...twiceInHubSpot]).size,
    writes,
    identicalRewrites,
    tasks,
    leadsWithTasks,
    tasksTwice,
  };
}

/** Events the app dead-lettered, and those still waiting. */
export async function queueFigures(store: Store): Promise<{ dead: number; waiting: number; done: number }> {
  const stats = await store.queueStats(Date.now());
  return { dead: stats.byStatus.dead, waiting: stats.depth, done: stats.byStatus.done };
}

/** The most calls a portal made to HubSpot within any `windowMs` (HubSpot's limit: 110 per 10 s). */
export function busiestWindow(calls: readonly CallRecord[], portalId: number, windowMs = 10_000): number {
  const times = calls
    .filter((call) => call.portalId === portalId)
    .map((call) => call.at)
    .sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < times.length; last += 1) {
    while ((times[last] as number) - (times[first] as number) >= windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** Handoff tasks per lead that has one, as text ("1.00"), or "-" when none has one. */
export function perLead(figures: LeadFigures): string {
  return figures.leadsWithTasks === 0 ? '-' : (figures.tasks / figures.leadsWithTasks).toFixed(2);
}
