import { isHandoffError } from '../errors';
import type { HubSpotClients } from '../hubspot/client-registry';
import type { Logger } from '../log';
import type { Store } from '../store/store';

export interface RefreshReport {
  refreshed: number;
  uninstalled: number[];
}

/**
 * Keeps every installed portal's access token fresh ahead of expiry (tokens live 30 minutes), so
 * no webhook batch waits on a refresh. A portal whose refresh token HubSpot refuses has removed the
 * app: its tokens are deleted, its waiting work is dead-lettered with the reason, and its client
 * is dropped. A reinstall starts it again.
 */
export async function refreshTokens(
  deps: { store: Store; clients: HubSpotClients; log: Logger },
  now: number,
): Promise<RefreshReport> {
  const report: RefreshReport = { refreshed: 0, uninstalled: [] };
  for (const portal of await deps.store.portals.installed()) {
    try {
      await (await deps.clients.forPortal(portal.portalId)).currentAccessToken();
      report.refreshed += 1;
    } catch (error) {
      if (!isHandoffError(error) || error.code !== 'hubspot_auth') {
        deps.log.warn(
          { portalId: portal.portalId, err: (error as Error).message },
          'token refresh failed; retried next run',
        );
        continue;
      }
      await uninstall(deps, portal.portalId, now, error.message);
      report.uninstalled.push(portal.portalId);
    }
  }
  return report;
}

async function uninstall(
  deps: { store: Store; clients: HubSpotClients; log: Logger },
  portalId: number,
  now: number,
  why: string,
): Promise<void> {
  const portal = await deps.store.portals.get(portalId);
  if (!portal) return;
  await deps.store.portals.upsert({
    ...portal,
    status: 'uninstalled',
    accessTokenCipher: null,
    refreshTokenCipher: null,
    accessTokenExpiresAt: null,
    updatedAt: now,
  });
  const dropped = await deps.store.events.dropQueued(portalId, `portal uninstalled the app: ${why}`, now);
  deps.clients.forget(portalId);
  deps.log.warn(
    { portalId, dropped },
    'HubSpot refused the refresh token: the app was removed; tokens deleted, queued work dead-lettered',
  );
}
