import { z } from 'zod';
import { escalateLead, reassignedDueAt, type Priority, type RoutingState } from '../handoff';
import type { HubSpotCrm } from '../hubspot/crm';
import { taskToContact } from '../hubspot/crm';
import { describeError } from '../errors';
import type { Logger } from '../log';
import type { EventOutcome } from '../queue/event-handler';
import type { Store, StoredDecision, StoredEvent } from '../store/store';
import { readRoutingState } from './decide-leads';
import { playbookOf, type PlaybookSource } from './portal-playbook';
import type { LeadContextLoader } from './gather-lead-context';
import { routedPool } from './routed-pool';
import { stageFieldsOf, type LeadStatusOptions } from './lead-status-options';
import { planStageMoves, recordStageMoves } from './stage-moves';
import type { StageEvent } from '../handoff/lead-stages';

const slaPayload = z.object({
  decisionId: z.number().int(),
  kind: z.enum(['first_action', 'breach', 'escalate']),
  at: z.number(),
  status: z.enum(['met', 'breached']).optional(),
});
type SlaPayload = z.infer<typeof slaPayload>;

export interface ApplySlaDeps extends PlaybookSource {
  store: Store;
  log: Logger;
  now: () => number;
  crm: (portalId: number) => Promise<HubSpotCrm>;
  loader: (portalId: number) => Promise<LeadContextLoader>;
  leadStatusOptions?: LeadStatusOptions;
}

interface Planned {
  event: StoredEvent;
  contactId: string;
  properties: Record<string, string>;
  task?: { ownerId: string; subject: string; body: string; dueAt: number };
  commit?: (tx: Store) => Promise<void>;
}

/**
 * Writes the response clock's events to HubSpot in one batch update (and one batch task create
 * for escalations): the first action and whether it was in time, a breach, and an escalation's
 * new owner with the reason in `handoff_reason`. The store changes of an escalation (owner, due
 * time, round robin) commit with the event, so a retried event never reassigns twice.
 */
export function applySlaActions(deps: ApplySlaDeps) {
  return async (events: StoredEvent[], portalId: number): Promise<Map<number, EventOutcome>> => {
    const outcomes = new Map<number, EventOutcome>();
    const planned: Planned[] = [];
    const routing = await deps.store.getRoutingState(portalId);
    let state = readRoutingState(routing.state) ?? {};
    let version = routing.version;
    for (const event of events) {
      const payload = slaPayload.safeParse(event.payload);
      const decision = payload.success ? await deps.store.getDecision(payload.data.decisionId) : null;
      if (!payload.success || !decision) {
        outcomes.set(event.id, {
          ok: false,
          error: 'SLA event without a readable decision',
          retryable: false,
        });
        continue;
      }
      if (payload.data.kind !== 'escalate') {
        planned.push({
          event,
          contactId: decision.contactId,
          properties: clockProperties(decision, payload.data),
        });
        continue;
      }
      const escalation = await planEscalation(deps, decision, state, version);
      if (escalation.routingState) {
        state = escalation.routingState;
        version += 1;
      }
      planned.push({ event, contactId: decision.contactId, ...escalation.plan });
    }
    if (planned.length === 0) return outcomes;
    try {
      await addSalesActivityStages(deps, portalId, planned);
      await writeToHubSpot(deps, portalId, planned);
      for (const item of planned) outcomes.set(item.event.id, { ok: true, commit: item.commit });
    } catch (error) {
      for (const item of planned) {
        outcomes.set(item.event.id, { ok: false, error: describeError(error), retryable: true });
      }
    }
    return outcomes;
  };
}

/**
 * The owner's first logged sales activity is the SAL moment when nobody clicked accept (CONTRACT
 * §5). The sweep already found it (from `hs_last_sales_activity_timestamp` and
 * `notes_last_contacted`) and writes the first action: the stage rides on that same update.
 */
async function addSalesActivityStages(
  deps: ApplySlaDeps,
  portalId: number,
  planned: Planned[],
): Promise<void> {
  const signals = new Map<string, StageEvent[]>();
  for (const item of planned) {
    const payload = slaPayload.safeParse(item.event.payload);
    if (!payload.success || payload.data.kind !== 'first_action') continue;
    signals.set(item.contactId, [
      { trigger: 'accepted', at: payload.data.at, cause: 'sales_activity', detail: 'first logged activity' },
    ]);
  }
  if (signals.size === 0) return;
  const crm = await deps.crm(portalId);
  const playbook = await playbookOf(deps, portalId);
  const stageFields = stageFieldsOf(playbook, deps.leadStatusOptions, portalId, crm);
  const moves = await planStageMoves({ store: deps.store, stageFields }, portalId, signals);
  for (const move of moves) {
    const item = planned.find((candidate) => candidate.contactId === move.contactId) as Planned;
    const earlier = item.commit;
    item.properties = { ...move.properties, ...item.properties };
    item.commit = async (tx) => {
      await earlier?.(tx);
      await recordStageMoves(tx, portalId, [move], deps.now());
    };
  }
}

function clockProperties(decision: StoredDecision, payload: SlaPayload): Record<string, string> {
  if (payload.kind === 'breach') return { handoff_sla_status: 'breached' };
  const properties: Record<string, string> = { handoff_sla_status: payload.status ?? 'met' };
  // The card writes the first action when a rep acts there; never move it.
  if (!decision.firstActionAt || decision.firstActionAt === payload.at) {
    properties.handoff_first_action_at = new Date(payload.at).toISOString();
  }
  return properties;
}

async function planEscalation(
  deps: ApplySlaDeps,
  decision: StoredDecision,
  routingState: RoutingState,
  version: number,
): Promise<{ plan: Omit<Planned, 'event' | 'contactId'>; routingState?: RoutingState }> {
  const now = deps.now();
  const playbook = await playbookOf(deps, decision.portalId);
  const poolId = routedPool(decision.record);
  const escalation = escalateLead(
    {
      contactId: decision.contactId,
      ownerId: decision.ownerId ?? '',
      poolId,
      dueAt: decision.slaDueAt ?? now,
      owners: await (await deps.loader(decision.portalId)).listOwners(),
      openLeadsByOwner: await deps.store.openLeadsByOwner(decision.portalId),
      routingState,
      now,
    },
    playbook,
  );
  deps.log.info({ portalId: decision.portalId, objectId: decision.contactId }, escalation.reason);
  if (escalation.action === 'none') return { plan: { properties: { handoff_reason: escalation.reason } } };
  if (escalation.action === 'notify_team_lead') {
    return {
      plan: {
        properties: { handoff_reason: escalation.reason },
        task: {
          ownerId: escalation.teamLeadId,
          subject: `Escalation: ${escalation.reason}`,
          body: decision.reason,
          dueAt: now,
        },
      },
    };
  }
  const dueAt = reassignedDueAt(
    now,
    (decision.priority ?? 'medium') as Priority,
    escalation.ownerId,
    poolId,
    playbook,
  );
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
    routingState: newState,
    plan: {
      properties,
      task: {
        ownerId: escalation.ownerId,
        subject: `Handoff (escalated): ${escalation.reason}`,
        body: decision.reason,
        dueAt,
      },
      commit: async (tx) => {
        if (!(await tx.saveRoutingState(decision.portalId, newState, version, now))) {
          throw new Error('round-robin state changed under this escalation; retrying');
        }
        await tx.reassignDecision(decision.id, {
          ownerId: escalation.ownerId,
          slaDueAt: dueAt,
          reason: escalation.reason,
          properties: { ...decision.properties, ...properties },
        });
      },
    },
  };
}

async function writeToHubSpot(deps: ApplySlaDeps, portalId: number, planned: Planned[]): Promise<void> {
  const crm = await deps.crm(portalId);
  const byContact = new Map<string, Record<string, string>>();
  for (const item of planned)
    byContact.set(item.contactId, { ...byContact.get(item.contactId), ...item.properties });
  await crm.batchUpdate(
    'contacts',
    [...byContact].map(([id, properties]) => ({ id, properties })),
  );
  const tasks = planned.filter((item) => item.task);
  if (tasks.length === 0) return;
  await crm.batchCreate(
    'tasks',
    tasks.map((item) => ({
      properties: {
        hs_timestamp: new Date(item.task?.dueAt ?? deps.now()).toISOString(),
        hs_task_subject: (item.task?.subject ?? '').slice(0, 200),
        hs_task_body: item.task?.body ?? '',
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: 'HIGH',
        hs_task_type: 'TODO',
        hubspot_owner_id: item.task?.ownerId ?? '',
      },
      associations: [taskToContact(item.contactId)],
    })),
  );
}
