import type { Portal } from '../../simulator/portal';
import { taskMarker, withMarker } from '../../src/hubspot/marked-tasks';
import type { Store } from '../../src/store/store';
import { decision } from '../store/decision-battery';

/** HubSpot's default call outcomes (`hs_call_disposition`). */
export const CALL_OUTCOMES = {
  noAnswer: '73a0d17f-1163-4015-bdd5-ec830791da20',
  connected: 'f240bbac-87c9-4f6e-bf70-924b57d47db7',
} as const;
/** Engagement → contact association type ids (HubSpot-defined). */
const TO_CONTACT = { calls: 194, emails: 198, meetings: 200, tasks: 204 } as const;
const HOUR = 3_600_000;
const iso = (at: number) => new Date(at).toISOString();

export interface HandedOffLead {
  contactId: string;
  decisionId: number;
  taskId: string;
}

/**
 * A contact handed to sales at `mqlAt` in the simulated portal, as Handoff leaves it: its decision,
 * its `mql` stage, and its open follow-up task carrying the round's marker.
 */
export async function handedOffLead(
  portal: Portal,
  store: Store,
  email: string,
  mqlAt: number,
): Promise<HandedOffLead> {
  const owner = portal.owners.find((candidate) => !candidate.archived)!.id;
  const contact = portal.create('contacts', {
    email,
    handoff_status: 'sales_ready',
    handoff_stage: 'mql',
    handoff_mql_at: iso(mqlAt),
    handoff_owner: owner,
    handoff_first_action_at: iso(mqlAt + HOUR),
    lifecyclestage: 'marketingqualifiedlead',
  });
  const decisionId = (await store.decisions.save(
    decision(contact.id, { portalId: portal.id, ownerId: owner, decidedAt: mqlAt, slaDueAt: mqlAt + HOUR }),
  )) as number;
  await store.stages.record([
    {
      portalId: portal.id,
      contactId: contact.id,
      round: 1,
      stage: 'mql',
      enteredAt: mqlAt,
      cause: 'decision',
      detail: null,
      recordedAt: mqlAt,
    },
  ]);
  const marker = taskMarker(portal.id, contact.id, 1, 'handoff');
  const task = portal.create('tasks', {
    hs_timestamp: iso(mqlAt + HOUR),
    hs_task_subject: 'Handoff (high): call the lead',
    hs_task_body: withMarker('Sales-ready', marker),
    hs_task_status: 'NOT_STARTED',
    hubspot_owner_id: owner,
  });
  portal.associate('tasks', task.id, 'contacts', contact.id, TO_CONTACT.tasks);
  await store.decisions.markTasksCreated([decisionId], mqlAt);
  return { contactId: contact.id, decisionId, taskId: task.id };
}

/** A logged call: by default outbound, answered by nobody. */
export function logCall(
  portal: Portal,
  contactId: string,
  at: number,
  call: { disposition?: string; direction?: 'INBOUND' | 'OUTBOUND' } = {},
): void {
  const created = portal.create('calls', {
    hs_timestamp: iso(at),
    hs_call_title: 'Intro call',
    hs_call_direction: call.direction ?? 'OUTBOUND',
    hs_call_disposition: call.disposition ?? CALL_OUTCOMES.noAnswer,
    hs_call_status: 'COMPLETED',
  });
  portal.associate('calls', created.id, 'contacts', contactId, TO_CONTACT.calls);
}

/** A logged email: by default one the rep sent (`EMAIL`); `INCOMING_EMAIL` is the lead's reply. */
export function logEmail(portal: Portal, contactId: string, at: number, direction = 'EMAIL'): void {
  const created = portal.create('emails', {
    hs_timestamp: iso(at),
    hs_email_subject: 'Following up',
    hs_email_direction: direction,
    hs_email_status: 'SENT',
  });
  portal.associate('emails', created.id, 'contacts', contactId, TO_CONTACT.emails);
}
