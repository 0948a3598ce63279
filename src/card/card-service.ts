import { HandoffError } from '../errors';
import type { Playbook } from '../handoff';
import { HANDOFF_PROPERTY_NAMES } from '../handoff/handoff-properties';
import { STAGE_INPUT_PROPERTIES } from '../handoff/stage-properties';
import { OTHER_REASON } from '../handoff/outcome-properties';
import type { HubSpotClients } from '../hubspot/client-registry';
import type { HubSpotCrm, SimplePublicObject } from '../hubspot/crm';
import { HubSpotNotFoundError } from '../hubspot/hubspot-errors';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import { LeadStatusOptions, stageFieldsOf } from '../write-back/lead-status-options';
import { buildCardContext, CONTEXT_CONTACT_PROPERTIES } from './card-context';
import type { CardContext, OutcomeResult } from './card-contract';
import type { CardIdentity } from './card-identity';
import { idempotencyKey, parseOutcomeRequest } from './card-request';
import { recordOutcome, type RecordedOutcome } from '../lifecycle/record-outcome';
import { HANDOFF_PROPERTIES } from '../hubspot/property-definitions';
import { parseNextStepRequest, parseRatingRequest } from './feedback-requests';
import {
  recordNextStep,
  recordRating,
  type FeedbackTarget,
  type RecordedNextStep,
  type RecordedRating,
} from './record-feedback';

export interface CardServiceDeps {
  store: Store;
  clients: HubSpotClients;
  playbook: Playbook;
  /** The portal's own playbook when it saved one on the admin page; `playbook` otherwise. */
  playbookFor?: (portalId: number) => Promise<Playbook>;
  log: Logger;
  now: () => number;
  /** The portal's `hs_lead_status` options (shared with the jobs when given). */
  leadStatusOptions?: LeadStatusOptions;
}

/** What the card's outcome button gets back (`OutcomeResult`), with what was written. */
export type CardActionResult = RecordedOutcome & OutcomeResult;

const HISTORY_LIMIT = 10;

/**
 * The card's backend: the context a rep sees on a contact and the outcomes the rep records. Every
 * call reads the contact through the signed portal's own HubSpot client first, so a contact of
 * another account is a 404 before anything of it is read or written.
 */
export class CardService {
  private readonly leadStatusOptions: LeadStatusOptions;

  constructor(private readonly deps: CardServiceDeps) {
    this.leadStatusOptions = deps.leadStatusOptions ?? new LeadStatusOptions(deps.log);
  }

  private async playbookOf(portalId: number): Promise<Playbook> {
    return this.deps.playbookFor ? this.deps.playbookFor(portalId) : this.deps.playbook;
  }

  /** The playbook's standardized reasons, plus "Other" (with a required note) when it has none. */
  async reasonsFor(portalId: number): Promise<Array<{ id: string; label: string }>> {
    const playbook = await this.playbookOf(portalId);
    const reasons = playbook.disqualification.reasons.map(({ id, label }) => ({ id, label }));
    return reasons.some((reason) => reason.id === OTHER_REASON.id) ? reasons : [...reasons, OTHER_REASON];
  }

  async context(identity: CardIdentity, contactId: string): Promise<CardContext> {
    const crm = await this.crm(identity);
    const contact = await this.readContact(crm, contactId);
    const decision = (await this.deps.store.decisions.latest(identity.portalId, [contactId])).get(contactId);
    const ownerId = text(contact.properties.handoff_owner) ?? decision?.ownerId ?? null;
    const dealId = text(contact.properties.handoff_matched_deal_id) ?? decision?.dealId ?? null;
    const [ownerName, deal, history, transitions, rating, nextStep] = await Promise.all([
      ownerId ? this.ownerName(crm, ownerId) : null,
      dealId ? this.deal(crm, dealId) : null,
      this.deps.store.outcomes.list({ portalId: identity.portalId, contactId, limit: HISTORY_LIMIT }),
      this.deps.store.stages.list({ portalId: identity.portalId, contactIds: [contactId] }),
      this.deps.store.feedback.latestRating(identity.portalId, contactId),
      this.deps.store.feedback.latestNextStep(identity.portalId, contactId),
    ]);
    const ratingReasons = (await this.playbookOf(identity.portalId)).leadRating.reasons;
    return buildCardContext({
      contactId,
      properties: contact.properties,
      decision,
      ownerName,
      deal,
      reasons: await this.reasonsFor(identity.portalId),
      history,
      transitions,
      feedback: { rating, nextStep, ratingReasons },
    });
  }

  /** A next step: stored once per request id, then a task for the owner and the contact's properties. */
  async nextStep(identity: CardIdentity, contactId: string, body: unknown): Promise<RecordedNextStep> {
    const request = parseNextStepRequest(body, this.deps.now());
    // The owner the task goes to is HubSpot's current one: read the contact.
    const target = await this.feedbackTarget(identity, contactId, { readContact: true });
    const recorded = await recordNextStep(this.deps, target, request);
    this.logFeedback(identity, contactId, 'card next step recorded', recorded.replayed);
    return recorded;
  }

  /** A lead-quality rating (1–5, optional reason): stored once per request id, then the contact's properties. */
  async rate(identity: CardIdentity, contactId: string, body: unknown): Promise<RecordedRating> {
    const reasons = (await this.playbookOf(identity.portalId)).leadRating.reasons;
    const request = parseRatingRequest(body, reasons);
    const target = await this.feedbackTarget(identity, contactId, { readContact: false });
    const recorded = await recordRating(this.deps, target, request, reasons);
    this.logFeedback(identity, contactId, 'card rating recorded', recorded.replayed);
    return recorded;
  }

  /**
   * The contact as the signed portal holds it (a contact of another account is a 404). A contact
   * Handoff decided for this portal is known to be the portal's own, so a rating, which needs none
   * of its properties, reads nothing from HubSpot (`readContact: false`).
   */
  private async feedbackTarget(
    identity: CardIdentity,
    contactId: string,
    options: { readContact: boolean },
  ): Promise<FeedbackTarget> {
    const decision = (await this.deps.store.decisions.latest(identity.portalId, [contactId])).get(contactId);
    if (decision && !options.readContact) return { ...identity, contactId, properties: {}, decision };
    const contact = await this.readContact(await this.crm(identity), contactId);
    return { ...identity, contactId, properties: contact.properties, decision };
  }

  private logFeedback(identity: CardIdentity, contactId: string, what: string, replayed: boolean): void {
    this.deps.log.info({ portalId: identity.portalId, contactId, userId: identity.userId, replayed }, what);
  }

  async act(identity: CardIdentity, contactId: string, body: unknown): Promise<CardActionResult> {
    const reasons = await this.reasonsFor(identity.portalId);
    const request = parseOutcomeRequest(body, reasons);
    const crm = await this.crm(identity);
    const contact = await this.readContact(crm, contactId);
    const now = this.deps.now();
    const recorded = await recordOutcome(
      {
        store: this.deps.store,
        crm,
        now: this.deps.now,
        stageFields: stageFieldsOf(
          await this.playbookOf(identity.portalId),
          this.leadStatusOptions,
          identity.portalId,
          crm,
        ),
      },
      {
        portalId: identity.portalId,
        contactId,
        outcome: request.outcome,
        reasonId: request.reasonId,
        note: request.note,
        source: 'card',
        actor: `user:${identity.userId}`,
        idempotencyKey: idempotencyKey({ userId: identity.userId, contactId }, request, now),
        at: now,
      },
      contact.properties,
    );
    this.deps.log.info(
      {
        portalId: identity.portalId,
        contactId,
        userId: identity.userId,
        outcome: recorded.outcome,
        replayed: recorded.replayed,
      },
      'card outcome recorded',
    );
    return { ...recorded, message: this.message(recorded, reasons) };
  }

  private message(recorded: RecordedOutcome, reasons: Array<{ id: string; label: string }>): string {
    const reason = reasons.find((item) => item.id === recorded.reasonId)?.label;
    const what = `${OUTCOME_LABELS[recorded.outcome] ?? recorded.outcome}${reason ? ` (${reason})` : ''}`;
    return `Outcome recorded: ${what}.${recorded.closed ? ' The handoff is closed.' : ''}`;
  }

  private async crm(identity: CardIdentity): Promise<HubSpotCrm> {
    return this.deps.clients.crmForSignedRequest(identity.portalId);
  }

  private async readContact(crm: HubSpotCrm, contactId: string): Promise<SimplePublicObject> {
    if (!/^\d{1,19}$/.test(contactId)) {
      throw new HandoffError('card_invalid', `"${contactId.slice(0, 40)}" is not a HubSpot contact id`, 400);
    }
    try {
      return await crm.getObject('contacts', contactId, [
        ...HANDOFF_PROPERTY_NAMES,
        ...CONTEXT_CONTACT_PROPERTIES,
        ...STAGE_INPUT_PROPERTIES,
      ]);
    } catch (error) {
      if (error instanceof HubSpotNotFoundError) {
        throw new HandoffError(
          'not_found',
          'This contact is not in your HubSpot account (it may have been deleted or merged): reload the record',
          404,
        );
      }
      throw error;
    }
  }

  /** Best effort: the card shows the owner id when the name cannot be read. */
  private async ownerName(crm: HubSpotCrm, ownerId: string): Promise<string | null> {
    try {
      const owner = await crm.getOwner(ownerId);
      const name = [owner.firstName, owner.lastName].filter(Boolean).join(' ').trim();
      return name || owner.email || null;
    } catch {
      return null;
    }
  }

  private async deal(
    crm: HubSpotCrm,
    dealId: string,
  ): Promise<{ id: string; name: string | null; stage: string | null }> {
    try {
      const deal = await crm.getObject('deals', dealId, ['dealname', 'dealstage']);
      return { id: dealId, name: text(deal.properties.dealname), stage: text(deal.properties.dealstage) };
    } catch {
      return { id: dealId, name: null, stage: null };
    }
  }
}

/** The `handoff_outcome` option labels, as marketing sees them in HubSpot. */
const OUTCOME_LABELS: Record<string, string> = Object.fromEntries(
  (HANDOFF_PROPERTIES.find((property) => property.name === 'handoff_outcome')?.options ?? []).map(
    (option) => [option.value, option.label],
  ),
);

function text(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}
