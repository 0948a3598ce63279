import type { HubSpotClients } from '../hubspot/client-registry';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import type { PlaybookSource } from '../playbooks/playbook-source';
import { archiveEvents } from './archive-events';
import { reconcileContacts } from './reconcile-contacts';
import { refreshTokens } from './refresh-tokens';
import type { ScheduledJob } from './scheduler';
import { sweepSla } from './sla-sweep';
import { LeadStatusOptions } from '../write-back/lead-status-options';
import { sweepNoResponse } from './no-response-sweep';
import { sweepCrmIndex } from '../crm-index/sweep-crm-index';

export interface ScheduledJobsDeps extends PlaybookSource {
  store: Store;
  clients: HubSpotClients;
  log: Logger;
  mode: 'static' | 'oauth';
  /** Single-portal mode: the portal reconciliation searches (none: it cannot know which). */
  staticPortalId?: number;
}

const MINUTE = 60_000;

/**
 * The app's schedule: the SLA sweep and the event archiver every minute, the no-response sweep every
 * 15, reconciliation and token refresh every 5.
 */
export function scheduledJobs(deps: ScheduledJobsDeps): ScheduledJob[] {
  const crm = deps.clients.crmFor;
  // The no-response write moves `hs_lead_status` with the stage: the portal's options, read once an hour.
  const leadStatusOptions = new LeadStatusOptions(deps.log);
  const portals = async (): Promise<number[]> => {
    if (deps.mode === 'static') return deps.staticPortalId === undefined ? [] : [deps.staticPortalId];
    return (await deps.store.portals.installed()).map((portal) => portal.portalId);
  };
  const jobs: ScheduledJob[] = [
    {
      name: 'sla-sweep',
      schedule: '* * * * *',
      everyMs: MINUTE,
      run: async (now) => JSON.stringify(await sweepSla({ ...deps, crm }, now)),
    },
    {
      // Every 15 minutes: each round is read only when its check is due (its own time, or daily).
      name: 'no-response-sweep',
      schedule: '*/15 * * * *',
      everyMs: 15 * MINUTE,
      run: async (now) => JSON.stringify(await sweepNoResponse({ ...deps, crm, leadStatusOptions }, now)),
    },
    {
      // Done events leave the claim's table, so a claim costs the same at any history size.
      name: 'archive-events',
      schedule: '* * * * *',
      everyMs: MINUTE,
      run: async (now) => `${await archiveEvents(deps.store, now)} events archived`,
    },
    {
      name: 'reconcile-contacts',
      schedule: '*/5 * * * *',
      everyMs: 5 * MINUTE,
      run: async (now) => {
        const lines: string[] = [];
        for (const portalId of await portals()) {
          const report = await reconcileContacts(
            { store: deps.store, crm: await crm(portalId), log: deps.log },
            portalId,
            now,
          );
          lines.push(`${portalId}: ${report.found} found, ${report.queued} queued`);
        }
        return lines.join('; ') || 'no portal to reconcile';
      },
    },
    {
      // Issue 16: repairs the CRM index where a webhook never came (ready indexes only).
      name: 'sweep-crm-index',
      schedule: '*/5 * * * *',
      everyMs: 5 * MINUTE,
      run: async (now) => {
        const lines: string[] = [];
        for (const portalId of await portals()) {
          const report = await sweepCrmIndex({
            store: deps.store,
            crm: await crm(portalId),
            portalId,
            now: () => now,
          });
          if (report) lines.push(`${portalId}: ${report.repaired} repaired in ${report.searches} searches`);
        }
        return lines.join('; ') || 'no ready index to sweep';
      },
    },
  ];
  if (deps.mode === 'oauth') {
    jobs.push({
      name: 'refresh-tokens',
      schedule: '*/5 * * * *',
      everyMs: 5 * MINUTE,
      run: async (now) => JSON.stringify(await refreshTokens(deps, now)),
    });
  }
  return jobs;
}
