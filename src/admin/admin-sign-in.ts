import type { HubSpotOAuth } from '../hubspot/oauth';

/** HubSpot sign-in for the admin page: who the user is and which portal the grant is for. */
export interface AdminHubSpotSignIn {
  authorizeUrl(state: string): string;
  /** Exchanges the code and reads the token's portal and user; the tokens themselves are dropped. */
  identify(code: string): Promise<{ portalId: number; user: string }>;
}

/**
 * Reuses the install's OAuth app and redirect URL (the app registers one): the callback tells a
 * sign-in from an install by the state's purpose. The sign-in's tokens are never stored, so signing
 * in cannot replace the portal's install tokens.
 */
export function hubspotSignIn(
  oauth: HubSpotOAuth,
  redirectUri: string,
  scopes: string[],
): AdminHubSpotSignIn {
  return {
    authorizeUrl: (state) => oauth.authorizeUrl({ redirectUri, scopes, state }),
    async identify(code) {
      const tokens = await oauth.exchangeCode({ code, redirectUri });
      const info = await oauth.tokenInfo(tokens.accessToken);
      return { portalId: info.hubId, user: info.user ?? `HubSpot user ${info.userId ?? 'unknown'}` };
    },
  };
}
