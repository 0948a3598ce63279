import { HubSpotCrm } from '../hubspot/crm';
import type { HubSpotClients } from '../hubspot/client-registry';
import type { Playbook } from '../handoff';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { EventOutcome } from '../queue/event-handler';
import type { Store, StoredEvent } from '../store/store';
import { decideNewContacts } from './decide-new-contacts';
import type { EventKind } from './event-kind';
import { LeadContextLoader } from './gather-lead-context';
import { recordDealAssociations, recordOutcomeEdits } from './record-outcomes';
import type { KindHandler } from './handle-events';
import { applySlaActions } from './apply-sla-actions';
import { recycleOnConversion } from './recycle-leads';
import { writeBackDecisions } from './write-back-decisions';

export interface HandoffJobsDeps {
  store: Store;
  clients: HubSpotClients;
  playbook: Playbook;
  /** The portal's own playbook when it saved one on the admin page; `playbook` otherwise. */
  playbookFor?: (portalId: number) => Promise<Playbook>;
  log: Logger;
  now: () => number;
  /** Where pool fallbacks are counted (CONTRACT §6 alerts). */
  metrics?: Pick<Metrics, 'routingFallbacks'>;
}

/**
 * The work behind each kind of event: new contacts are decided, decisions are written back, and
 * company changes refresh the domain look-ups (HubSpot's search index lags new companies by seconds,
 * so the companies named in webhooks are read directly and kept at hand).
 */
export function handoffJobs(deps: HandoffJobsDeps): Partial<Record<EventKind, KindHandler>> {
  const loaders = new Map<number, { playbook: Playbook; loader: LeadContextLoader }>();
  const playbookFor = deps.playbookFor ?? (async () => deps.playbook);
  const crmFor = async (portalId: number) => new HubSpotCrm(await deps.clients.forPortal(portalId));
  const loaderFor = async (portalId: number): Promise<LeadContextLoader> => {
    // A newly saved playbook may read other contact properties: its loader starts afresh.
    const playbook = await playbookFor(portalId);
    let entry = loaders.get(portalId);
    if (!entry || entry.playbook !== playbook) {
      entry = {
        playbook,
        loader: new LeadContextLoader({ crm: await crmFor(portalId), now: deps.now, playbook }),
      };
      loaders.set(portalId, entry);
    }
    return entry.loader;
  };

  const decide = decideNewContacts({
    store: deps.store,
    playbook: deps.playbook,
    playbookFor,
    log: deps.log,
    now: deps.now,
    metrics: deps.metrics,
    loadContext: async (portalId, contactIds) => (await loaderFor(portalId)).load(contactIds),
  });
  return {
    'contact.created': decide,
    // A parked lead converting again is decided again, as a new round.
    'contact.recycled': decide,
    'contact.converted': recycleOnConversion(deps),
    'handoff.sla': applySlaActions({ ...deps, crm: crmFor, loader: loaderFor }),
    'handoff.writeback': writeBackDecisions({ ...deps, crm: crmFor }),
    // Outcomes set in HubSpot (property edits, associated deals) are recorded like card actions.
    'contact.changed': recordOutcomeEdits({ store: deps.store, log: deps.log, now: deps.now, crm: crmFor }),
    'deal.changed': recordDealAssociations({ store: deps.store, log: deps.log, now: deps.now, crm: crmFor }),
    'company.changed': async (events: StoredEvent[], portalId: number) => {
      const loader = await loaderFor(portalId);
      const ids = [...new Set(events.map((event) => String(event.objectId)))];
      loader.forgetCompanies(ids);
      const deleted = new Set(
        events.filter((event) => event.subscriptionType.endsWith('deletion')).map((e) => String(e.objectId)),
      );
      const live = ids.filter((id) => !deleted.has(id));
      if (live.length > 0) loader.noteCompanies(await loader.readCompanies(live));
      return new Map<number, EventOutcome>(events.map((event) => [event.id, { ok: true }]));
    },
  };
}
