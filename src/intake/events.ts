import { z } from 'zod';
import type { NewEvent } from '../store/store';

/**
 * The shapes HubSpot delivers. Apps on the current platform subscribe with generic `object.*`
 * types that carry `objectTypeId`; older apps get `contact.creation` and friends. Both are
 * accepted and reduced to one stored form.
 */

const OBJECT_TYPE_IDS: Record<string, string> = { contact: '0-1', company: '0-2', deal: '0-3' };

const LEGACY_TYPE =
  /^(contact|company|deal)\.(creation|deletion|propertyChange|merge|restore|associationChange|privacyDeletion)$/;
const GENERIC_TYPE = /^object\.(creation|deletion|propertyChange|merge|restore|associationChange)$/;

const id = z.number().int().nonnegative();

/** Fields every HubSpot webhook event carries. Unknown extra fields are kept, not refused. */
const baseEvent = z
  .object({
    eventId: id,
    subscriptionId: id,
    portalId: id,
    appId: id,
    occurredAt: z.number().int().positive(),
    subscriptionType: z.string().min(1),
    attemptNumber: z.number().int().nonnegative(),
    objectId: id.optional(),
    objectTypeId: z
      .string()
      .regex(/^\d+-\d+$/)
      .optional(),
    changeSource: z.string().optional(),
    changeFlag: z.string().optional(),
    propertyName: z.string().optional(),
    propertyValue: z.string().optional(),
    primaryObjectId: id.optional(),
    mergedObjectIds: z.array(id).optional(),
    newObjectId: id.optional(),
    associationType: z.string().optional(),
    fromObjectId: id.optional(),
    toObjectId: id.optional(),
    associationRemoved: z.boolean().optional(),
  })
  .passthrough();

export type HubSpotEvent = z.infer<typeof baseEvent>;

/** A delivery is a JSON array of events; HubSpot sends at most 100 per request. */
export const webhookBatchSchema = z.array(baseEvent).min(1, 'the batch is empty').max(1000);

export type Classified =
  { kind: 'supported'; event: NewEvent } | { kind: 'unsupported'; reason: string; event: HubSpotEvent };

/** Decides what an event is about and gives it a stable identity for de-duplication. */
export function classifyEvent(event: HubSpotEvent): Classified {
  const type = event.subscriptionType;
  let objectTypeId: string | undefined;
  if (GENERIC_TYPE.test(type)) {
    objectTypeId = event.objectTypeId;
    if (!objectTypeId) return { kind: 'unsupported', reason: `${type} without objectTypeId`, event };
  } else {
    const legacy = LEGACY_TYPE.exec(type);
    if (!legacy)
      return { kind: 'unsupported', reason: `subscription type ${type} is not one Handoff uses`, event };
    objectTypeId = OBJECT_TYPE_IDS[legacy[1] as string];
  }
  const objectId = event.objectId ?? event.fromObjectId ?? event.primaryObjectId;
  if (objectId === undefined) return { kind: 'unsupported', reason: `${type} without an object id`, event };
  return {
    kind: 'supported',
    event: {
      portalId: event.portalId,
      eventKey: eventKey(event, objectId),
      subscriptionType: type,
      objectTypeId: objectTypeId as string,
      objectId,
      occurredAt: event.occurredAt,
      payload: event,
    },
  };
}

/**
 * HubSpot's eventId is not unique across subscription types, so identity is the tuple of portal,
 * type, object, event id, time and (for property changes) the property.
 */
export function eventKey(event: HubSpotEvent, objectId: number): string {
  const parts = [event.portalId, event.subscriptionType, objectId, event.eventId, event.occurredAt];
  if (event.propertyName) parts.push(event.propertyName);
  if (event.toObjectId !== undefined) parts.push(event.toObjectId);
  return parts.join(':');
}

/** Turns zod's issues into one line a developer can act on. */
export function describeBatchProblems(error: z.ZodError): string {
  const shown = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length > 0 ? `event${formatPath(issue.path)}` : 'body';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return `${shown.join('; ')}${more}`;
}

function formatPath(path: (string | number)[]): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('');
}

const NUMERIC_FIELDS = [
  'eventId',
  'subscriptionId',
  'portalId',
  'appId',
  'occurredAt',
  'objectId',
  'primaryObjectId',
  'newObjectId',
  'fromObjectId',
  'toObjectId',
] as const;

/**
 * Why an event that passed the batch schema still cannot be stored, or null. A number past 2^53
 * has already lost digits in JSON.parse (it would name another record) and one past 2^63 does not
 * fit PostgreSQL's bigint: such an event is refused alone, so the rest of its batch is stored.
 */
export function unstorableField(event: HubSpotEvent, index: number): string | null {
  for (const field of NUMERIC_FIELDS) {
    const value = event[field];
    if (value !== undefined && !Number.isSafeInteger(value)) {
      return `event[${index}].${field}: ${value} is not an id or time HubSpot sends (larger than 2^53); the event was not stored`;
    }
  }
  const merged = event.mergedObjectIds?.find((value) => !Number.isSafeInteger(value));
  if (merged !== undefined)
    return `event[${index}].mergedObjectIds: ${merged} is larger than 2^53; the event was not stored`;
  return null;
}
