import { readAppManifest, scopesFor } from '../app-manifest';
import type { Config } from '../config';
import type { OAuthFlow } from '../http/oauth-routes';
import type { HubSpotOAuth } from '../hubspot/oauth';
import type { TokenCrypto } from '../security/token-crypto';

/** The install routes' view of the OAuth app: its authorize URL, code exchange and token storage. */
export function oauthFlow(
  config: Config,
  oauth: HubSpotOAuth,
  crypto: TokenCrypto,
  provisionProperties: OAuthFlow['provisionProperties'],
  playbook: Parameters<typeof scopesFor>[1] = { stages: { leadsObject: { enabled: false } } },
): OAuthFlow {
  const manifest = readAppManifest();
  // The Leads scopes only when this deployment's playbook turns the Leads object on.
  const scopes = scopesFor(manifest, playbook).map((s) => s.scope);
  const redirectUri = config.appBaseUrl + manifest.auth.redirectPath;
  return {
    authorizeUrl: (state) => oauth.authorizeUrl({ redirectUri, scopes, state }),
    exchangeCode: (code) => oauth.exchangeCode({ code, redirectUri }),
    tokenInfo: async (accessToken) => {
      const info = await oauth.tokenInfo(accessToken);
      return { portalId: info.hubId, scopes: info.scopes };
    },
    encryptToken: (token, portalId) => crypto.encrypt(token, portalId),
    provisionProperties,
  };
}
