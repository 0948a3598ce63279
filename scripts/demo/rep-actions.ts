import type { Portal } from '../../simulator/portal';
import { signedHeaders } from '../../src/intake/signature';
import type { RepStep } from './rep-plans';

/** Where reps work: the app's card API (signed as `hubspot.fetch` signs) and the simulated portal. */
export interface RepDesk {
  portal: Portal;
  portalId: number;
  appBaseUrl: string;
  clientSecret: string;
  now: () => number;
  random: () => number;
}

/** HubSpot's association type ids from an engagement to its contact. */
const TO_CONTACT = { calls: 194, emails: 198, meetings: 200 } as const;

/** HubSpot's default call outcomes (`hs_call_disposition`). */
const CALL_OUTCOMES = {
  connected: 'f240bbac-87c9-4f6e-bf70-924b57d47db7',
  noAnswer: '73a0d17f-1163-4015-bdd5-ec830791da20',
} as const;

/** What an unanswered try looks like in HubSpot: a call with no answer, an email sent. */
const ATTEMPTS = {
  calls: (at: string) => ({
    hs_timestamp: at,
    hs_call_title: 'Call attempt',
    hs_call_direction: 'OUTBOUND',
    hs_call_status: 'NO_ANSWER',
    hs_call_disposition: CALL_OUTCOMES.noAnswer,
  }),
  emails: (at: string) => ({
    hs_timestamp: at,
    hs_email_subject: 'Trying to reach you',
    hs_email_direction: 'EMAIL',
    hs_email_status: 'SENT',
  }),
};

const ENGAGEMENTS = {
  calls: (at: string) => ({
    hs_timestamp: at,
    hs_call_title: 'Discovery call',
    hs_call_direction: 'OUTBOUND',
    hs_call_status: 'COMPLETED',
    hs_call_disposition: CALL_OUTCOMES.connected,
  }),
  emails: (at: string) => ({
    hs_timestamp: at,
    hs_email_subject: 'Following up on your request',
    hs_email_direction: 'EMAIL',
    hs_email_status: 'SENT',
  }),
  meetings: (at: string) => ({
    hs_timestamp: at,
    hs_meeting_title: 'Intro meeting',
    hs_meeting_start_time: at,
    hs_meeting_outcome: 'COMPLETED',
  }),
};

/**
 * Does one rep step as a rep would: card buttons through the app's signed card API, everything
 * else in HubSpot itself (the simulated portal, change source `CRM_UI`), which then sends the app
 * its webhooks. Returns false when the lead is gone or its owner is unknown.
 */
export async function performRepStep(desk: RepDesk, step: RepStep): Promise<boolean> {
  const { portal } = desk;
  const contact = portal.get('contacts', step.contactId);
  const ownerId = contact?.properties.hubspot_owner_id ?? contact?.properties.handoff_owner;
  const owner = portal.owners.find((candidate) => candidate.id === ownerId && !candidate.archived);
  if (!contact || !owner) return false;
  const at = new Date(desk.now()).toISOString();
  const asRep = { changeSource: 'CRM_UI' };
  switch (step.kind) {
    case 'card':
      return clickCard(desk, step, owner.userId);
    case 'rate':
      return postCard(desk, step.contactId, 'rating', owner.userId, {
        rating: step.rating,
        ...(step.reasonId ? { reasonId: step.reasonId } : {}),
        requestId: `demo-${step.contactId}-rate-${step.at}`,
      });
    case 'next_step':
      return postCard(desk, step.contactId, 'next-step', owner.userId, {
        what: step.what,
        dueAt: new Date(step.dueAt).toISOString(),
        requestId: `demo-${step.contactId}-next-${step.at}`,
      });
    case 'activity':
    case 'attempt': {
      const properties = step.kind === 'attempt' ? ATTEMPTS[step.type](at) : ENGAGEMENTS[step.type](at);
      const engagement = portal.create(step.type, { ...properties, hubspot_owner_id: owner.id }, asRep);
      portal.associate(step.type, engagement.id, 'contacts', contact.id, TO_CONTACT[step.type]);
      return true;
    }
    case 'no_response':
      portal.update('contacts', contact.id, { handoff_outcome: 'no_response' }, asRep);
      return true;
    case 'deal': {
      const name = contact.properties.company ?? contact.properties.email ?? contact.id;
      const deal = portal.create(
        'deals',
        {
          dealname: `${name}: new business`,
          dealstage: 'appointmentscheduled',
          pipeline: 'default',
          amount: String(5_000 + Math.round(desk.random() * 45) * 1_000),
          hubspot_owner_id: owner.id,
        },
        asRep,
      );
      // Deal → contact (type 3): HubSpot tells the app through its deal association subscription.
      portal.associate('deals', deal.id, 'contacts', contact.id, 3);
      return true;
    }
  }
}

async function clickCard(
  desk: RepDesk,
  step: Extract<RepStep, { kind: 'card' }>,
  userId: number,
): Promise<boolean> {
  return postCard(desk, step.contactId, 'outcome', userId, {
    action: step.action,
    ...(step.action === 'disqualify' ? { reasonId: step.reasonId } : {}),
    requestId: `demo-${step.contactId}-${step.action}`,
  });
}

/** A card request as `hubspot.fetch` sends it: the rep's portal and user in the signed URL. */
async function postCard(
  desk: RepDesk,
  contactId: string,
  route: 'outcome' | 'rating' | 'next-step',
  userId: number,
  payload: Record<string, unknown>,
): Promise<boolean> {
  const path = `/api/card/contacts/${contactId}/${route}?portalId=${desk.portalId}&userId=${userId}`;
  const uri = desk.appBaseUrl + path;
  const body = JSON.stringify(payload);
  const response = await fetch(uri, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signedHeaders(desk.clientSecret, { method: 'POST', uri, body, timestamp: desk.now() }),
    },
    body,
  });
  await response.arrayBuffer();
  return response.ok;
}
