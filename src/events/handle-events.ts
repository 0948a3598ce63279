import type { HubSpotClients } from '../hubspot/client-registry';
import type { Logger } from '../log';
import type { EventHandler, EventResult } from '../queue/event-handler';
import type { StoredEvent } from '../store/store';
import { eventKind, type EventKind } from './event-kind';
import { foldIntoCreations } from './fold-into-creations';

/** Work for one kind of event, given every event of that kind in the claimed batch. */
export type KindHandler = (events: StoredEvent[], portalId: number) => Promise<Map<number, EventResult>>;

export interface HandleEventsDeps {
  clients: HubSpotClients;
  log: Logger;
  handlers?: Partial<Record<EventKind, KindHandler>>;
}

/**
 * The queue's entry point: folds the property changes that came with a creation into it, splits
 * the rest of a claimed batch (one portal) by kind and hands each group to its handler, so a batch of 100 new contacts is decided with batch calls, not one call each. Kinds
 * Handoff has no work for are completed with a log line, never left to retry forever.
 */
export function handleEvents(deps: HandleEventsDeps): EventHandler {
  return async (events, context) => {
    const outcomes = new Map<number, EventResult>();
    const { work, folded } = foldIntoCreations(events);
    for (const event of folded) outcomes.set(event.id, { ok: true });
    if (folded.length > 0)
      context.log.debug({ count: folded.length }, 'property changes folded into creations');
    const groups = new Map<EventKind, StoredEvent[]>();
    for (const event of work) {
      const kind = eventKind(event);
      groups.set(kind, [...(groups.get(kind) ?? []), event]);
    }
    for (const [kind, group] of groups) {
      const handler = deps.handlers?.[kind];
      if (!handler) {
        for (const event of group) outcomes.set(event.id, { ok: true });
        context.log.debug({ kind, count: group.length }, 'no handoff work for these events');
        continue;
      }
      const portalId = group[0]?.portalId as number;
      for (const [id, outcome] of await handler(group, portalId)) outcomes.set(id, outcome);
    }
    return outcomes;
  };
}
