import type { Logger } from '../log';
import type { Store } from '../store/store';

/** What the install flow needs from the HubSpot layer, injected so this file stays about install. */
export interface InstallDeps {
  store: Store;
  log: Logger;
  now: () => number;
  exchangeCode(
    code: string,
  ): Promise<{ accessToken: string; refreshToken: string; expiresInSeconds: number }>;
  /** The portal a token belongs to comes from HubSpot's token info, never from the request. */
  tokenInfo(accessToken: string): Promise<{ portalId: number; scopes: string[] }>;
  encryptToken(token: string, portalId: number): string;
  provisionProperties(portalId: number): Promise<PropertySetupSummary>;
}

export interface PropertySetupSummary {
  created: string[];
  unchanged: string[];
  conflicts: { name: string; message: string }[];
}

export interface InstallResult {
  portalId: number;
  properties: PropertySetupSummary;
}

/** Completes an OAuth install: tokens stored encrypted, properties provisioned. */
export async function installPortal(code: string, deps: InstallDeps): Promise<InstallResult> {
  const tokens = await deps.exchangeCode(code);
  const info = await deps.tokenInfo(tokens.accessToken);
  const now = deps.now();
  const existing = await deps.store.portals.get(info.portalId);
  await deps.store.portals.upsert({
    portalId: info.portalId,
    status: 'installed',
    accessTokenCipher: deps.encryptToken(tokens.accessToken, info.portalId),
    refreshTokenCipher: deps.encryptToken(tokens.refreshToken, info.portalId),
    accessTokenExpiresAt: now + tokens.expiresInSeconds * 1000,
    scopes: info.scopes,
    installedAt: existing?.status === 'installed' ? existing.installedAt : now,
    updatedAt: now,
  });
  const log = deps.log.child({ portalId: info.portalId });
  log.info({ scopes: info.scopes }, 'portal installed');
  // Properties are provisioned after the tokens are safe: a failure here is reported and retried
  // at the next start or by `npm run setup`, and the install itself stands.
  const properties = await deps.provisionProperties(info.portalId);
  for (const conflict of properties.conflicts) log.warn({ property: conflict.name }, conflict.message);
  return { portalId: info.portalId, properties };
}
