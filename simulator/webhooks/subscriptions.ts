import { OBJECT_TYPE_IDS, SINGULAR, type ObjectType } from '../crm/object-types';
import type { ChangeEvent } from '../portal';

/** A subscription as an app's webhooks config lists it (`webhooks/*.json`, or HubSpot's hsmeta). */
export interface WebhookSubscription {
  /** `object.creation` (generic, with `objectType`) or a legacy type such as `contact.creation`. */
  subscriptionType: string;
  objectType?: string;
  propertyName?: string;
  active?: boolean;
}

/** A webhook event body as HubSpot sends it. */
export interface WebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  objectTypeId?: string;
  changeFlag?: string;
  changeSource: string;
  propertyName?: string;
  propertyValue?: string;
  associationType?: string;
  associationTypeId?: number;
  associationCategory?: string;
  fromObjectId?: number;
  toObjectId?: number;
  fromObjectTypeId?: string;
  toObjectTypeId?: string;
  associationRemoved?: boolean;
  isPrimaryAssociation?: boolean;
}

const CHANGE_FLAGS: Partial<Record<ChangeEvent['kind'], string>> = {
  creation: 'CREATED',
  deletion: 'DELETED',
};

/** Does this subscription cover the change, and as which subscription type? */
export function subscribedType(subscription: WebhookSubscription, change: ChangeEvent): string | null {
  if (subscription.active === false) return null;
  const singular = SINGULAR[change.objectType];
  const [prefix, action] = subscription.subscriptionType.split('.');
  if (action !== change.kind) return null;
  const generic = prefix === 'object';
  const objectType = generic ? subscription.objectType : prefix;
  if (objectType !== singular) return null;
  if (change.kind === 'propertyChange' && subscription.propertyName !== change.propertyName) return null;
  return subscription.subscriptionType;
}

/** The event HubSpot would send for one change under one subscription. */
export function toWebhookEvent(
  change: ChangeEvent,
  subscriptionType: string,
  ids: { eventId: number; subscriptionId: number; appId: number },
): WebhookEvent {
  const generic = subscriptionType.startsWith('object.');
  const flag = CHANGE_FLAGS[change.kind];
  return {
    eventId: ids.eventId,
    subscriptionId: ids.subscriptionId,
    portalId: change.portalId,
    appId: ids.appId,
    occurredAt: change.occurredAt,
    subscriptionType,
    attemptNumber: 0,
    objectId: Number(change.objectId),
    ...(generic ? { objectTypeId: OBJECT_TYPE_IDS[change.objectType] } : {}),
    ...(flag ? { changeFlag: flag } : {}),
    changeSource: change.changeSource,
    ...(change.kind === 'propertyChange'
      ? { propertyName: change.propertyName, propertyValue: change.propertyValue ?? '' }
      : {}),
    ...associationFields(change, generic),
  };
}

/** What an association change event says: both ids, the type as `DEAL_TO_CONTACT`, and (generic) type ids. */
function associationFields(change: ChangeEvent, generic: boolean): Partial<WebhookEvent> {
  const association = change.association;
  if (change.kind !== 'associationChange' || !association) return {};
  const name = (type: ObjectType) => SINGULAR[type].toUpperCase();
  return {
    associationType: `${name(change.objectType)}_TO_${name(association.toObjectType)}`,
    fromObjectId: Number(change.objectId),
    toObjectId: Number(association.toObjectId),
    associationRemoved: association.removed,
    isPrimaryAssociation: false,
    ...(generic
      ? {
          associationTypeId: association.typeId,
          associationCategory: 'HUBSPOT_DEFINED',
          fromObjectTypeId: OBJECT_TYPE_IDS[change.objectType],
          toObjectTypeId: OBJECT_TYPE_IDS[association.toObjectType],
        }
      : {}),
  };
}
