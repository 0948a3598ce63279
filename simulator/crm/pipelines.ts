import type { ObjectType } from './object-types';

/** A pipeline stage as `GET /crm/v3/pipelines/{objectType}` lists it (pipelines-v3.json). */
export interface PipelineStage {
  id: string;
  label: string;
  displayOrder: number;
  metadata: Record<string, string>;
}

export interface PipelineDefinition {
  id: string;
  label: string;
  displayOrder: number;
  stages: PipelineStage[];
}

const stages = (rows: Array<[string, string, Record<string, string>]>): PipelineStage[] =>
  rows.map(([id, label, metadata], displayOrder) => ({ id, label, displayOrder, metadata }));

/**
 * The default lead pipeline of a Sales Hub portal (stage ids as HUBSPOT-NOTES lists them). Reps
 * move a lead from new to attempting, connected, then qualified or unqualified.
 */
export const DEFAULT_LEAD_PIPELINE: PipelineDefinition = {
  id: 'lead-pipeline-id',
  label: 'Lead pipeline',
  displayOrder: 0,
  stages: stages([
    ['new-stage-id', 'New', { isClosed: 'false' }],
    ['attempting-stage-id', 'Attempting', { isClosed: 'false' }],
    ['connected-stage-id', 'Connected', { isClosed: 'false' }],
    ['qualified-stage-id', 'Qualified', { isClosed: 'true' }],
    ['unqualified-stage-id', 'Unqualified', { isClosed: 'true' }],
  ]),
};

/** The default sales pipeline, with the deal stages the deals property catalog allows. */
export const DEFAULT_DEAL_PIPELINE: PipelineDefinition = {
  id: 'default',
  label: 'Sales Pipeline',
  displayOrder: 0,
  stages: stages([
    ['appointmentscheduled', 'Appointment Scheduled', { isClosed: 'false', probability: '0.2' }],
    ['qualifiedtobuy', 'Qualified To Buy', { isClosed: 'false', probability: '0.4' }],
    ['presentationscheduled', 'Presentation Scheduled', { isClosed: 'false', probability: '0.6' }],
    ['decisionmakerboughtin', 'Decision Maker Bought-In', { isClosed: 'false', probability: '0.8' }],
    ['contractsent', 'Contract Sent', { isClosed: 'false', probability: '0.9' }],
    ['closedwon', 'Closed Won', { isClosed: 'true', probability: '1.0' }],
    ['closedlost', 'Closed Lost', { isClosed: 'true', probability: '0.0' }],
  ]),
};

/** Pipelines per object type; types without pipelines have none. */
export const PIPELINES: Partial<Record<ObjectType, PipelineDefinition[]>> = {
  deals: [DEFAULT_DEAL_PIPELINE],
  leads: [DEFAULT_LEAD_PIPELINE],
};
