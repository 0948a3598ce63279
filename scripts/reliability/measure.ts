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
  /** Updates repeating, value for value, an earlier update of the same contact (any cause). */
  identicalRewrites: number;
  /**
   * Identical rewrites after a task failure: the earlier identical write was applied and answered
   * (the simulator's faults answer without applying) and no app process was killed in between.
   * A rewrite after a killed call or an ambiguous answer on the contact's own update is at-least-once
   * delivery of the same values; one after the LATER step (the task) failed means a retry redid work
   * that had succeeded.
   */
  rewritesAfterTaskFailure: number;
  /** Handoff's follow-up tasks on these leads. */
  tasks: number;
  leadsWithTasks: number;
  /** Leads with more than one follow-up task. */
  tasksTwice: number;
}

/**
 * The marker Handoff puts on the last line of each task's body (src/hubspot/marked-tasks.ts):
 * portal, contact, decision round and purpose. Counting per marker counts one task per decision
 * however its subject reads; escalations (`-escalation…` purposes) are not the decision's task.
 */
const TASK_MARKER = /\[handoff (\d+)-(\d+)-r(\d+)-([\w-]+)\]/;
const DECISION_PURPOSE = 'handoff';

export async function leadFigures(
  portal: Portal,
  store: Store,
  contactIds: readonly string[],
  /** When app processes were killed, on the simulated portal's clock. */
  kills: readonly number[] = [],
): Promise<LeadFigures> {
  const leads = new Set(contactIds);
  const handled = contactIds.filter((id) => portal.get('contacts', id)?.properties.handoff_status).length;

  const decisionsPerRound = new Map<string, number>();
  let decisions = 0;
  for (const decision of await store.decisions.list({ portalId: portal.id, limit: 1_000_000 })) {
    if (!leads.has(decision.contactId)) continue;
    decisions += 1;
    const key = `${decision.contactId}:${decision.round}`;
    decisionsPerRound.set(key, (decisionsPerRound.get(key) ?? 0) + 1);
  }
  const twiceInStore = new Set(
    [...decisionsPerRound].filter(([, count]) => count > 1).map(([key]) => key.split(':')[0]),
  );

  const seenWrites = new Map<string, Map<string, number>>();
  const decisionsWritten = new Map<string, Set<string>>();
  let writes = 0;
  let identicalRewrites = 0;
  let rewritesAfterTaskFailure = 0;
  for (const write of portal.writes) {
    if (write.type !== 'contacts' || !leads.has(write.id) || !('handoff_status' in write.properties))
      continue;
    writes += 1;
    const body = JSON.stringify(Object.entries(write.properties).sort());
    const earlier = seenWrites.get(write.id) ?? new Map<string, number>();
    const before = earlier.get(body);
    if (before !== undefined) {
      identicalRewrites += 1;
      if (!kills.some((at) => at >= before && at <= write.at)) rewritesAfterTaskFailure += 1;
    }
    earlier.set(body, write.at);
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
    const perMarker = new Map<string, number>();
    for (const { toId } of portal.associations.list('contacts', id, 'tasks')) {
      const marker = TASK_MARKER.exec(portal.get('tasks', toId)?.properties.hs_task_body ?? '');
      if (!marker || marker[2] !== id || marker[4] !== DECISION_PURPOSE) continue;
      perMarker.set(marker[0], (perMarker.get(marker[0]) ?? 0) + 1);
    }
    const own = [...perMarker.values()].reduce((sum, count) => sum + count, 0);
    tasks += own;
    if (own > 0) leadsWithTasks += 1;
    // Two tasks under one marker: the same task created twice. (A later round has its own marker.)
    if ([...perMarker.values()].some((count) => count > 1)) tasksTwice += 1;
  }
  return {
    leads: contactIds.length,
    handled,
    lost: contactIds.length - handled,
    decisions,
    decidedTwice: new Set([...twiceInStore, ...twiceInHubSpot]).size,
    writes,
    identicalRewrites,
    rewritesAfterTaskFailure,
    tasks,
    leadsWithTasks,
    tasksTwice,
  };
}

export interface QueueFigures {
  /** Webhook events and jobs dead-lettered. */
  dead: number;
  deadEvents: number;
  deadJobs: number;
  /** Events and jobs still to run (queued or being run). */
  waiting: number;
  done: number;
}

/**
 * The inbox (webhook events) and the jobs table (Handoff's own work: contact writes, tasks, clock
 * actions) together: a lead is only finished when both are.
 */
export async function queueFigures(store: Store): Promise<QueueFigures> {
  const [stats, jobs] = await Promise.all([store.events.stats(Date.now()), store.jobs.counts()]);
  return {
    dead: stats.byStatus.dead + jobs.dead,
    deadEvents: stats.byStatus.dead,
    deadJobs: jobs.dead,
    waiting: stats.depth + jobs.queued + jobs.processing,
    done: stats.byStatus.done + jobs.done,
  };
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
