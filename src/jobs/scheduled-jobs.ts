import type { HubSpotClients } from '../hubspot/client-registry';
import { HubSpotCrm } from '../hubspot/crm';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import type { PlaybookSource } from './portal-playbook';
import { reconcileContacts } from './reconcile-contacts';
import { refreshTokens } from './refresh-tokens';
import type { ScheduledJob } from './scheduler';
import { sweepSla } from './sla-sweep';
import { sweepCrmIndex } from './sweep-crm-index';

export interface ScheduledJobsDeps extends PlaybookSource {
  store: Store;
  clients: HubSpotClients;
  log: Logger;
  mode: 'static' | 'oauth';
  /** Single-portal mode: the portal reconciliation searches (none: it cannot know which). */
  staticPortalId?: number;
}

const MINUTE = 60_000;

/** The app's schedule: the SLA sweep every minute, reconciliation and token refresh every 5. */
export function scheduledJobs(deps: ScheduledJobsDeps): ScheduledJob[] {
  const crm = async (portalId: number) => new HubSpotCrm(await deps.clients.forPortal(portalId));
  const portals = async (): Promise<number[]> => {
    if (deps.mode === 'static') return deps.staticPortalId === undefined ? [] : [deps.staticPortalId];
    return (await deps.store.listInstalledPortals()).map((portal) => portal.portalId);
  };
  const jobs: ScheduledJob[] = [
    {
      name: 'sla-sweep',
      schedule: '* * * * *',
      everyMs: MINUTE,
      run: async (now) => JSON.stringify(await sweepSla({ ...deps, crm }, now)),
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
