import { seededRandom } from '../../simulator/random';
import type { NewLead } from '../../simulator/seed/new-leads';
import type { Simulator } from '../../simulator/start-simulator';
import type { RunningHandoff } from '../../src/server';
import type { StreamedLead } from './demo-summary';
import { applyLateSignal, planLateSignal, type LateSignal } from './late-signals';
import { performRepStep, type RepDesk } from './rep-actions';
import { planRepFeedback, planRepWork, ratesOf, type RepStep } from './rep-plans';
import { opportunityChanceOfRecord } from './true-effects';
import { DAY_MS, HOUR_MS, type SimulatedClock } from './simulated-clock';

export interface MonthOptions {
  clock: SimulatedClock;
  sim: Simulator;
  app: RunningHandoff;
  portalId: number;
  leads: readonly NewLead[];
  /** Midnight UTC of the first simulated day. */
  start: number;
  days: number;
  /** Leads created per second of wall time while a wave streams. */
  perSecond: number;
  desk: Omit<RepDesk, 'portal' | 'now' | 'random'>;
  /** Disqualification reasons reps pick from (the playbook's). */
  reasons: readonly string[];
  seed: number;
  timeoutMs: number;
  onProgress?: (state: { sent: number; decided: number; written: number }) => void;
}

export interface MonthResult {
  streamed: StreamedLead[];
  /** Wall seconds spent creating contacts. */
  streamSeconds: number;
  /** Every lead decided and written. */
  complete: boolean;
  /** Rep steps done, by kind (`card:accept`, `activity:calls`, `deal` …; `signal:score` for new evidence). */
  repSteps: Record<string, number>;
}

/** New leads arrive once a day (10:00 UTC, a morning's form fills); reps work 08:00–18:00. */
const WAVE_HOURS = [10];
/** Rep steps due within this slot run together (the card calls in parallel), stamped at its start. */
const SLOT_MS = 30 * 60_000;
const DAY_END_HOUR = 18;
const HANDED_TO_SALES = new Set(['sales_ready', 'needs_qualification', 'duplicate_or_existing']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A month of simulated days against the running app: each day's new contacts are created in
 * HubSpot (the simulator) in waves, the app decides and writes them, and each routed lead's owner
 * then works it on the plan drawn for it (card buttons, logged calls/emails/meetings, deals, no
 * response), at the plan's simulated times. At the end of each day the SLA sweep runs, as its
 * every-minute schedule would have: it is what turns a first logged activity into SAL.
 */
export async function liveMonth(options: MonthOptions): Promise<MonthResult> {
  const { clock, sim, app, portalId } = options;
  const portal = sim.portal(portalId);
  const random = seededRandom(options.seed * 7 + 1);
  // Ratings and next steps draw from their own stream: the month's other steps stay as seeded.
  const feedbackRandom = seededRandom(options.seed * 11 + 3);
  const desk: RepDesk = { ...options.desk, portal, now: clock.now, random };
  const streamed: StreamedLead[] = [];
  const planned = new Set<string>();
  const repSteps: Record<string, number> = {};
  let pending: Array<RepStep | LateSignal> = [];
  let streamSeconds = 0;
  let complete = true;
  const deadline = Date.now() + options.timeoutMs;

  const workUntil = async (until: number) => {
    const due = pending.filter((step) => step.at <= until).sort((a, b) => a.at - b.at);
    pending = pending.filter((step) => step.at > until);
    while (due.length > 0) {
      const slotEnd = (due[0] as RepStep).at + SLOT_MS;
      const next = due.findIndex((step) => step.at >= slotEnd);
      const slot = due.splice(0, next < 0 ? due.length : next);
      clock.jumpTo((slot[0] as RepStep).at);
      // One contact's steps stay in order; different contacts' steps run side by side.
      const byContact = new Map<string, Array<RepStep | LateSignal>>();
      for (const step of slot)
        byContact.set(step.contactId, [...(byContact.get(step.contactId) ?? []), step]);
      await Promise.all(
        [...byContact.values()].map(async (steps) => {
          for (const step of steps) {
            if (step.kind === 'signal') {
              if (applyLateSignal(portal, step, random))
                repSteps[`signal:${step.signal}`] = (repSteps[`signal:${step.signal}`] ?? 0) + 1;
              continue;
            }
            if (!(await performRepStep(desk, step))) continue;
            const kind =
              step.kind === 'card' ? `card:${step.action}` : step.kind === 'activity' ? step.type : step.kind;
            repSteps[kind] = (repSteps[kind] ?? 0) + 1;
          }
        }),
      );
    }
  };

  const waves = options.days * WAVE_HOURS.length;
  for (let wave = 0; wave < waves; wave += 1) {
    const day = Math.floor(wave / WAVE_HOURS.length);
    const at = options.start + day * DAY_MS + (WAVE_HOURS[wave % WAVE_HOURS.length] as number) * HOUR_MS;
    await workUntil(at);
    clock.jumpTo(at);
    const batch = options.leads.slice(
      Math.floor((wave * options.leads.length) / waves),
      Math.floor(((wave + 1) * options.leads.length) / waves),
    );
    const streamStart = Date.now();
    for (const [index, lead] of batch.entries()) {
      // A form fill creates the contact; HubSpot then sends the app the creation webhook.
      const contact = portal.create('contacts', lead.properties, { changeSource: 'FORM' });
      streamed.push({ lead, contactId: contact.id });
      const due = streamStart + ((index + 1) * 1000) / options.perSecond;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    streamSeconds += (Date.now() - streamStart) / 1000;
    complete = (await waitUntilWritten(options, streamed, deadline)) && complete;
    pending.push(...(await planNewLeads(options, streamed, planned, random, feedbackRandom)));
    if (wave % WAVE_HOURS.length === WAVE_HOURS.length - 1) {
      const evening = options.start + day * DAY_MS + DAY_END_HOUR * HOUR_MS;
      await workUntil(evening);
      clock.jumpTo(evening);
      await settle(options);
      await app.runJob('sla-sweep');
      // As the 15-minute schedule would: rounds whose owner tried and never heard back go back to marketing.
      await app.runJob('no-response-sweep');
    }
  }
  await settle(options);
  return { streamed, streamSeconds, complete, repSteps };
}

/** Waits until every streamed lead is decided and written (false when the deadline passes first). */
async function waitUntilWritten(
  options: MonthOptions,
  streamed: readonly StreamedLead[],
  deadline: number,
): Promise<boolean> {
  for (;;) {
    const decisions = await options.app.store.decisions.latest(
      options.portalId,
      streamed.map((item) => item.contactId),
    );
    const written = [...decisions.values()].filter((decision) => decision.writtenAt !== null).length;
    options.onProgress?.({ sent: streamed.length, decided: decisions.size, written });
    // Handled: every decision written, and the jobs that follow it (tasks, leads) run, not waiting.
    const jobs = await options.app.store.jobs.counts();
    if (written === streamed.length && jobs.queued + jobs.processing === 0) return true;
    if (Date.now() > deadline) return false;
    // Each hop of a lead (decide, write back, tasks) is queued work the workers find at their next
    // poll; a simulated day has no seconds to spare, so the demo wakes them instead of waiting.
    options.app.worker.notify();
    options.app.jobWorker.notify();
    options.app.writeBackLane.notify();
    // Work only waiting on a retry's back-off (nothing in progress) lets simulated time run ahead.
    const { byStatus } = await options.app.store.events.stats(options.clock.now());
    const waiting = byStatus.queued + jobs.queued > 0 && byStatus.processing + jobs.processing === 0;
    if (waiting) options.clock.jumpTo(options.clock.now() + 1_000);
    await sleep(25);
  }
}

/**
 * Draws the owner's plan for each newly routed lead, from the stored decision (its MQL time), and
 * for some nurture leads a new signal later in the month (a second chance, CONTRACT §7).
 */
async function planNewLeads(
  options: MonthOptions,
  streamed: readonly StreamedLead[],
  planned: Set<string>,
  random: () => number,
  feedbackRandom: () => number,
): Promise<Array<RepStep | LateSignal>> {
  // Every lead's latest round: a lead handed to sales on a second chance gets a plan for its new round.
  const decisions = await options.app.store.decisions.latest(
    options.portalId,
    streamed.map((item) => item.contactId),
  );
  const steps: Array<RepStep | LateSignal> = [];
  for (const { lead, contactId } of streamed) {
    const decision = decisions.get(contactId);
    if (!decision || planned.has(`${contactId}:${decision.round}`)) continue;
    planned.add(`${contactId}:${decision.round}`);
    if (decision.status === 'nurture' && decision.round === 1)
      steps.push(...planLateSignal({ contactId, decidedAt: decision.decidedAt }, random));
    if (!decision.ownerId || !HANDED_TO_SALES.has(decision.status)) continue;
    const source = lead.properties.hs_analytics_source;
    const plan = planRepWork(
      {
        contactId,
        source,
        mqlAt: decision.decidedAt,
        opportunityChance: opportunityChanceOfRecord(decision.record),
      },
      options.reasons,
      random,
    );
    steps.push(...plan, ...planRepFeedback(plan, ratesOf(source), feedbackRandom));
  }
  return steps;
}

/** Lets HubSpot's webhooks and the app's queue empty, so the day's work is recorded. */
async function settle(options: MonthOptions): Promise<void> {
  // A retry scheduled minutes ahead is not waited for: the next day's jump makes it due.
  const deadline = Date.now() + 5_000;
  for (;;) {
    await options.sim.webhooks.idle(10);
    const stats = await options.app.store.events.stats(options.clock.now());
    const jobs = await options.app.store.jobs.counts();
    const idle = stats.depth === 0 && jobs.queued + jobs.processing === 0 && !options.sim.webhooks.busy;
    if (idle || Date.now() > deadline) return;
    options.app.worker.notify();
    options.app.jobWorker.notify();
    options.app.writeBackLane.notify();
    await sleep(20);
  }
}
