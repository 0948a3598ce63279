import { HandoffError } from '../errors';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { NewEvent, Store } from '../store/store';
import { classifyEvent, describeBatchProblems, unstorableField, webhookBatchSchema } from './events';

/** Whether Handoff works for a portal: installed by OAuth, or the one static-token portal. */
export type PortalGate = (portalId: number) => Promise<boolean>;

export interface ReceiveResult {
  received: number;
  stored: number;
  duplicates: number;
  ignored: number;
  /** Events refused one by one (counted in `ignored`), each with the field and the reason. */
  rejected?: string[];
}

export interface ReceiveDeps {
  store: Store;
  isPortalActive: PortalGate;
  log: Logger;
  metrics?: Metrics;
  now: () => number;
}

/**
 * Stores a verified delivery durably and answers. Never calls HubSpot: HubSpot wants an answer
 * within 5 seconds and retries anything slower.
 */
export async function receiveWebhookBatch(rawBody: Buffer, deps: ReceiveDeps): Promise<ReceiveResult> {
  const events = parseBatch(rawBody);
  const toStore: NewEvent[] = [];
  let ignored = 0;
  const rejected: string[] = [];
  const activeByPortal = new Map<number, boolean>();

  for (const [index, hubspotEvent] of events.entries()) {
    const eventLog = deps.log.child({
      portalId: hubspotEvent.portalId,
      eventId: hubspotEvent.eventId,
      objectId: hubspotEvent.objectId,
    });
    deps.metrics?.eventsReceived.inc({ subscription_type: hubspotEvent.subscriptionType });
    const problem = unstorableField(hubspotEvent, index);
    if (problem) {
      ignored += 1;
      rejected.push(problem);
      deps.metrics?.eventsIgnored.inc({ reason: 'invalid_event' });
      eventLog.warn({ problem }, 'webhook event refused; the rest of the batch is stored');
      continue;
    }
    const classified = classifyEvent(hubspotEvent);
    if (classified.kind === 'unsupported') {
      ignored += 1;
      deps.metrics?.eventsIgnored.inc({ reason: 'unsupported_type' });
      eventLog.info({ reason: classified.reason }, 'webhook event acknowledged and skipped');
      continue;
    }
    let active = activeByPortal.get(hubspotEvent.portalId);
    if (active === undefined) {
      active = await deps.isPortalActive(hubspotEvent.portalId);
      activeByPortal.set(hubspotEvent.portalId, active);
    }
    if (!active) {
      ignored += 1;
      deps.metrics?.eventsIgnored.inc({ reason: 'portal_not_installed' });
      eventLog.warn(
        { subscriptionType: hubspotEvent.subscriptionType },
        'webhook event for a portal Handoff is not installed in: acknowledged, not processed',
      );
      continue;
    }
    eventLog.debug({ subscriptionType: hubspotEvent.subscriptionType }, 'webhook event accepted');
    toStore.push(classified.event);
  }

  const { inserted, duplicates } =
    toStore.length > 0 ? await deps.store.events.insert(toStore, deps.now()) : { inserted: 0, duplicates: 0 };
  deps.metrics?.eventsDeduplicated.inc(duplicates);
  deps.log.info({ received: events.length, stored: inserted, duplicates, ignored }, 'webhook batch stored');
  const result: ReceiveResult = { received: events.length, stored: inserted, duplicates, ignored };
  // Answered 200 with the reasons: a 4xx or 5xx would make HubSpot redeliver the batch for days.
  return rejected.length > 0 ? { ...result, rejected } : result;
}

function parseBatch(rawBody: Buffer) {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new HandoffError(
      'body_invalid',
      'The body is not valid JSON: HubSpot webhooks send a JSON array of events',
      400,
    );
  }
  const parsed = webhookBatchSchema.safeParse(json);
  if (!parsed.success) {
    throw new HandoffError(
      'body_invalid',
      `The body is not a HubSpot webhook batch: ${describeBatchProblems(parsed.error)}`,
      400,
    );
  }
  return parsed.data;
}
