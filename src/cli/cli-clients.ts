import { HubSpotClients } from '../hubspot/client-registry';
import { HubSpotOAuth } from '../hubspot/oauth';
import { TokenCrypto } from '../security/token-crypto';
import type { Store } from '../store/store';
import type { CliConfig } from './cli-config';

/**
 * The HubSpot clients a command-line tool uses: the static token, or the stored OAuth install.
 * A static token is pinned to HUBSPOT_PORTAL_ID, so asking for another portal is refused rather
 * than silently run against the token's own account.
 */
export function cliClients(config: CliConfig, store: Store): HubSpotClients {
  return new HubSpotClients({
    baseUrl: config.hubspotApiBaseUrl,
    auth:
      config.mode === 'static'
        ? {
            mode: 'static',
            accessToken: config.hubspotAccessToken,
            portalId: config.hubspotPortalId,
          }
        : {
            mode: 'oauth',
            store,
            crypto: new TokenCrypto(config.tokenEncryptionKey),
            oauth: new HubSpotOAuth({
              clientId: config.hubspotClientId,
              clientSecret: config.hubspotClientSecret,
              baseUrl: config.hubspotApiBaseUrl,
            }),
          },
  });
}
