import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN_TOKEN, startAdminHarness, type AdminHarness } from '../support/admin-harness';
import { SEED_PORTAL_ID, seedReporting, type SeedSummary } from '../support/seed-reporting';
import { CHROMIUM_ARGS, findChromium } from './find-chromium';

/**
 * The admin page in a real browser: Playwright drives Debian's chromium against the app over a
 * seeded store. CI installs chromium (.ci/run) and fails here without it; a local run without
 * chromium reports this suite skipped, with the reason in its name.
 */
const executablePath = findChromium();
const SCREENSHOTS = path.join(__dirname, '..', '..', 'docs', 'screenshots');
const suite = 'admin page in a real browser (Playwright + Debian chromium)';

if (!executablePath && process.env.CI) {
  describe(suite, () => {
    it('needs chromium', () => {
      throw new Error(
        'chromium is not installed: CI must install it (.ci/run runs `apt-get install -y chromium`), or set CHROMIUM_PATH',
      );
    });
  });
} else if (!executablePath) {
  console.warn(
    'Browser suite skipped: chromium not found on PATH (apt-get install chromium, or set CHROMIUM_PATH)',
  );
  describe.skip(`${suite}: skipped, chromium not found on PATH (apt-get install chromium, or set CHROMIUM_PATH)`, () => {
    it('runs when chromium is installed', () => undefined);
  });
} else {
  describe(suite, () => {
    let harness: AdminHarness;
    let seeded: SeedSummary;
    let context: BrowserContext;
    let page: Page;
    let profile: string;

    beforeAll(async () => {
      harness = await startAdminHarness();
      seeded = await seedReporting(harness.store);
      profile = mkdtempSync(path.join(tmpdir(), 'handoff-chromium-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1280, height: 900 },
        timeout: 20_000,
      });
      page = await context.newPage();
      page.setDefaultTimeout(10_000);
      mkdirSync(SCREENSHOTS, { recursive: true });
    }, 40_000);

    afterAll(async () => {
      await context?.close();
      await harness?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    it('signs in with the admin token and lands on the dashboard', async () => {
      await page.goto(`${harness.baseUrl}/admin`);
      expect(new URL(page.url()).pathname).toBe('/admin/login');
      await page.fill('input[name=token]', ADMIN_TOKEN);
      await page.click('#token-sign-in');
      await page.waitForURL(`${harness.baseUrl}/admin`);
      await expectText(page, 'h1', 'Handoff quality');
    });

    it('shows the same numbers as the metrics API', async () => {
      const api = async (query: string) => {
        const response = await page.request.get(`${harness.baseUrl}/admin/api/metrics?${query}`);
        expect(response.status()).toBe(200);
        return (await response.json()) as {
          portalId: number;
          rows: Array<Record<string, string | number | null>>;
        };
      };
      const overall = await api('by=all');
      expect(overall.portalId).toBe(SEED_PORTAL_ID);
      const all = overall.rows[0] as Record<string, string | number | null>;
      expect(all.handoffs).toBe(seeded.decisions);
      for (const metric of [
        'handoffs',
        'acceptance_rate',
        'qualification_rate',
        'opportunity_rate',
        'no_response_rate',
        'created_to_routed_p50_s',
        'routed_to_first_action_p50_s',
      ]) {
        const shown = await page.getAttribute(`[data-metric="${metric}"]`, 'data-value');
        expect({ metric, shown: Number(shown) }).toEqual({ metric, shown: Number(all[metric]) });
      }
      // The tile's text is the rate with its counts.
      await expectText(page, '[data-metric="acceptance_rate"] .sub', `${all.accepted} of ${all.routed}`);

      const bySource = await api('by=source');
      expect(await page.locator('#breakdown tbody tr').count()).toBe(bySource.rows.length);
      for (const row of bySource.rows) {
        const cells = page.locator(`#breakdown tr[data-key="${String(row.key)}"]`);
        await expectText(cells, '[data-col="handoffs"]', String(row.handoffs));
        await expectText(cells, '[data-col="acceptance_rate"]', `(${row.accepted} of ${row.routed})`);
      }
      await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
    });

    it('answers "why was this routed here" for an email', async () => {
      await page.goto(`${harness.baseUrl}/admin/audit`);
      await page.fill('input[name=q]', seeded.sample.email);
      await page.click('button[type=submit].primary');
      await expectText(page, 'section.decision h2', `Contact ${seeded.sample.contactId}, round 1`);
      await expectText(page, 'section.decision', 'Rules checked, in order');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'audit.png'), fullPage: true });
    });

    it('shows an invalid playbook edit’s errors and saves nothing', async () => {
      await page.goto(`${harness.baseUrl}/admin/playbook`);
      await expectText(page, '#active-version', 'the built-in playbook');
      const original = await page.inputValue('textarea[name=text]');
      expect(original).toContain('thresholds:');
      await page.fill(
        'textarea[name=text]',
        original.replace(/(thresholds:\n(?:\s+\w+: .*\n)*?\s+)fit: \d+/, '$1fit: lots'),
      );
      await page.click('#save');
      await page.waitForSelector('#playbook-errors');
      await expectText(page, '#playbook-errors', 'thresholds.fit');
      // The draft stays in the editor to be fixed; nothing was stored or activated.
      expect(await page.inputValue('textarea[name=text]')).toContain('fit: lots');
      expect(await harness.store.listPlaybookVersions({ portalId: SEED_PORTAL_ID, limit: 5 })).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'playbook-invalid.png'), fullPage: false });
      await page.goto(`${harness.baseUrl}/admin/playbook`);
      await expectText(page, '#active-version', 'the built-in playbook');
    });
  });
}

async function expectText(
  scope: Page | ReturnType<Page['locator']>,
  selector: string,
  text: string,
): Promise<void> {
  const content = await scope.locator(selector).first().textContent();
  expect(content ?? '').toContain(text);
}
