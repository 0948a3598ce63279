import { replayPlaybook } from '../cli/handoff-commands';
import type { Config } from '../config';
import type { HubSpotClients } from '../hubspot/client-registry';
import type { HubSpotOAuth } from '../hubspot/oauth';
import type { AdminRouteOptions } from '../http/admin-routes';
import { IndexedCrm } from '../lead-context/indexed-crm';
import { LeadContextLoader } from '../lead-context/gather-lead-context';
import { readingAlso } from '../lead-context/lead-context-properties';
import type { Logger } from '../log';
import type { PortalPlaybooks } from '../playbooks/portal-playbooks';
import type { Store } from '../store/store';
import { AdminService, type DryRun } from './admin-service';
import { AdminSessions } from './admin-session';
import { PortalOwnerNames } from './display-names';
import { hubspotSignIn } from './admin-sign-in';

export interface AdminSetupDeps {
  config: Config;
  store: Store;
  clients: HubSpotClients;
  playbooks: PortalPlaybooks;
  /** The OAuth app (HubSpot sign-in); null in single-portal mode. */
  oauth: HubSpotOAuth | null;
  manifest: { redirectPath: string; scopes: string[] };
  log: Logger;
  now: () => number;
}

/** The admin page as the running app serves it: sign-in per mode, reports, playbook, dry run. */
export function adminSetup(deps: AdminSetupDeps): AdminRouteOptions {
  const { config } = deps;
  // ADMIN_TOKEN signs in to the single portal; with OAuth installs, users sign in with HubSpot.
  const adminToken = config.mode === 'static' ? config.adminToken : undefined;
  const dryRun: DryRun = async (portalId, playbook, last) => {
    const crm = await deps.clients.crmFor(portalId);
    const history = await deps.playbooks.history(portalId);
    const reads = readingAlso(
      playbook,
      history.list().map((known) => known.playbook),
    );
    const loader = new LeadContextLoader({
      crm,
      playbook: reads,
      now: deps.now,
      index: new IndexedCrm(deps.store, portalId, deps.now),
    });
    const context = { store: deps.store, portalId, playbook, loader, now: deps.now, history };
    return replayPlaybook(context, playbook, last);
  };
  const ownerNames = new PortalOwnerNames({
    crmFor: deps.clients.crmFor,
    log: deps.log,
    now: deps.now,
  });
  return {
    store: deps.store,
    service: new AdminService({
      ownerNames: (portalId) => ownerNames.forPortal(portalId),
      now: deps.now,
      store: deps.store,
      playbooks: deps.playbooks,
      dryRun,
      fallbackLabel: config.handoffConfigPath
        ? `HANDOFF_CONFIG (${config.handoffConfigPath})`
        : 'the built-in playbook',
    }),
    playbooks: deps.playbooks,
    sessions: new AdminSessions(config.hubspotClientSecret, adminToken),
    log: deps.log,
    now: deps.now,
    appBaseUrl: config.appBaseUrl,
    token:
      adminToken && config.mode === 'static' && config.hubspotPortalId !== undefined
        ? { value: adminToken, portalId: config.hubspotPortalId }
        : undefined,
    hubspot: deps.oauth
      ? hubspotSignIn(deps.oauth, config.appBaseUrl + deps.manifest.redirectPath, deps.manifest.scopes)
      : undefined,
    callbackPath: deps.manifest.redirectPath,
  };
}
