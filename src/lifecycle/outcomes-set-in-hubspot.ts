import { z } from 'zod';
import { isHandoffOutcome } from '../handoff/outcome-properties';
import { ASSOCIATION_TYPE_IDS } from '../hubspot/crm';
import type { EventResult } from '../queue/event-handler';
import type { StoredDecision, StoredEvent } from '../store/store';
import {
  recordPendingOutcomes,
  type LastOutcome,
  type PendingOutcome,
  type RecordOutcomesDeps,
} from './record-pending-outcomes';

export type { RecordOutcomesDeps } from './record-pending-outcomes';

/**
 * Outcomes set outside the card, recorded the same way as a card action (audit event, first
 * action, SLA closed, round closed): a rep editing `handoff_outcome` or
 * `handoff_disqualification_reason` in HubSpot, or a deal associated to a handed-off contact (a
 * qualified opportunity). Only contacts Handoff decided are followed.
 *
 * Handoff's own writes come back as property-change webhooks too. They are recognised by value,
 * not by `changeSource` (HubSpot does not document which source id an app's writes carry): an
 * outcome equal to the last one Handoff recorded or wrote back for the contact is an echo.
 */

export const OUTCOME_PROPERTIES = new Set(['handoff_outcome', 'handoff_disqualification_reason']);

const propertyChange = z
  .object({
    propertyName: z.string().optional(),
    propertyValue: z.string().optional(),
    changeSource: z.string().optional(),
    sourceId: z.string().optional(),
  })
  .passthrough();

const associationChange = z
  .object({
    associationType: z.string().optional(),
    associationTypeId: z.number().optional(),
    fromObjectTypeId: z.string().optional(),
    toObjectTypeId: z.string().optional(),
    fromObjectId: z.number(),
    toObjectId: z.number(),
    associationRemoved: z.boolean().optional(),
  })
  .passthrough();

/** `contact.changed`: a rep set the outcome or the reason in HubSpot. Other properties are not ours. */
export function recordOutcomeEdits(deps: RecordOutcomesDeps) {
  return async (events: StoredEvent[], portalId: number): Promise<Map<number, EventResult>> => {
    const outcomes = new Map<number, EventResult>();
    const byContact = new Map<string, StoredEvent[]>();
    for (const event of events) {
      const payload = propertyChange.safeParse(event.payload);
      if (!payload.success || !OUTCOME_PROPERTIES.has(payload.data.propertyName ?? '')) {
        outcomes.set(event.id, { ok: true });
        continue;
      }
      const contactId = String(event.objectId);
      byContact.set(contactId, [...(byContact.get(contactId) ?? []), event]);
    }
    const pending: PendingOutcome[] = [...byContact].map(([contactId, group]) => {
      const last = group.reduce((a, b) => (b.occurredAt > a.occurredAt ? b : a));
      const payload = propertyChange.parse(last.payload);
      return {
        contactId,
        events: group,
        echoes: (lastRecorded, decision) =>
          group.every((item) => {
            const change = propertyChange.parse(item.payload);
            const written = writtenValue(change.propertyName ?? '', lastRecorded, decision);
            return (
              change.propertyValue !== undefined && written !== undefined && change.propertyValue === written
            );
          }),
        build: (current) => {
          const outcome = current.handoff_outcome ?? '';
          if (!isHandoffOutcome(outcome)) return null;
          const reasonId =
            outcome === 'disqualified' ? current.handoff_disqualification_reason || null : null;
          return {
            outcome,
            reasonId,
            note: null,
            source: 'hubspot_property',
            actor: `hubspot:${payload.changeSource ?? 'unknown'}${payload.sourceId ? `:${payload.sourceId}` : ''}`,
            idempotencyKey: `property:${contactId}:${outcome}:${reasonId ?? ''}:${last.eventKey}`,
            at: last.occurredAt,
          };
        },
      };
    });
    return recordPendingOutcomes(deps, portalId, pending, outcomes);
  };
}

/** `deal.changed`: a deal associated to a handed-off contact makes it a qualified opportunity. */
export function recordDealAssociations(deps: RecordOutcomesDeps) {
  return async (events: StoredEvent[], portalId: number): Promise<Map<number, EventResult>> => {
    const outcomes = new Map<number, EventResult>();
    const byContact = new Map<string, { dealId: string; events: StoredEvent[] }>();
    for (const event of events) {
      const link = event.subscriptionType.endsWith('associationChange')
        ? dealContactLink(event.payload)
        : null;
      if (!link) {
        outcomes.set(event.id, { ok: true });
        continue;
      }
      const found = byContact.get(link.contactId);
      byContact.set(link.contactId, {
        dealId: found?.dealId ?? link.dealId,
        events: [...(found?.events ?? []), event],
      });
    }
    const pending: PendingOutcome[] = [...byContact].map(([contactId, { dealId, events: group }]) => ({
      contactId,
      events: group,
      // Only a deal already recorded is an echo: a deal opened after a rep marked the lead a
      // qualified opportunity on the card is the opportunity itself (CONTRACT §5).
      echoes: (last) => last?.outcome === 'qualified_opportunity' && last.source === 'deal_association',
      build: () => ({
        outcome: 'qualified_opportunity',
        reasonId: null,
        note: null,
        source: 'deal_association',
        actor: `deal:${dealId}`,
        idempotencyKey: `deal:${contactId}:${dealId}`,
        detail: `deal ${dealId}`,
        at: Math.min(...group.map((event) => event.occurredAt)),
      }),
    }));
    return recordPendingOutcomes(deps, portalId, pending, outcomes);
  };
}

/** The contact and deal of an added deal–contact association, whichever direction HubSpot reports. */
export function dealContactLink(payload: unknown): { contactId: string; dealId: string } | null {
  const parsed = associationChange.safeParse(payload);
  if (!parsed.success || parsed.data.associationRemoved) return null;
  const change = parsed.data;
  const type = change.associationType?.toUpperCase();
  const dealToContact =
    type === 'DEAL_TO_CONTACT' ||
    change.associationTypeId === ASSOCIATION_TYPE_IDS.dealToContact ||
    (change.fromObjectTypeId === '0-3' && change.toObjectTypeId === '0-1');
  const contactToDeal =
    type === 'CONTACT_TO_DEAL' ||
    change.associationTypeId === ASSOCIATION_TYPE_IDS.contactToDeal ||
    (change.fromObjectTypeId === '0-1' && change.toObjectTypeId === '0-3');
  if (dealToContact) return { dealId: String(change.fromObjectId), contactId: String(change.toObjectId) };
  if (contactToDeal) return { contactId: String(change.fromObjectId), dealId: String(change.toObjectId) };
  return null;
}

/** The value of an outcome property as Handoff last left it: its last outcome, else its decision's write-back. */
function writtenValue(
  propertyName: string,
  last: LastOutcome,
  decision: StoredDecision | undefined,
): string | undefined {
  if (propertyName === 'handoff_outcome') return last ? last.outcome : decision?.properties.handoff_outcome;
  if (propertyName === 'handoff_disqualification_reason') {
    if (last) return last.outcome === 'disqualified' ? (last.reasonId ?? '') : '';
    return decision?.properties.handoff_disqualification_reason;
  }
  return undefined;
}
