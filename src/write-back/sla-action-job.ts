import { escalateLead, reassignedDueAt, type Playbook, type RoutingState } from '../handoff';
import type { HubSpotCrm } from '../hubspot/crm';
import { taskMarker, withMarker } from '../hubspot/marked-tasks';
import { taskProperties } from '../hubspot/task-requests';
import type { Logger } from '../log';
import { defineJob, type JobResult, type RegisteredJob, type RunnableJob } from '../queue/job';
import type { NewJob, Store, StoredDecision } from '../store/store';
import { readRoutingState } from '../decisions/decide-in-order';
import type { LeadContextLoader } from '../lead-context/gather-lead-context';
import {
  APPLY_SLA_ACTION,
  CREATE_TASK,
  UPDATE_CONTACT,
  slaActionPayload,
  type SlaActionPayload,
  type TaskPayload,
} from '../jobs/job-names';
import { playbookOf, type PlaybookSource } from '../playbooks/playbook-source';
import { routedPool } from '../decisions/routed-pool';
import type { StageEvent } from '../handoff/lead-stages';
import { stageFieldsOf, type LeadStatusOptions } from './lead-status-options';
import { planStageMoves, recordStageMoves } from '../lifecycle/stage-moves';

export interface SlaActionDeps extends PlaybookSource {
  store: Store;
  log: Logger;
  now: () => number;
  crm: (portalId: number) => Promise<HubSpotCrm>;
  loader: (portalId: number) => Promise<LeadContextLoader>;
  leadStatusOptions?: LeadStatusOptions;
}

type SlaJob = RunnableJob<SlaActionPayload>;

/**
 * The response clock's events in HubSpot. A first action or a breach is one property write (one
 * batch update for the batch). An escalation changes the store first: the round-robin turn is
 * committed under its version check together with the reassignment, and only that commit enqueues
 * the HubSpot side (the contact update and a keyed task job that looks before it creates), so a
 * conflict or a retry never writes HubSpot twice or takes a second turn.
 */
export function slaActionJob(deps: SlaActionDeps): RegisteredJob {
  return defineJob({
    name: APPLY_SLA_ACTION,
    schema: slaActionPayload,
    handler: async (jobs, { portalId }) => {
      const outcomes = new Map<number, JobResult>();
      const clock: Array<{ job: SlaJob; decision: StoredDecision }> = [];
      const routing = await deps.store.decisions.routingState(portalId);
      let state = readRoutingState(routing.state) ?? {};
      let version = routing.version;
      // Once per batch, like the decide step: every escalation of the batch follows one playbook.
      const playbook = await playbookOf(deps, portalId);
      for (const job of jobs) {
        const decision = await deps.store.decisions.get(job.payload.decisionId);
        if (!decision) {
          outcomes.set(job.id, {
            ok: false,
            final: true,
            error: new Error(`decision ${job.payload.decisionId} no longer stored`),
          });
        } else if (job.payload.kind === 'breach' && decision.slaStatus !== 'breached') {
          // A late breach job (it waited out an outage) after an escalation gave the lead a new
          // owner and clock: writing `breached` now would undo the new owner's pending clock.
          outcomes.set(job.id, { ok: true });
        } else if (job.payload.kind !== 'escalate') {
          clock.push({ job, decision });
        } else {
          const planned = await planEscalation(deps, playbook, decision, state, version);
          state = planned.state ?? state;
          if (planned.state) version += 1;
          outcomes.set(job.id, { ok: true, commit: planned.commit });
        }
      }
      if (clock.length > 0)
        for (const [id, outcome] of await writeClock(deps, portalId, playbook, clock))
          outcomes.set(id, outcome);
      return outcomes;
    },
  });
}

async function writeClock(
  deps: SlaActionDeps,
  portalId: number,
  playbook: Playbook,
  items: Array<{ job: SlaJob; decision: StoredDecision }>,
): Promise<Map<number, JobResult>> {
  const byContact = new Map<string, Record<string, string>>();
  for (const { job, decision } of items) {
    byContact.set(decision.contactId, {
      ...byContact.get(decision.contactId),
      ...clockProperties(decision, job.payload),
    });
  }
  try {
    const crm = await deps.crm(portalId);
    const stages = await salesActivityStages(deps, portalId, playbook, crm, items);
    for (const move of stages.moves)
      byContact.set(move.contactId, { ...move.properties, ...byContact.get(move.contactId) });
    await crm.batchUpdate(
      'contacts',
      [...byContact].map(([id, properties]) => ({ id, properties })),
    );
    return new Map(items.map(({ job }) => [job.id, { ok: true, commit: stages.commitFor(job.id) }]));
  } catch (error) {
    return new Map(items.map(({ job }) => [job.id, { ok: false, error }]));
  }
}

/**
 * The owner's first logged sales activity is the SAL moment when nobody clicked accept (CONTRACT
 * §5). The sweep already found it (from `hs_last_sales_activity_timestamp` and
 * `notes_last_contacted`) and writes the first action: the stage rides on that same update, and is
 * recorded when the job that carried it completes.
 */
async function salesActivityStages(
  deps: SlaActionDeps,
  portalId: number,
  playbook: Playbook,
  crm: HubSpotCrm,
  items: Array<{ job: SlaJob; decision: StoredDecision }>,
) {
  const signals = new Map<string, StageEvent[]>();
  const jobOf = new Map<string, number>();
  for (const { job, decision } of items) {
    if (job.payload.kind !== 'first_action') continue;
    signals.set(decision.contactId, [
      { trigger: 'accepted', at: job.payload.at, cause: 'sales_activity', detail: 'first logged activity' },
    ]);
    jobOf.set(decision.contactId, job.id);
  }
  const moves =
    signals.size === 0
      ? []
      : await planStageMoves(
          { store: deps.store, stageFields: stageFieldsOf(playbook, deps.leadStatusOptions, portalId, crm) },
          portalId,
          signals,
        );
  return {
    moves,
    commitFor: (jobId: number) => {
      const mine = moves.filter((move) => jobOf.get(move.contactId) === jobId);
      return mine.length === 0
        ? undefined
        : async (tx: Store) => void (await recordStageMoves(tx, portalId, mine, deps.now()));
    },
  };
}

function clockProperties(decision: StoredDecision, payload: SlaActionPayload): Record<string, string> {
  if (payload.kind === 'breach') return { handoff_sla_status: 'breached' };
  const properties: Record<string, string> = { handoff_sla_status: payload.status ?? 'met' };
  // The card writes the first action when a rep acts there; never move it.
  if (!decision.firstActionAt || decision.firstActionAt === payload.at) {
    properties.handoff_first_action_at = new Date(payload.at).toISOString();
  }
  return properties;
}

interface PlannedEscalation {
  state?: RoutingState;
  commit: (tx: Store) => Promise<void>;
}

async function planEscalation(
  deps: SlaActionDeps,
  playbook: Playbook,
  decision: StoredDecision,
  routingState: RoutingState,
  version: number,
): Promise<PlannedEscalation> {
  const now = deps.now();
  const poolId = routedPool(decision.record);
  const escalation = escalateLead(
    {
      contactId: decision.contactId,
      ownerId: decision.ownerId ?? '',
      poolId,
      dueAt: decision.slaDueAt ?? now,
      owners: await (await deps.loader(decision.portalId)).listOwners(),
      openLeadsByOwner: await deps.store.decisions.openLeadsByOwner(decision.portalId),
      routingState,
      now,
    },
    playbook,
  );
  deps.log.info({ portalId: decision.portalId, objectId: decision.contactId }, escalation.reason);
  const update = (properties: Record<string, string>): NewJob => contactUpdate(decision, properties);
  if (escalation.action === 'none') {
    return {
      commit: async (tx) => void (await tx.jobs.enqueue(update({ handoff_reason: escalation.reason }), now)),
    };
  }
  if (escalation.action === 'notify_team_lead') {
    return {
      commit: async (tx) => {
        await tx.jobs.enqueue(update({ handoff_reason: escalation.reason }), now);
        await tx.jobs.enqueue(
          escalationTask(decision, escalation.teamLeadId, `Escalation: ${escalation.reason}`, now),
          now,
        );
      },
    };
  }
  const dueAt = reassignedDueAt(now, decision.priority ?? 'medium', escalation.ownerId, poolId, playbook);
  const properties: Record<string, string> = {
    handoff_owner: escalation.ownerId,
    handoff_reason: escalation.reason,
    handoff_sla_due_at: new Date(dueAt).toISOString(),
    handoff_sla_status: 'pending',
  };
  // `hubspot_owner_id` follows only if Handoff set it: never overwrite an owner a person chose.
  if (decision.properties.hubspot_owner_id === decision.ownerId)
    properties.hubspot_owner_id = escalation.ownerId;
  const newState = escalation.routingState;
  return {
    state: newState,
    commit: async (tx) => {
      if (!(await tx.decisions.saveRoutingState(decision.portalId, newState, version, now))) {
        throw new Error('round-robin state changed under this escalation; retrying');
      }
      await tx.decisions.reassign(decision.id, {
        ownerId: escalation.ownerId,
        slaDueAt: dueAt,
        reason: escalation.reason,
        properties: { ...decision.properties, ...properties },
      });
      await tx.jobs.enqueue(update(properties), now);
      await tx.jobs.enqueue(
        escalationTask(decision, escalation.ownerId, `Handoff (escalated): ${escalation.reason}`, dueAt),
        now,
      );
    },
  };
}

function contactUpdate(decision: StoredDecision, properties: Record<string, string>): NewJob {
  return {
    name: UPDATE_CONTACT,
    portalId: decision.portalId,
    key: `${UPDATE_CONTACT}:escalation:${decision.portalId}:${decision.id}`,
    payload: { contactId: decision.contactId, properties },
  };
}

function escalationTask(decision: StoredDecision, ownerId: string, subject: string, dueAt: number): NewJob {
  const marker = taskMarker(decision.portalId, decision.contactId, decision.round, 'escalation');
  const payload: TaskPayload = {
    contactId: decision.contactId,
    marker,
    properties: taskProperties({
      dueAt: new Date(dueAt).toISOString(),
      subject: subject.slice(0, 200),
      body: withMarker(decision.reason, marker),
      priority: 'HIGH',
      ownerId,
    }),
  };
  return { name: CREATE_TASK, portalId: decision.portalId, key: `${CREATE_TASK}:${marker}`, payload };
}
