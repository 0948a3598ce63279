import type { Logger } from '../log';
import type { StoredEvent } from '../store/store';

/** HubSpot's own `eventId`, which support and HubSpot's delivery log know the event by. */
function hubspotEventId(payload: unknown): number | string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const eventId = (payload as { eventId?: unknown }).eventId;
  return typeof eventId === 'number' || typeof eventId === 'string' ? eventId : undefined;
}

/** A child logger whose every line names the event: portal, HubSpot event id and object. */
export function eventLogger(log: Logger, event: StoredEvent): Logger {
  return log.child({
    portalId: event.portalId,
    eventId: hubspotEventId(event.payload),
    objectId: event.objectId,
    queueEventId: event.id,
    attempt: event.attempts,
  });
}
