import { HandoffError } from '../errors';
import type { Logger } from '../log';
import type { TokenCrypto } from '../security/token-crypto';
import type { PortalRecord, Store } from '../store/store';
import type { Clock } from './limiter';
import type { HubSpotOAuth } from './oauth';

/** Where a HubSpotClient gets its bearer token. */
export interface TokenProvider {
  readonly kind: 'static' | 'oauth';
  getAccessToken(): Promise<string>;
  /**
   * Forces a new token (after a 401). `rejected` is the token HubSpot refused: when another caller
   * already replaced it, the newer token is returned without a second refresh.
   */
  refresh?(rejected?: string): Promise<string>;
}

/** A private-app or service-key token from HUBSPOT_ACCESS_TOKEN: nothing to refresh. */
export class StaticTokenProvider implements TokenProvider {
  readonly kind = 'static' as const;

  constructor(private readonly token: string) {
    if (token.trim() === '') throw new HandoffError('config_invalid', 'HUBSPOT_ACCESS_TOKEN is empty');
  }

  async getAccessToken(): Promise<string> {
    return this.token;
  }
}

export interface OAuthTokenProviderOptions {
  portalId: number;
  store: Store;
  crypto: TokenCrypto;
  oauth: Pick<HubSpotOAuth, 'refreshToken'>;
  now?: Clock;
  /** Refresh this long before expiry: access tokens live 30 minutes, so 5 minutes ahead by default. */
  refreshAheadMs?: number;
  logger?: Logger;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * The OAuth tokens of one installed portal, read from the store and decrypted on demand. Refresh is
 * single-flight: however many calls find the token stale at once, one token request goes out and all
 * of them wait for it. One provider must exist per portal per process (HubSpotClients caches it).
 */
export class OAuthTokenProvider implements TokenProvider {
  readonly kind = 'oauth' as const;
  private readonly now: Clock;
  private readonly refreshAheadMs: number;
  private cached: CachedToken | null = null;
  private inFlight: Promise<string> | null = null;

  constructor(private readonly options: OAuthTokenProviderOptions) {
    this.now = options.now ?? Date.now;
    this.refreshAheadMs = options.refreshAheadMs ?? 5 * 60_000;
  }

  async getAccessToken(): Promise<string> {
    if (this.cached && this.isFresh(this.cached.expiresAt)) return this.cached.token;
    return this.singleFlight(() => this.loadOrRefresh());
  }

  async refresh(rejected?: string): Promise<string> {
    if (this.inFlight) {
      const token = await this.inFlight;
      if (rejected === undefined || token !== rejected) return token;
    }
    if (
      rejected !== undefined &&
      this.cached &&
      this.cached.token !== rejected &&
      this.isFresh(this.cached.expiresAt)
    ) {
      return this.cached.token;
    }
    return this.singleFlight(() => this.refreshNow());
  }

  private singleFlight(work: () => Promise<string>): Promise<string> {
    this.inFlight ??= work().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Another process sharing the store may have refreshed already: read the store before refreshing. */
  private async loadOrRefresh(): Promise<string> {
    const portal = await this.loadPortal();
    if (
      portal.accessTokenCipher &&
      portal.accessTokenExpiresAt &&
      this.isFresh(portal.accessTokenExpiresAt)
    ) {
      const token = this.options.crypto.decrypt(portal.accessTokenCipher, this.options.portalId);
      this.cached = { token, expiresAt: portal.accessTokenExpiresAt };
      return token;
    }
    return this.refreshNow(portal);
  }

  private async refreshNow(loaded?: PortalRecord): Promise<string> {
    const { portalId, crypto, store } = this.options;
    const portal = loaded ?? (await this.loadPortal());
    if (!portal.refreshTokenCipher) {
      throw new HandoffError(
        'portal_not_installed',
        `Portal ${portalId} has no stored refresh token: reinstall the app in that portal (open /oauth/install)`,
        404,
        { portalId },
      );
    }
    const refreshToken = crypto.decrypt(portal.refreshTokenCipher, portalId);
    const tokens = await this.options.oauth.refreshToken({ refreshToken, portalId });
    const now = this.now();
    const expiresAt = now + tokens.expiresInSeconds * 1000;
    const updated: PortalRecord = {
      ...portal,
      accessTokenCipher: crypto.encrypt(tokens.accessToken, portalId),
      refreshTokenCipher: crypto.encrypt(tokens.refreshToken, portalId),
      accessTokenExpiresAt: expiresAt,
      updatedAt: now,
    };
    await store.portals.upsert(updated);
    this.cached = { token: tokens.accessToken, expiresAt };
    this.options.logger?.info({ portalId, expiresAt }, 'HubSpot access token refreshed');
    return tokens.accessToken;
  }

  private isFresh(expiresAt: number): boolean {
    return expiresAt - this.refreshAheadMs > this.now();
  }

  private async loadPortal(): Promise<PortalRecord> {
    const portal = await this.options.store.portals.get(this.options.portalId);
    if (!portal || portal.status !== 'installed') {
      throw new HandoffError(
        'portal_not_installed',
        `Portal ${this.options.portalId} is not installed (or was uninstalled): install the app there first`,
        404,
        { portalId: this.options.portalId },
      );
    }
    return portal;
  }
}
