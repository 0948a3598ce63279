import { claimGroupOf } from './claim-groups';
import type { Insertable, Selectable } from 'kysely';
import type { PortalsTable, WebhookEventsTable } from './schema';
import type { NewEvent, StoredEvent } from './event-inbox';
import type { PortalRecord } from './portals';

/** Mapping between stored rows and the records the rest of the app sees. */

export function toNewEventRow(event: NewEvent, receivedAt: number): Insertable<WebhookEventsTable> {
  return {
    portal_id: event.portalId,
    event_key: event.eventKey,
    subscription_type: event.subscriptionType,
    object_type_id: event.objectTypeId,
    object_id: event.objectId,
    occurred_at: event.occurredAt,
    payload: JSON.stringify(event.payload ?? null),
    status: 'queued',
    attempts: 0,
    available_at: receivedAt,
    received_at: receivedAt,
    claim_group: claimGroupOf(event),
  };
}

export function toStoredEvent(row: Selectable<WebhookEventsTable>): StoredEvent {
  return {
    id: row.id,
    portalId: row.portal_id,
    eventKey: row.event_key,
    subscriptionType: row.subscription_type,
    objectTypeId: row.object_type_id,
    objectId: row.object_id,
    occurredAt: row.occurred_at,
    payload: JSON.parse(row.payload) as unknown,
    status: row.status,
    attempts: row.attempts,
    availableAt: row.available_at,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    receivedAt: row.received_at,
    processedAt: row.processed_at,
  };
}

export function toPortalRow(portal: PortalRecord): Selectable<PortalsTable> {
  return {
    portal_id: portal.portalId,
    status: portal.status,
    access_token_cipher: portal.accessTokenCipher,
    refresh_token_cipher: portal.refreshTokenCipher,
    access_token_expires_at: portal.accessTokenExpiresAt,
    scopes: JSON.stringify(portal.scopes),
    installed_at: portal.installedAt,
    updated_at: portal.updatedAt,
  };
}

export function toPortalRecord(row: Selectable<PortalsTable>): PortalRecord {
  return {
    portalId: row.portal_id,
    status: row.status,
    accessTokenCipher: row.access_token_cipher,
    refreshTokenCipher: row.refresh_token_cipher,
    accessTokenExpiresAt: row.access_token_expires_at,
    scopes: JSON.parse(row.scopes) as string[],
    installedAt: row.installed_at,
    updatedAt: row.updated_at,
  };
}
