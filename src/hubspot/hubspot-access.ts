import type { Config } from '../config';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import { TokenCrypto } from '../security/token-crypto';
import type { Store } from '../store/store';
import { HubSpotClients, type HubSpotClientsOptions } from './client-registry';
import { DEFAULT_BACKOFF_BASE_MS } from './hubspot-client';
import { HubSpotOAuth } from './oauth';

export interface HubSpotAccess {
  clients: HubSpotClients;
  /** The OAuth app: installs, HubSpot sign-in to `/admin`. Null without HUBSPOT_CLIENT_ID. */
  oauth: HubSpotOAuth | null;
  /** Encrypts installed portals' tokens. Null without TOKEN_ENCRYPTION_KEY. */
  crypto: TokenCrypto | null;
}

/** The HubSpot clients of the mode: the static token, or each installed portal's OAuth tokens. */
export function hubspotAccess(config: Config, store: Store, metrics: Metrics, log: Logger): HubSpotAccess {
  const oauthApp = (clientId: string) =>
    new HubSpotOAuth({
      clientId,
      clientSecret: config.hubspotClientSecret,
      baseUrl: config.hubspotApiBaseUrl,
      metrics,
    });
  const clientsWith = (auth: HubSpotClientsOptions['auth']) =>
    new HubSpotClients({
      auth,
      baseUrl: config.hubspotApiBaseUrl,
      metrics,
      logger: log,
      backoffBaseMs: DEFAULT_BACKOFF_BASE_MS * config.queueTimeScale,
    });
  if (config.mode === 'oauth') {
    const crypto = new TokenCrypto(config.tokenEncryptionKey);
    const oauth = oauthApp(config.hubspotClientId);
    return { crypto, oauth, clients: clientsWith({ mode: 'oauth', store, crypto, oauth }) };
  }
  const crypto = config.tokenEncryptionKey ? new TokenCrypto(config.tokenEncryptionKey) : null;
  const oauth = config.hubspotClientId ? oauthApp(config.hubspotClientId) : null;
  const auth = {
    mode: 'static',
    accessToken: config.hubspotAccessToken,
    portalId: config.hubspotPortalId,
  } as const;
  return { crypto, oauth, clients: clientsWith(auth) };
}
