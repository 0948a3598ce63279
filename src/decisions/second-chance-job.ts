import type { DecisionRecord, HandoffDecision } from '../handoff';
import type { HubSpotProperties } from '../handoff/hubspot-records';
import {
  movedScores,
  newSignals,
  planSecondChance,
  secondChanceReason,
  type SecondChancePlan,
  type SecondChanceSignal,
} from '../handoff/second-chance';
import type { Metrics } from '../metrics';
import { defineJob, type JobResult, type RegisteredJob } from '../queue/job';
import type { Store, StoredDecision } from '../store/store';
import { decideLeads, readRoutingState } from './decide-in-order';
import { decideLeadsFor, type DecideDeps, type LeadToDecide } from './decide-new-contacts';
import { SECOND_CHANCE, UPDATE_CONTACT, secondChancePayload } from '../jobs/job-names';
import { secondChanceStanding } from '../lifecycle/second-chance-events';

export interface SecondChanceDeps extends DecideDeps {
  metrics?: Pick<Metrics, 'routingFallbacks'> & Partial<Pick<Metrics, 'secondChances' | 'rehandoffs'>>;
}

interface Recheck {
  jobId: number;
  jobKey: string;
  decision: StoredDecision;
  signals: SecondChanceSignal[];
  /** The handoff fields HubSpot holds now (the decision's where HubSpot has none). */
  holds: Record<string, string>;
}

/**
 * CONTRACT §7: decides a parked lead again once its debounce window closed. The contact is read
 * once from HubSpot, compared with what its decision read, and decided with the rotation held; only
 * a decision that hands it to sales becomes a new round (decided again through the new-contact path,
 * so its owner takes one round-robin turn, and its write-back, task and HubSpot lead are the
 * round's own jobs). Anything else writes at most the scores that moved.
 */
export function secondChanceJobHandler(deps: SecondChanceDeps): RegisteredJob {
  return defineJob({
    name: SECOND_CHANCE,
    schema: secondChancePayload,
    handler: async (jobs, { portalId, log }) => {
      const outcomes = new Map<number, JobResult>(jobs.map((job) => [job.id, { ok: true }]));
      const contactIds = [...new Set(jobs.map((job) => job.payload.contactId))];
      const standing = await secondChanceStanding(deps.store, portalId, contactIds, true);
      const due = new Map<string, (typeof jobs)[number]>();
      for (const job of jobs) {
        const lead = standing.get(job.payload.contactId);
        // Decided again meanwhile (a newer round), or taken on by a rep: the evidence is spent.
        if (!lead || lead.decision.round !== job.payload.round || !lead.eligibility.eligible) {
          const why = lead?.eligibility.eligible === false ? lead.eligibility.why : 'a newer round exists';
          log.info({ portalId, objectId: job.payload.contactId, why }, 'second chance: left alone');
          continue;
        }
        due.set(job.payload.contactId, job);
      }
      if (due.size === 0) return outcomes;

      const playbook = deps.playbookFor ? await deps.playbookFor(portalId) : deps.playbook;
      let context;
      try {
        context = await deps.loadContext(portalId, [...due.keys()], playbook);
      } catch (error) {
        for (const job of due.values()) outcomes.set(job.id, { ok: false, error });
        return outcomes;
      }
      const rechecks: Recheck[] = [];
      for (const contact of context.contacts) {
        const job = due.get(contact.id);
        const decision = standing.get(contact.id)?.decision;
        if (!job || !decision) continue;
        const inputs = (decision.record as Partial<DecisionRecord> | null)?.inputs ?? {};
        const signals = newSignals(inputs, contact.properties, playbook.secondChance);
        if (signals.length === 0) {
          log.info(
            { portalId, objectId: contact.id },
            'second chance: re-checked, nothing new since the decision',
          );
          continue;
        }
        rechecks.push({
          jobId: job.id,
          jobKey: job.key,
          decision,
          signals,
          holds: heldValues(decision, contact.properties),
        });
      }
      if (rechecks.length === 0) return outcomes;

      // Decided with the rotation held: only a new round may take a round-robin turn.
      const routing = await deps.store.decisions.routingState(portalId);
      const dryRun = new Map<string, HandoffDecision>();
      for (const result of decideLeads(
        context,
        rechecks.map((recheck) => recheck.decision.contactId),
        {
          playbook,
          routingState: readRoutingState(routing.state) ?? {},
          openLeadsByOwner: await deps.store.decisions.openLeadsByOwner(portalId),
          now: deps.now,
          holdRoutingState: true,
        },
      )) {
        if ('decision' in result) dryRun.set(result.contactId, result.decision);
      }

      const newRounds: LeadToDecide[] = [];
      const firstSignal = new Map<number, string>();
      for (const recheck of rechecks) {
        const next = dryRun.get(recheck.decision.contactId);
        const kind = standing.get(recheck.decision.contactId)?.eligibility;
        if (!next || !kind?.eligible) continue;
        const plan = planSecondChance(
          kind.kind,
          { priority: recheck.holds.handoff_priority ?? recheck.decision.priority },
          next,
        );
        const opening = secondChanceReason(recheck.signals);
        deps.metrics?.secondChances?.inc({ result: plan.action });
        log.info(
          { portalId, objectId: recheck.decision.contactId, plan: plan.action, status: next.status },
          `${opening}: ${describePlan(plan)}`,
        );
        if (plan.action === 'new_round') {
          newRounds.push({
            id: recheck.jobId,
            eventKey: recheck.jobKey,
            contactId: recheck.decision.contactId,
            round: recheck.decision.round + 1,
            reasonOpening: opening,
          });
          firstSignal.set(recheck.jobId, recheck.signals[0]?.kind ?? 'conversion');
          continue;
        }
        const properties =
          plan.action === 'raise_priority'
            ? { handoff_priority: plan.priority, ...movedScores(recheck.holds, next) }
            : movedScores(recheck.holds, next);
        if (Object.keys(properties).length === 0) continue;
        const now = deps.now();
        outcomes.set(recheck.jobId, {
          ok: true,
          commit: (tx) => updateContact(tx, portalId, recheck, properties, now),
        });
      }
      if (newRounds.length === 0) return outcomes;

      // The same reads decide the new rounds: the contact is not read from HubSpot twice.
      const decide = decideLeadsFor({ ...deps, loadContext: async () => ({ ...context, missing: [] }) });
      for (const [id, outcome] of await decide(newRounds, portalId)) {
        if (outcome.ok) {
          // No commit: decided in this round already (a retried job); nothing new to count.
          if (outcome.commit) deps.metrics?.rehandoffs?.inc({ signal: firstSignal.get(id) ?? 'conversion' });
          outcomes.set(id, outcome);
        } else if ('cause' in outcome) outcomes.set(id, { ok: false, error: outcome.cause });
        else outcomes.set(id, { ok: false, error: new Error(outcome.error), final: !outcome.retryable });
      }
      return outcomes;
    },
  });
}

function describePlan(plan: SecondChancePlan): string {
  if (plan.action === 'new_round') return 'handed to sales as a new round';
  if (plan.action === 'raise_priority') return `kept with its owner, priority raised to ${plan.priority}`;
  return `decision stands (${plan.why})`;
}

/** What changed, written through the update job; keyed by the re-check, so it is written once. */
async function updateContact(
  tx: Store,
  portalId: number,
  recheck: Recheck,
  properties: Record<string, string>,
  now: number,
): Promise<void> {
  await tx.jobs.enqueue(
    {
      name: UPDATE_CONTACT,
      portalId,
      key: `${UPDATE_CONTACT}:${recheck.jobKey}`,
      payload: { contactId: recheck.decision.contactId, properties },
    },
    now,
  );
}

/** Compared with HubSpot, so an earlier re-check's write is not written again. */
function heldValues(decision: StoredDecision, contact: HubSpotProperties): Record<string, string> {
  const holds: Record<string, string> = { ...decision.properties };
  for (const name of ['handoff_priority', 'handoff_fit_score', 'handoff_intent_score']) {
    const value = contact[name]?.trim();
    if (value) holds[name] = value;
  }
  return holds;
}
