import { stringify as toYaml } from 'yaml';
import { DEFAULT_PLAYBOOK, playbookSchema, playbookVersionId } from '../../src/handoff';
import { startAdminHarness, type AdminHarness } from '../support/admin-harness';
import { SEED_PORTAL_ID } from '../support/seed-reporting';

const WITH_RULE = {
  ...DEFAULT_PLAYBOOK,
  thresholds: { ...DEFAULT_PLAYBOOK.thresholds, intent: 60 },
  routingRules: [{ name: 'Germany', when: { property: 'country', inCountries: ['DE'] }, pool: 'sales' }],
};

describe('admin: playbook versions and their diff', () => {
  let harness: AdminHarness;
  afterEach(async () => harness.close());

  async function withTwoVersions(): Promise<{ cookie: string; csrf: string }> {
    harness = await startAdminHarness();
    const session = await harness.signIn();
    for (const text of [toYaml(DEFAULT_PLAYBOOK), toYaml(WITH_RULE)]) {
      const saved = await harness.request('/admin/playbook', {
        cookie: session.cookie,
        form: { _csrf: session.csrf, text, format: 'yaml', note: '' },
      });
      expect(saved.status).toBe(303);
    }
    return session;
  }

  it('lists every version with its version id, the fallback included', async () => {
    const { cookie } = await withTwoVersions();
    const page = await (await harness.request('/admin/playbook', { cookie })).text();
    const ruleId = playbookVersionId(playbookSchema.parse(WITH_RULE));
    expect(page).toContain(`<code>${ruleId}</code>`);
    expect(page).toContain(`version 1 · ${playbookVersionId(DEFAULT_PLAYBOOK)}`);
    expect(page).toContain('the built-in playbook (runs without a saved version)');
  });

  it('shows field and rule changes between any two versions', async () => {
    const { cookie } = await withTwoVersions();
    const answer = await harness.request('/admin/playbook/diff?from=1&to=2', { cookie });
    expect(answer.status).toBe(200);
    const page = await answer.text();
    expect(page).toContain('<li>thresholds.intent: 50 → 60</li>');
    expect(page).toContain('<li>rule &#39;Germany&#39;: added</li>');
    const same = await (await harness.request('/admin/playbook/diff?from=fallback&to=1', { cookie })).text();
    expect(same).toContain('No changes: both versions decide the same way.');
  });

  it('answers 400 naming the versions there are when one does not exist', async () => {
    const { cookie } = await withTwoVersions();
    const answer = await harness.request('/admin/playbook/diff?from=1&to=9', { cookie });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('Pick two versions to compare: 2, 1, fallback');
  });

  it('sends a visitor without a session to sign in, showing nothing', async () => {
    harness = await startAdminHarness();
    const answer = await harness.request('/admin/playbook/diff?from=1&to=2');
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/admin/login');
    expect(await harness.store.playbooks.list({ portalId: SEED_PORTAL_ID, limit: 5 })).toEqual([]);
  });
});
