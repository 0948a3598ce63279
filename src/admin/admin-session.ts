import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The admin page's session: a signed cookie, no server-side table. It names the one portal the
 * person may see (from HubSpot's token info, or HUBSPOT_PORTAL_ID with the admin token), so every
 * query the admin page makes is scoped by what the signature vouches for, never by a parameter.
 */
export interface AdminSession {
  portalId: number;
  /** Who signed in: a HubSpot user's email, or `admin-token`. */
  user: string;
  via: 'hubspot' | 'token';
  /** Random per sign-in: the CSRF token is derived from it. */
  nonce: string;
  expiresAt: number;
}

export const ADMIN_SESSION_COOKIE = 'handoff_admin';
export const ADMIN_SESSION_TTL_MS = 8 * 60 * 60 * 1000;

export class AdminSessions {
  private readonly key: Buffer;

  /**
   * @param secret HUBSPOT_CLIENT_SECRET (always set); the admin token is mixed in, so changing
   *   either one signs everybody out.
   */
  constructor(secret: string, adminToken: string | undefined) {
    this.key = createHmac('sha256', secret)
      .update(`handoff-admin-session-v1:${adminToken ?? ''}`)
      .digest();
  }

  issue(
    fields: Pick<AdminSession, 'portalId' | 'user' | 'via'>,
    now: number,
  ): { cookie: string; session: AdminSession } {
    const session: AdminSession = {
      ...fields,
      nonce: randomBytes(16).toString('base64url'),
      expiresAt: now + ADMIN_SESSION_TTL_MS,
    };
    const body = Buffer.from(JSON.stringify(session)).toString('base64url');
    return { cookie: `${body}.${this.sign(`session.${body}`)}`, session };
  }

  /** The session a cookie carries, if its signature holds and it has not expired. */
  read(cookie: string | undefined, now: number): AdminSession | null {
    if (!cookie) return null;
    const [body, signature, extra] = cookie.split('.');
    if (!body || !signature || extra !== undefined || !this.equal(signature, this.sign(`session.${body}`))) {
      return null;
    }
    try {
      const session = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as AdminSession;
      if (typeof session.portalId !== 'number' || typeof session.nonce !== 'string') return null;
      return session.expiresAt > now ? session : null;
    } catch {
      return null;
    }
  }

  /** The CSRF token of a session: forms carry it in `_csrf`, scripts in `x-csrf-token`. */
  csrfToken(session: AdminSession): string {
    return this.sign(`csrf.${session.nonce}`);
  }

  checkCsrf(session: AdminSession, token: unknown): boolean {
    return typeof token === 'string' && this.equal(token, this.csrfToken(session));
  }

  private sign(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }

  equal(a: string, b: string): boolean {
    const left = Buffer.from(a);
    const right = Buffer.from(b);
    return left.length === right.length && timingSafeEqual(left, right);
  }
}
