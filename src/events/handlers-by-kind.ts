import type { HubSpotClients } from '../hubspot/client-registry';
import type { Playbook } from '../handoff';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { EventResult } from '../queue/event-handler';
import type { Store, StoredEvent } from '../store/store';
import { decideLeadsFor, decideNewContacts } from '../decisions/decide-new-contacts';
import type { EventKind } from './event-kind';
import { LeadContextLoader } from '../lead-context/gather-lead-context';
import { IndexedCrm } from '../lead-context/indexed-crm';
import { indexChangesOf, refreshCrmIndex } from '../crm-index/refresh-crm-index';
import { recordDealAssociations, recordOutcomeEdits } from '../lifecycle/outcomes-set-in-hubspot';
import type { KindHandler } from './handle-events';
import { handoffJobList } from '../jobs/job-list';
import type { RegisteredJob } from '../queue/job';
import { recycleOnConversion } from '../lifecycle/recycle-leads';
import { LeadStatusOptions } from '../write-back/lead-status-options';
import { recordStageSignals, STAGE_SIGNAL_PROPERTIES } from '../lifecycle/record-stage-signals';
import { recordLeadStages } from '../lifecycle/record-lead-stages';
import { queueSecondChances, SECOND_CHANCE_SIGNAL_PROPERTIES } from '../lifecycle/second-chance-events';

export interface HandoffJobsDeps {
  store: Store;
  clients: HubSpotClients;
  playbook: Playbook;
  /** The portal's own playbook when it saved one on the admin page; `playbook` otherwise. */
  playbookFor?: (portalId: number) => Promise<Playbook>;
  log: Logger;
  now: () => number;
  /** Where pool fallbacks are counted (CONTRACT §6 alerts). */
  metrics?: Pick<Metrics, 'routingFallbacks'> & Partial<Pick<Metrics, 'secondChances' | 'rehandoffs'>>;
}

export interface HandoffWork {
  /** What each kind of webhook event does (the event worker). */
  events: Partial<Record<EventKind, KindHandler>>;
  /** Handoff's own jobs (the job worker): write-back, tasks, response-clock actions. */
  jobs: RegisteredJob[];
}

/**
 * The work behind each kind of event: new contacts are decided (their write-back is a job), and
 * company changes refresh the domain look-ups (HubSpot's search index lags new companies by seconds,
 * so the companies named in webhooks are read directly and kept at hand). The jobs share the
 * events' HubSpot clients and look-up caches.
 */
export function handoffJobs(deps: HandoffJobsDeps): HandoffWork {
  const loaders = new Map<number, { playbook: Playbook; loader: LeadContextLoader }>();
  const playbookFor = deps.playbookFor ?? (async () => deps.playbook);
  const { crmFor } = deps.clients;
  const loaderFor = async (portalId: number, read?: Playbook): Promise<LeadContextLoader> => {
    // A newly saved playbook may read other contact properties: its loader starts afresh.
    const playbook = read ?? (await playbookFor(portalId));
    let entry = loaders.get(portalId);
    if (!entry || entry.playbook !== playbook) {
      entry = {
        playbook,
        loader: new LeadContextLoader({
          crm: await crmFor(portalId),
          now: deps.now,
          playbook,
          index: new IndexedCrm(deps.store, portalId, deps.now),
        }),
      };
      loaders.set(portalId, entry);
    }
    return entry.loader;
  };

  const leadStatusOptions = new LeadStatusOptions(deps.log);
  const outcomeDeps = {
    store: deps.store,
    log: deps.log,
    now: deps.now,
    crm: crmFor,
    playbookFor,
    leadStatusOptions,
  };
  const decideDeps = {
    store: deps.store,
    playbook: deps.playbook,
    playbookFor,
    log: deps.log,
    now: deps.now,
    metrics: deps.metrics,
    loadContext: async (portalId: number, contactIds: string[], playbook: Playbook) =>
      (await loaderFor(portalId, playbook)).load(contactIds),
  };
  const decide = decideNewContacts(decideDeps);
  // CONTRACT §7: new evidence on a parked lead queues one debounced re-decision (`second-chance`).
  const secondChances = queueSecondChances({ ...deps, playbookFor });
  // Company, deal and contact changes reach the CRM index before the work each kind has.
  const indexed =
    (rest?: KindHandler): KindHandler =>
    async (events, portalId) => {
      const changes = indexChangesOf(events);
      await refreshCrmIndex(
        { store: deps.store, crm: await crmFor(portalId), portalId, now: deps.now },
        changes,
      );
      return rest ? rest(events, portalId) : allDone(events);
    };
  const events: Partial<Record<EventKind, KindHandler>> = {
    'contact.created': decide,
    // An explicit buying conversion recycles a parked lead at once; any other may earn a second chance.
    'contact.converted': firstCommitting(recycleOnConversion(deps), secondChances),
    // Outcomes set in HubSpot (property edits, associated deals) are recorded like card actions.
    'contact.changed': indexed(
      byProperty(
        STAGE_SIGNAL_PROPERTIES,
        recordStageSignals(outcomeDeps),
        byProperty(SECOND_CHANCE_SIGNAL_PROPERTIES, secondChances, recordOutcomeEdits(outcomeDeps)),
      ),
    ),
    'contact.merged': indexed(),
    'contact.deleted': indexed(),
    'deal.changed': indexed(recordDealAssociations(outcomeDeps)),
    // The Leads option: the pipeline moves of the HubSpot leads Handoff created (`create-lead` job).
    'lead.changed': recordLeadStages(outcomeDeps),
    'company.changed': indexed(async (events: StoredEvent[], portalId: number) => {
      // Until the index is ready, matching searches: keep the search path's look-ups fresh.
      if ((await deps.store.crmIndex.state(portalId)).phase !== 'ready') {
        const loader = await loaderFor(portalId);
        const ids = [...new Set(events.map((event) => String(event.objectId)))];
        loader.forgetCompanies(ids);
        const deleted = new Set(
          events
            .filter((event) => event.subscriptionType.endsWith('deletion'))
            .map((e) => String(e.objectId)),
        );
        const live = ids.filter((id) => !deleted.has(id));
        if (live.length > 0) loader.noteCompanies(await loader.readCompanies(live));
      }
      return allDone(events);
    }),
  };
  // A parked lead converting again is decided again, as a new round (the `recycle-lead` job).
  const jobs = handoffJobList({
    ...deps,
    playbookFor,
    crm: crmFor,
    loader: loaderFor,
    leadStatusOptions,
    decide: decideLeadsFor(decideDeps),
    decideDeps,
  });
  return { events, jobs };
}

function allDone(events: readonly StoredEvent[]): Map<number, EventResult> {
  return new Map<number, EventResult>(events.map((event) => [event.id, { ok: true }]));
}

/** Property changes named in `properties` go to `matched`, every other event to `rest`. */
function byProperty(properties: ReadonlySet<string>, matched: KindHandler, rest: KindHandler): KindHandler {
  return async (events, portalId) => {
    const named = (event: StoredEvent) =>
      properties.has(String((event.payload as { propertyName?: unknown } | null)?.propertyName ?? ''));
    const [mine, others] = [events.filter(named), events.filter((event) => !named(event))];
    const outcomes = new Map<number, EventResult>();
    if (mine.length > 0) for (const [id, outcome] of await matched(mine, portalId)) outcomes.set(id, outcome);
    if (others.length > 0)
      for (const [id, outcome] of await rest(others, portalId)) outcomes.set(id, outcome);
    return outcomes;
  };
}

/**
 * Both handlers see every event; an event `first` commits work for keeps that outcome, the rest take
 * `second`'s. A conversion that recycles a lead needs no second chance as well.
 */
function firstCommitting(first: KindHandler, second: KindHandler): KindHandler {
  return async (events, portalId) => {
    const outcomes = await first(events, portalId);
    const rest = events.filter((event) => {
      const outcome = outcomes.get(event.id);
      return outcome?.ok === true && !outcome.commit;
    });
    if (rest.length > 0) for (const [id, outcome] of await second(rest, portalId)) outcomes.set(id, outcome);
    return outcomes;
  };
}
