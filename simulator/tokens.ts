import { randomBytes } from 'node:crypto';

export interface AccessTokenInfo {
  portalId: number;
  /** Null for private-app tokens, which do not expire. */
  expiresAt: number | null;
  scopes: string[];
  clientId?: string;
  userId: number;
}

interface RefreshTokenInfo {
  portalId: number;
  clientId: string;
  scopes: string[];
  userId: number;
}

interface AuthorizationCode extends RefreshTokenInfo {
  redirectUri: string;
  expiresAt: number;
}

export const DEFAULT_SCOPES = [
  'oauth',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.deals.read',
  'crm.objects.owners.read',
  'crm.schemas.contacts.write',
];

const token = (prefix: string) => `${prefix}-${randomBytes(18).toString('base64url')}`;

/** Access tokens, refresh tokens and authorization codes of every simulated portal. */
export class TokenRegistry {
  private readonly access = new Map<string, AccessTokenInfo>();
  private readonly refresh = new Map<string, RefreshTokenInfo>();
  private readonly codes = new Map<string, AuthorizationCode>();

  constructor(private readonly accessTokenTtlMs: number) {}

  /** A private-app style token: never expires. */
  addStatic(accessToken: string, portalId: number, userId = 1): void {
    this.access.set(accessToken, { portalId, expiresAt: null, scopes: [...DEFAULT_SCOPES], userId });
  }

  lookup(accessToken: string): AccessTokenInfo | undefined {
    return this.access.get(accessToken);
  }

  /** What HubSpot's authorize page hands the redirect URI after a person installs the app. */
  issueCode(input: Omit<AuthorizationCode, 'expiresAt'>, now: number): string {
    const code = token('code');
    this.codes.set(code, { ...input, expiresAt: now + 10 * 60_000 });
    return code;
  }

  /** Single use: a code is gone once tried. */
  takeCode(code: string, now: number): AuthorizationCode | undefined {
    const found = this.codes.get(code);
    this.codes.delete(code);
    return found && found.expiresAt > now ? found : undefined;
  }

  refreshInfo(refreshToken: string): RefreshTokenInfo | undefined {
    return this.refresh.get(refreshToken);
  }

  /** Issues an access token (and a refresh token unless one is being reused). */
  grant(info: RefreshTokenInfo, now: number, refreshToken?: string) {
    const accessToken = token('sim-at');
    const refresh = refreshToken ?? token('sim-rt');
    this.refresh.set(refresh, info);
    this.access.set(accessToken, { ...info, expiresAt: now + this.accessTokenTtlMs });
    return {
      access_token: accessToken,
      refresh_token: refresh,
      expires_in: Math.round(this.accessTokenTtlMs / 1000),
      token_type: 'bearer',
      token_use: 'access_token',
      hub_id: info.portalId,
      user_id: info.userId,
      scopes: info.scopes,
    };
  }
}
