import { z } from 'zod';
import { defineJob, type JobResult, type RegisteredJob } from '../queue/job';
import type { HubSpotCrm } from '../hubspot/crm';
import type { Store } from '../store/store';
import { SYNC_CRM_INDEX } from '../jobs/job-names';
import { syncCrmIndex, syncUnderWay } from './sync-crm-index';

export const syncCrmIndexPayload = z.object({ reason: z.string() });

/**
 * The first build of a portal's CRM index, enqueued once provisioning succeeded (install, or
 * single-portal start-up). The key is one per portal: a build interrupted by a crash is the same
 * job run again, and it resumes from the cursor its last stored page left.
 */
export function crmIndexSyncJob(portalId: number, continuation?: number) {
  return {
    name: SYNC_CRM_INDEX,
    portalId,
    key: `${SYNC_CRM_INDEX}:${portalId}${continuation !== undefined ? `:after-call-${continuation}` : ''}`,
    payload: { reason: continuation !== undefined ? 'continue' : 'install' },
  };
}

/**
 * Pages one run reads before handing on to a next job (about 45 s at HubSpot's 110 calls per 10 s):
 * a large portal's build never outlives the job's lease, and other jobs of the portal get turns.
 */
export const SYNC_PAGES_PER_RUN = 500;

/** Enqueues the first build when the portal's index is not ready; true when it was added now. */
export async function enqueueFirstSync(store: Store, portalId: number, now: number): Promise<boolean> {
  if ((await store.crmIndex.state(portalId)).phase === 'ready') return false;
  return store.jobs.enqueue(crmIndexSyncJob(portalId), now);
}

export function syncCrmIndexJob(deps: {
  store: Store;
  now: () => number;
  crm: (portalId: number) => Promise<HubSpotCrm>;
  /** Tests: a smaller page budget per run. */
  pagesPerRun?: number;
}): RegisteredJob {
  return defineJob({
    name: SYNC_CRM_INDEX,
    schema: syncCrmIndexPayload,
    handler: async (jobs, { portalId, log }) => {
      const outcomes = new Map<number, JobResult>();
      const [first, ...others] = jobs;
      for (const job of others) outcomes.set(job.id, { ok: true });
      if (!first) return outcomes;
      try {
        const client = (await deps.crm(portalId)).client;
        const state = await syncCrmIndex({
          store: deps.store,
          client,
          portalId,
          now: deps.now,
          maxPages: deps.pagesPerRun ?? SYNC_PAGES_PER_RUN,
        });
        if (syncUnderWay(state)) {
          log.info({ portalId, records: state.records, calls: state.calls }, 'CRM index build continues');
          const next = crmIndexSyncJob(portalId, state.calls);
          outcomes.set(first.id, {
            ok: true,
            commit: async (tx) => void (await tx.jobs.enqueue(next, deps.now())),
          });
        } else {
          log.info({ portalId, records: state.records, calls: state.calls }, 'CRM index built');
          outcomes.set(first.id, { ok: true });
        }
      } catch (error) {
        outcomes.set(first.id, { ok: false, error });
      }
      return outcomes;
    },
  });
}
