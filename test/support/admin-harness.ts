import { AdminService, type DryRun } from '../../src/admin/admin-service';
import { AdminSessions } from '../../src/admin/admin-session';
import type { AdminHubSpotSignIn } from '../../src/admin/admin-sign-in';
import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { silentLogger } from '../../src/log';
import { PortalPlaybooks } from '../../src/playbooks/portal-playbooks';
import type { Store } from '../../src/store/store';
import { CLIENT_SECRET, startHarness, type Harness } from './app-harness';
import { SEED_NOW, SEED_PORTAL_ID } from './seed-reporting';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface AdminHarness extends Harness {
  playbooks: PortalPlaybooks;
  /** Signs in with the admin token; returns the cookie header and the page's CSRF token. */
  signIn(): Promise<{ cookie: string; csrf: string }>;
  /** GET (or POST a form) with a session cookie. */
  request(
    path: string,
    init?: { cookie?: string; form?: Record<string, string>; redirect?: 'manual' | 'follow' },
  ): Promise<Response>;
}

export function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
}

export function csrfIn(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

/** The real app with `/admin` over a fresh store, the clock fixed at the seed's "now". */
export async function startAdminHarness(
  options: {
    token?: boolean;
    hubspot?: AdminHubSpotSignIn;
    dryRun?: DryRun;
    appBaseUrl?: string;
    portalId?: number;
    /** Owner names as the running app reads them from HubSpot (the browser suite uses the simulator). */
    ownerNames?: (portalId: number) => Promise<ReadonlyMap<string, string>>;
  } = {},
): Promise<AdminHarness> {
  let playbooks: PortalPlaybooks | undefined;
  const harness = await startHarness(({ store, baseUrl }: { store: Store; baseUrl: string }) => {
    const now = () => SEED_NOW;
    playbooks = new PortalPlaybooks({ store, fallback: DEFAULT_PLAYBOOK, now, ttlMs: 0 });
    return {
      now,
      admin: {
        store,
        service: new AdminService({
          store,
          playbooks,
          dryRun: options.dryRun ?? null,
          fallbackLabel: 'the built-in playbook',
          ownerNames: options.ownerNames,
          now,
        }),
        playbooks,
        sessions: new AdminSessions(CLIENT_SECRET, ADMIN_TOKEN),
        log: silentLogger,
        now,
        appBaseUrl: options.appBaseUrl ?? baseUrl,
        token:
          options.token === false
            ? undefined
            : { value: ADMIN_TOKEN, portalId: options.portalId ?? SEED_PORTAL_ID },
        hubspot: options.hubspot,
        callbackPath: '/oauth/callback',
      },
    };
  });
  const request: AdminHarness['request'] = (path, init = {}) =>
    fetch(harness.baseUrl + path, {
      method: init.form ? 'POST' : 'GET',
      redirect: init.redirect ?? 'manual',
      headers: {
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
  return Object.assign(harness, {
    playbooks: playbooks as PortalPlaybooks,
    request,
    async signIn() {
      const login = await request('/admin/login');
      const loginCookie = cookiesOf(login);
      const answer = await request('/admin/login', {
        cookie: loginCookie,
        form: { _csrf: csrfIn(await login.text()), token: ADMIN_TOKEN },
      });
      if (answer.status !== 303 || answer.headers.get('location') !== '/admin') {
        throw new Error(`sign-in failed: ${answer.status} ${answer.headers.get('location')}`);
      }
      const cookie = cookiesOf(answer)
        .split('; ')
        .filter((part) => part.startsWith('handoff_admin='))
        .join('; ');
      const page = await request('/admin/playbook', { cookie });
      return { cookie, csrf: csrfIn(await page.text()) };
    },
  });
}
