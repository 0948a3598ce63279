import { z } from 'zod';
import { describeError } from '../errors';
import { leadStageEvent } from '../handoff/hubspot-lead';
import type { StageEvent } from '../handoff/lead-stages';
import type { Playbook } from '../handoff/playbook';
import { STAGE_INPUT_PROPERTIES } from '../handoff/stage-properties';
import type { HubSpotCrm } from '../hubspot/crm';
import type { Logger } from '../log';
import type { EventResult } from '../queue/event-handler';
import type { Store, StoredEvent } from '../store/store';
import { stageFieldsOf, type LeadStatusOptions } from '../write-back/lead-status-options';
import { writeStageMoves } from './record-stage-signals';
import { planStageMoves, recordStageMoves } from './stage-moves';
import { readPipelineStages } from '../hubspot/pipelines';

/** Stage ids of the default lead pipeline that rightly move nothing (a new lead is already an MQL). */
const UNMOVING_STAGES = new Set(['new-stage-id']);
/** Unmapped stages are explained once per portal an hour, not for every lead moved there. */
const EXPLAIN_EVERY_MS = 60 * 60_000;

const stageChange = z
  .object({ propertyName: z.literal('hs_pipeline_stage'), propertyValue: z.string().min(1) })
  .passthrough();

export interface RecordLeadStagesDeps {
  store: Store;
  log: Logger;
  now: () => number;
  crm: (portalId: number) => Promise<HubSpotCrm>;
  playbookFor: (portalId: number) => Promise<Playbook>;
  leadStatusOptions?: LeadStatusOptions;
}

/**
 * `lead.changed`: a HubSpot lead moved in its pipeline (Leads option). Its contacts' stages move
 * as the playbook maps the pipeline stage (attempting/connected → SAL, qualified → SQL,
 * unqualified → disqualified). Reads the leads' contacts and their lifecycle stage, then one batch
 * update of the contacts whose stage moved.
 */
export function recordLeadStages(deps: RecordLeadStagesDeps) {
  const explainedAt = new Map<number, number>();
  return async (events: StoredEvent[], portalId: number): Promise<Map<number, EventResult>> => {
    const outcomes = new Map<number, EventResult>(events.map((event) => [event.id, { ok: true }]));
    const settings = (await deps.playbookFor(portalId)).stages.leadsObject;
    const byLead = new Map<string, StageEvent[]>();
    for (const event of events) {
      const change = stageChange.safeParse(event.payload);
      const signal =
        settings.enabled && change.success
          ? leadStageEvent(change.data.propertyValue, event.occurredAt, settings)
          : null;
      if (signal) byLead.set(String(event.objectId), [...(byLead.get(String(event.objectId)) ?? []), signal]);
    }
    if (settings.enabled) await explainUnmapped(deps, portalId, events, byLead, explainedAt);
    if (byLead.size === 0) return outcomes;
    const carrier = events.find((event) => byLead.has(String(event.objectId))) as StoredEvent;
    try {
      const crm = await deps.crm(portalId);
      const contactsOf = await crm.readAssociationsBatch('leads', 'contacts', [...byLead.keys()]);
      const signals = new Map<string, StageEvent[]>();
      for (const [leadId, stageEvents] of byLead) {
        for (const contact of contactsOf.get(leadId) ?? []) {
          signals.set(contact.toObjectId, [...(signals.get(contact.toObjectId) ?? []), ...stageEvents]);
        }
      }
      const decided = await deps.store.decisions.latest(portalId, [...signals.keys()]);
      for (const id of signals.keys()) if (!decided.has(id)) signals.delete(id);
      if (signals.size === 0) return outcomes;
      const read = await crm.batchRead('contacts', [...signals.keys()], [...STAGE_INPUT_PROPERTIES]);
      const current = new Map(read.results.map((contact) => [contact.id, contact.properties]));
      const stageFields = stageFieldsOf(
        await deps.playbookFor(portalId),
        deps.leadStatusOptions,
        portalId,
        crm,
      );
      const moves = await planStageMoves({ store: deps.store, stageFields }, portalId, signals, (id) => ({
        lifecyclestage: null,
        ...current.get(id),
      }));
      await writeStageMoves(crm, moves);
      if (moves.length > 0) {
        outcomes.set(carrier.id, {
          ok: true,
          commit: (tx) => recordStageMoves(tx, portalId, moves, deps.now()),
        });
      }
    } catch (error) {
      // The queue asks src/hubspot what kind of failure it is (wait, retry, dead-letter, pause).
      for (const event of events) {
        if (byLead.has(String(event.objectId))) outcomes.set(event.id, { ok: false, cause: error });
      }
    }
    return outcomes;
  };
}

/**
 * A lead moved to a stage the playbook does not map (a portal's own pipeline): say which stage it
 * is and how to count it, reading the portal's lead pipelines at most once an hour.
 */
async function explainUnmapped(
  deps: RecordLeadStagesDeps,
  portalId: number,
  events: StoredEvent[],
  mapped: Map<string, StageEvent[]>,
  explainedAt: Map<number, number>,
): Promise<void> {
  const unmapped = new Set<string>();
  for (const event of events) {
    const change = stageChange.safeParse(event.payload);
    if (!change.success || mapped.has(String(event.objectId))) continue;
    if (!UNMOVING_STAGES.has(change.data.propertyValue)) unmapped.add(change.data.propertyValue);
  }
  const last = explainedAt.get(portalId);
  if (unmapped.size === 0 || (last !== undefined && deps.now() - last < EXPLAIN_EVERY_MS)) return;
  explainedAt.set(portalId, deps.now());
  try {
    const stages = await readPipelineStages(await deps.crm(portalId), 'leads');
    for (const id of unmapped) {
      const stage = stages.get(id);
      deps.log.warn(
        {
          portalId,
          stageId: id,
          stage: stage ? `${stage.pipeline} / ${stage.label}` : 'not in any lead pipeline',
        },
        'a HubSpot lead moved to a stage that moves no handoff stage: add its id to ' +
          'stages.leadsObject.stageMoves (accepted, qualified or disqualified) in the playbook to count it',
      );
    }
  } catch (error) {
    deps.log.warn({ portalId, err: describeError(error) }, 'could not read the lead pipelines');
  }
}
