import type { Config } from '../config';
import { HubSpotClients } from '../hubspot/client-registry';
import { HubSpotOAuth } from '../hubspot/oauth';
import { TokenCrypto } from '../security/token-crypto';
import type { Store } from '../store/store';

/** The HubSpot clients a command-line tool uses: the static token, or the stored OAuth install. */
export function cliClients(config: Config, store: Store, portalId: number): HubSpotClients {
  return new HubSpotClients({
    baseUrl: config.hubspotApiBaseUrl,
    auth:
      config.mode === 'static'
        ? { mode: 'static', accessToken: config.hubspotAccessToken as string, portalId }
        : {
            mode: 'oauth',
            store,
            crypto: new TokenCrypto(config.tokenEncryptionKey as Buffer),
            oauth: new HubSpotOAuth({
              clientId: config.hubspotClientId as string,
              clientSecret: config.hubspotClientSecret as string,
              baseUrl: config.hubspotApiBaseUrl,
            }),
          },
  });
}
