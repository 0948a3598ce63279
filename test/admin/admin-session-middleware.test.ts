import type { Router } from 'express';
import { adminRoutes, type AdminRouteOptions } from '../../src/http/admin-routes';
import { startAdminHarness, type AdminHarness } from '../support/admin-harness';

/** Routes open to a visitor without a session: the sign-in itself. */
const SIGN_IN = new Set([
  'GET /admin/login',
  'POST /admin/login',
  'GET /admin/sign-in/hubspot',
  'GET /oauth/callback',
]);

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** `METHOD path` of every route the admin routers declare, read from Express's own route table. */
function declaredRoutes(router: Router): string[] {
  const walk = (stack: Layer[]): string[] =>
    stack.flatMap((layer) => {
      if (layer.route) {
        const paths = ([] as string[]).concat(layer.route.path);
        const methods = Object.keys(layer.route.methods).map((method) => method.toUpperCase());
        return methods.flatMap((method) => paths.map((path) => `${method} ${path}`));
      }
      return layer.handle?.stack ? walk(layer.handle.stack) : [];
    });
  return walk((router as unknown as { stack: Layer[] }).stack);
}

describe('the admin session middleware', () => {
  let harness: AdminHarness;
  let guarded: string[];

  beforeAll(async () => {
    harness = await startAdminHarness();
    guarded = declaredRoutes(adminRoutes(harness.deps.admin as AdminRouteOptions)).filter(
      (route) => !SIGN_IN.has(route),
    );
  });
  afterAll(async () => harness.close());

  it('finds every admin surface: reports, playbook, evidence, sign-out', () => {
    expect(guarded).toEqual(
      expect.arrayContaining([
        'GET /admin',
        'GET /admin/api/ratings.csv',
        'GET /admin/dead-letters',
        'GET /admin/playbook',
        'POST /admin/playbook/dry-run',
        'GET /admin/evidence',
        'POST /admin/evidence/apply',
        'POST /admin/logout',
      ]),
    );
    expect(guarded.length).toBeGreaterThanOrEqual(20);
  });

  it('sends a visitor without a session to sign in on every page, and answers 401 on every API and form', async () => {
    const answers = await Promise.all(
      guarded.map(async (route) => {
        const [method, path] = route.split(' ') as [string, string];
        const answer = await harness.request(path, method === 'POST' ? { form: {} } : {});
        const to = answer.headers.get('location');
        return `${route} → ${answer.status}${to ? ` ${to}` : ''}`;
      }),
    );
    const expected = guarded.map((route) => {
      const [method, path] = route.split(' ') as [string, string];
      const api = method === 'POST' || path.startsWith('/admin/api/');
      return `${route} → ${api ? '401' : '303 /admin/login'}`;
    });
    expect(answers).toEqual(expected);
  });

  it('refuses every change without the session’s CSRF token (403)', async () => {
    const { cookie } = await harness.signIn();
    const posts = guarded.filter((route) => route.startsWith('POST '));
    const answers = await Promise.all(
      posts.map(async (route) => {
        const answer = await harness.request(route.slice('POST '.length), {
          cookie,
          form: { _csrf: 'forged' },
        });
        return `${route} → ${answer.status}`;
      }),
    );
    expect(answers).toEqual(posts.map((route) => `${route} → 403`));
  });
});
