import type { NewDecision, NewEvent, StoredEvent } from '../../src/store/store';

/**
 * A routed sales-ready decision of one contact as the engine stores it (round 1, high priority,
 * owner 111, no match); a test names its portal, contact and time, and overrides what it is about.
 */
export function routedDecision(
  decision: Pick<NewDecision, 'portalId' | 'contactId' | 'decidedAt'> & Partial<NewDecision>,
): NewDecision {
  return {
    round: 1,
    status: 'sales_ready',
    priority: 'high',
    ownerId: '111',
    match: 'none',
    companyId: null,
    dealId: null,
    reason: 'Sales-ready (high)',
    properties: { handoff_status: 'sales_ready' },
    record: {},
    eventKey: 'k',
    slaDueAt: null,
    slaStatus: null,
    ...decision,
  };
}

/** An event as the event worker hands it to a handler: claimed by `leaseOwner`, first attempt. */
export function claimedEvent(event: NewEvent, id: number, now: number, leaseOwner = 'w'): StoredEvent {
  return {
    ...event,
    id,
    status: 'processing',
    attempts: 1,
    availableAt: now,
    leaseOwner,
    leaseUntil: now + 60_000,
    lastError: null,
    receivedAt: now,
    processedAt: null,
  };
}
