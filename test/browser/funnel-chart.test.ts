import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN_TOKEN, startAdminHarness, type AdminHarness } from '../support/admin-harness';
import { seedFunnel } from '../support/seed-funnel';
import { seedReporting } from '../support/seed-reporting';
import { CHROMIUM_ARGS, findChromium } from './find-chromium';

/**
 * The funnel chart in a real browser: each stage's bar shows the count and conversion the JSON
 * API gives, and the chart is saved as the README's screenshot. Skipped (with the reason in its
 * name) where chromium is missing outside CI, as the other browser suite is.
 */
const executablePath = findChromium();
const SCREENSHOTS = path.join(__dirname, '..', '..', 'docs', 'screenshots');
const suite = 'funnel chart in a real browser (Playwright + Debian chromium)';
const STAGES = ['mql', 'sal', 'sql', 'opportunity'] as const;

if (!executablePath && process.env.CI) {
  describe(suite, () => {
    it('needs chromium', () => {
      throw new Error('chromium is not installed: CI must install it, or set CHROMIUM_PATH');
    });
  });
} else if (!executablePath) {
  describe.skip(`${suite}: skipped, chromium not found on PATH (apt-get install chromium, or set CHROMIUM_PATH)`, () => {
    it('runs when chromium is installed', () => undefined);
  });
} else {
  describe(suite, () => {
    let harness: AdminHarness;
    let context: BrowserContext;
    let page: Page;
    let profile: string;

    beforeAll(async () => {
      harness = await startAdminHarness();
      await seedReporting(harness.store);
      await seedFunnel(harness.store);
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
      await page.goto(`${harness.baseUrl}/admin/login`);
      await page.fill('input[name=token]', ADMIN_TOKEN);
      await page.click('#token-sign-in');
      await page.waitForURL(`${harness.baseUrl}/admin`);
    }, 40_000);

    afterAll(async () => {
      await context?.close();
      await harness?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    it('draws each stage with the count and step conversion of the funnel API', async () => {
      const response = await page.request.get(`${harness.baseUrl}/admin/api/funnel?by=all`);
      expect(response.status()).toBe(200);
      const [row] = ((await response.json()) as { rows: Array<Record<string, number | null>> }).rows;
      expect(row?.mql).toBeGreaterThan(0);
      const chart = page.locator('#funnel svg.funnel');
      const widths: number[] = [];
      for (const [index, stage] of STAGES.entries()) {
        const bar = chart.locator(`g.funnel-stage[data-stage="${stage}"]`);
        expect(Number(await bar.getAttribute('data-count'))).toBe(row?.[stage]);
        const rate = index === 0 ? null : (row?.[`${stage}_rate`] ?? null);
        const shown = await bar.getAttribute('data-rate');
        expect(shown === '' ? null : Number(shown)).toBe(rate);
        // The label a manager reads: the count, and the rate over the stage before as a percentage.
        const label = (await bar.locator('text').last().textContent()) ?? '';
        expect(label).toContain(String(row?.[stage]));
        if (rate !== null) expect(label).toContain(`${(rate * 100).toFixed(1)}%`);
        widths.push(Number(await bar.locator('rect').getAttribute('width')));
      }
      // Bars narrow down the funnel, as the counts do.
      expect([...widths].sort((a, b) => b - a)).toEqual(widths);
      await page.locator('#funnel').screenshot({ path: path.join(SCREENSHOTS, 'funnel.png') });
    });
  });
}
