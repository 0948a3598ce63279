import { HandoffError } from '../errors';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { TokenCrypto } from '../security/token-crypto';
import type { Store } from '../store/store';
import { HubSpotCrm } from './crm';
import { HubSpotClient } from './hubspot-client';
import {
  createPortalLimiters,
  type Clock,
  type LimiterOptions,
  type PortalLimiters,
  type Sleep,
} from './limiter';
import type { HubSpotOAuth } from './oauth';
import { OAuthTokenProvider, StaticTokenProvider, type TokenProvider } from './tokens';

/** Single-portal mode: one private-app or service-key token (HUBSPOT_ACCESS_TOKEN). */
export interface StaticAuth {
  mode: 'static';
  accessToken: string;
  /** HUBSPOT_PORTAL_ID: when set, any other portal is refused. */
  portalId?: number;
}

/** Public-app mode: tokens of each installed portal, encrypted in the store. */
export interface OAuthAuth {
  mode: 'oauth';
  store: Store;
  crypto: TokenCrypto;
  oauth: Pick<HubSpotOAuth, 'refreshToken'>;
}

export interface HubSpotClientsOptions {
  auth: StaticAuth | OAuthAuth;
  baseUrl: string;
  metrics?: Metrics;
  logger?: Logger;
  limits?: { standard?: Partial<LimiterOptions>; search?: Partial<LimiterOptions> };
  maxRetries?: number;
  timeoutMs?: number;
  /** First backoff after a 5xx or network error (doubles per retry). */
  backoffBaseMs?: number;
  sleep?: Sleep;
  now?: Clock;
}

/**
 * One HubSpotClient per portal, cached with its limiter pair and token provider: HubSpot's rate
 * limits are per installed account, and token refresh is single-flight only within one provider.
 */
export class HubSpotClients {
  private readonly clients = new Map<number, HubSpotClient>();
  private readonly staticTokens: StaticTokenProvider | null;

  constructor(private readonly options: HubSpotClientsOptions) {
    this.staticTokens =
      options.auth.mode === 'static' ? new StaticTokenProvider(options.auth.accessToken) : null;
  }

  async forPortal(portalId: number): Promise<HubSpotClient> {
    await this.assertInstalled(portalId);
    let client = this.clients.get(portalId);
    if (!client) {
      client = this.build(portalId);
      this.clients.set(portalId, client);
    }
    return client;
  }

  /**
   * The typed CRM calls for a portal, over its cached client: the one way the rest of the app
   * reaches a portal's records. A property, so it can be handed on as `crm: clients.crmFor`.
   */
  readonly crmFor = async (portalId: number): Promise<HubSpotCrm> =>
    new HubSpotCrm(await this.forPortal(portalId));

  /**
   * The client for a request signed for `portalId` by someone other than the process itself (the
   * CRM card). In single-portal mode without HUBSPOT_PORTAL_ID the token's portal is unknown, so
   * any portal's signed request would read the token's account: refused, saying what to set.
   */
  async forSignedRequest(portalId: number): Promise<HubSpotClient> {
    const { auth } = this.options;
    if (auth.mode === 'static' && auth.portalId === undefined) {
      throw notInstalled(
        portalId,
        'this process runs in single-portal mode without HUBSPOT_PORTAL_ID, so it cannot tell which ' +
          'portal HUBSPOT_ACCESS_TOKEN belongs to: set HUBSPOT_PORTAL_ID to that portal’s id',
      );
    }
    return this.forPortal(portalId);
  }

  /** `crmFor` over `forSignedRequest`: the CRM card's reads and writes. */
  async crmForSignedRequest(portalId: number): Promise<HubSpotCrm> {
    return new HubSpotCrm(await this.forSignedRequest(portalId));
  }

  /** Drops a portal's cached client (after an uninstall), so its limiter and token cache go with it. */
  forget(portalId: number): void {
    this.clients.delete(portalId);
  }

  private async assertInstalled(portalId: number): Promise<void> {
    const { auth } = this.options;
    if (auth.mode === 'static') {
      if (auth.portalId !== undefined && auth.portalId !== portalId) {
        throw notInstalled(
          portalId,
          `this process runs in single-portal mode for portal ${auth.portalId} (HUBSPOT_PORTAL_ID)`,
        );
      }
      return;
    }
    const portal = await auth.store.portals.get(portalId);
    if (!portal) throw notInstalled(portalId, 'it never installed the app: install it from /oauth/install');
    if (portal.status !== 'installed') {
      this.forget(portalId);
      throw notInstalled(portalId, 'it uninstalled the app: it must install it again from /oauth/install');
    }
  }

  private build(portalId: number): HubSpotClient {
    const { options } = this;
    const limiters: PortalLimiters = createPortalLimiters({
      ...options.limits,
      now: options.now,
      sleep: options.sleep,
    });
    return new HubSpotClient({
      portalId,
      baseUrl: options.baseUrl,
      tokens: this.tokensFor(portalId),
      limiter: limiters.standard,
      searchLimiter: limiters.search,
      metrics: options.metrics,
      logger: options.logger?.child({ portalId }),
      maxRetries: options.maxRetries,
      timeoutMs: options.timeoutMs,
      backoffBaseMs: options.backoffBaseMs,
      sleep: options.sleep,
      now: options.now,
    });
  }

  private tokensFor(portalId: number): TokenProvider {
    if (this.staticTokens) return this.staticTokens;
    const auth = this.options.auth as OAuthAuth;
    return new OAuthTokenProvider({
      portalId,
      store: auth.store,
      crypto: auth.crypto,
      oauth: auth.oauth,
      now: this.options.now,
      logger: this.options.logger?.child({ portalId }),
    });
  }
}

function notInstalled(portalId: number, why: string): HandoffError {
  return new HandoffError('portal_not_installed', `No HubSpot access for portal ${portalId}: ${why}`, 404, {
    portalId,
  });
}
