import { z } from 'zod';

/**
 * The names and payloads of Handoff's jobs. A payload is checked against its schema when the job
 * runs (rows outlive deploys), so a change of shape needs a new name or an optional field.
 */
export const WRITE_CONTACT = 'write-contact';
export const CREATE_TASK = 'create-task';
export const APPLY_SLA_ACTION = 'apply-sla-action';
export const UPDATE_CONTACT = 'update-contact';
export const RECYCLE_LEAD = 'recycle-lead';
/** The Leads option: creating the HubSpot lead object (`0-136`) of a handoff round. */
export const CREATE_LEAD = 'create-lead';
/** Completing a closed round's follow-up task (no response, issue 11). */
export const CLOSE_TASK = 'close-task';
/** CONTRACT §7: one re-decision of a parked lead per contact and debounce window. */
export const SECOND_CHANCE = 'second-chance';
/** Issue 16: the first build of a portal's CRM index (resumable: it continues from its cursors). */
export const SYNC_CRM_INDEX = 'sync-crm-index';

export const writeContactPayload = z.object({ contactId: z.string().min(1), round: z.number().int().min(1) });
export type WriteContactPayload = z.infer<typeof writeContactPayload>;

export const taskPayload = z.object({
  contactId: z.string().min(1),
  /** The decision whose task this is: marked `tasksCreatedAt` once the task exists. */
  decisionId: z.number().int().optional(),
  /** Handoff's marker, also the last line of `hs_task_body` (see src/hubspot/marked-tasks.ts). */
  marker: z.string().regex(/^\[handoff [\w-]+\]$/),
  properties: z.record(z.string(), z.string()),
});
export type TaskPayload = z.infer<typeof taskPayload>;

export const slaActionPayload = z.object({
  decisionId: z.number().int(),
  kind: z.enum(['first_action', 'breach', 'escalate']),
  at: z.number(),
  status: z.enum(['met', 'breached']).optional(),
});
export type SlaActionPayload = z.infer<typeof slaActionPayload>;

/** The write-back job of a decision, stored in the decision's own transaction (an outbox). */
export function writeContactJob(portalId: number, contactId: string, round: number) {
  const payload: WriteContactPayload = { contactId, round };
  return {
    name: WRITE_CONTACT,
    portalId,
    key: `${WRITE_CONTACT}:${portalId}:${contactId}:${round}`,
    payload,
  };
}

/** A parked lead that converted again, to be decided in its next round. */
export const recyclePayload = z.object({
  contactId: z.string().min(1),
  round: z.number().int().min(2),
  signal: z.string(),
});
export type RecyclePayload = z.infer<typeof recyclePayload>;

/** One HubSpot lead per handed-off contact and round (the playbook's Leads option). */
export const createLeadPayload = z.object({
  contactId: z.string().regex(/^\d+$/),
  round: z.number().int().min(1),
});
export type CreateLeadPayload = z.infer<typeof createLeadPayload>;

/** The lead-object job of a decision, stored in the decision's own transaction next to its write-back. */
export function createLeadJob(portalId: number, contactId: string, round: number) {
  const payload: CreateLeadPayload = { contactId, round };
  return { name: CREATE_LEAD, portalId, key: `${CREATE_LEAD}:${portalId}:${contactId}:${round}`, payload };
}

/** The follow-up task of a decision's round, found by its marker and set to COMPLETED. */
export const closeTaskPayload = z.object({
  contactId: z.string().regex(/^\d+$/),
  decisionId: z.number().int(),
  marker: z.string().regex(/^\[handoff [\w-]+\]$/),
});
export type CloseTaskPayload = z.infer<typeof closeTaskPayload>;
/** A parked lead's new evidence, decided once its debounce window closes (`second-chance` job). */
export const secondChancePayload = z.object({
  contactId: z.string().regex(/^\d+$/),
  /** The round the evidence arrived in: a lead decided again meanwhile is left alone. */
  round: z.number().int().min(1),
});
export type SecondChancePayload = z.infer<typeof secondChancePayload>;
