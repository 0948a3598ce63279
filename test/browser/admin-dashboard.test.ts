import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../../simulator/start-simulator';
import { PortalOwnerNames } from '../../src/admin/display-names';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { HubSpotCrm } from '../../src/hubspot/crm';
import { silentLogger } from '../../src/log';
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
    let sim: Simulator;
    let ownerName: Map<string, string>;

    beforeAll(async () => {
      // Owners come from a seeded simulated portal, read the way the app reads them from HubSpot.
      const token = 'pat-na1-browser-suite';
      sim = await startSimulator({
        seed: 42,
        portals: [{ portalId: SEED_PORTAL_ID, accessToken: token, seed: { seed: 42 } }],
      });
      const owners = sim.catalogs.get(SEED_PORTAL_ID)?.owners ?? [];
      ownerName = new Map(owners.map((owner) => [owner.id, `${owner.firstName} ${owner.lastName}`]));
      const active = (team: string) =>
        owners.filter((owner) => !owner.archived && owner.teams[0]?.name === team).map((owner) => owner.id);
      const clients = new HubSpotClients({
        auth: { mode: 'static', accessToken: token, portalId: SEED_PORTAL_ID },
        baseUrl: sim.url,
      });
      const names = new PortalOwnerNames({
        crmFor: async (portalId) => new HubSpotCrm(await clients.forPortal(portalId)),
        log: silentLogger,
        now: Date.now,
      });
      harness = await startAdminHarness({ ownerNames: (portalId) => names.forPortal(portalId) });
      seeded = await seedReporting(harness.store, { pools: { sales: active('Sales'), sdr: active('SDR') } });
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
      await sim?.stop();
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

    for (const width of [1280, 1920]) {
      it(`lays the dashboard out at ${width} px with no clipped column or label`, async () => {
        await page.setViewportSize({ width, height: 1000 });
        await page.goto(`${harness.baseUrl}/admin?by=source`);
        await expectText(page, 'h1', 'Handoff quality');
        expect(await page.locator('svg.chart').count()).toBe(3);
        const problems = await page.evaluate(layoutProblems);
        expect(problems).toEqual([]);
        await page.screenshot({
          path: path.join(SCREENSHOTS, width === 1280 ? 'dashboard.png' : `dashboard-${width}.png`),
          fullPage: true,
        });
      });
    }

    it('shows owners by name in the by-owner table, sorted by a header click', async () => {
      await page.setViewportSize({ width: 1280, height: 1000 });
      await page.goto(`${harness.baseUrl}/admin?by=owner`);
      const rows = page.locator('#breakdown tbody tr');
      const keys = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key') ?? ''));
      const people = keys.filter((key) => ownerName.has(key));
      expect(people.length).toBeGreaterThan(3);
      for (const key of people) {
        await expectText(page, `#breakdown tr[data-key="${key}"] td.group`, ownerName.get(key) as string);
      }
      expect(await page.evaluate(layoutProblems)).toEqual([]);
      await page.click('th[data-sort="acceptance_rate"] a');
      await page.waitForURL(/sort=acceptance_rate/);
      const rates = await page
        .locator('#breakdown tbody tr:not([data-key="Other"])')
        .evaluateAll((trs) =>
          trs.map(
            (tr) => parseFloat(tr.querySelector('[data-col="acceptance_rate"]')?.textContent ?? '') || -1,
          ),
        );
      expect(rates).toEqual([...rates].sort((a, b) => b - a));
    });

    it('answers "why was this routed here" for an email', async () => {
      await page.goto(`${harness.baseUrl}/admin/audit`);
      // The search opens on the latest decisions, owners by name.
      expect(await page.locator('#recent-decisions tbody tr').count()).toBe(25);
      const owners = await page.locator('#recent-decisions td.owner').allTextContents();
      expect(owners.some((text) => [...ownerName.values()].some((name) => text.includes(name)))).toBe(true);
      expect(await page.evaluate(layoutProblems)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'audit-latest.png'), fullPage: false });
      await page.fill('input[name=q]', seeded.sample.email);
      await page.click('button[type=submit].primary');
      await expectText(page, 'section.decision h2', `Contact ${seeded.sample.contactId}, round 1`);
      await expectText(page, 'section.decision', 'Rules checked, in order');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'audit.png'), fullPage: true });
    });

    it('shows an invalid playbook edit’s errors and saves nothing', async () => {
      await page.goto(`${harness.baseUrl}/admin/playbook`);
      await expectText(page, '#active-version', 'the built-in playbook');
      // Where RevOps sets the hours, the page says the default is UTC.
      await expectText(page, '#business-hours-note', 'Monday–Friday 09:00–17:00 UTC');
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
      expect(await harness.store.playbooks.list({ portalId: SEED_PORTAL_ID, limit: 5 })).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'playbook-invalid.png'), fullPage: false });
      await page.goto(`${harness.baseUrl}/admin/playbook`);
      await expectText(page, '#active-version', 'the built-in playbook');
    });
  });
}

/**
 * Runs in the page: every place where content is wider than its box (a clipped table column, a
 * scrolled card) and every chart label drawn outside its chart.
 */
function layoutProblems(): string[] {
  // The suite compiles without the DOM library: the few shapes read here, spelled out.
  interface Drawn {
    id: string;
    className: string;
    scrollWidth: number;
    clientWidth: number;
    textContent: string | null;
    getBoundingClientRect(): { left: number; right: number };
    querySelectorAll(selector: string): ArrayLike<Drawn>;
  }
  const doc = (globalThis as unknown as { document: Drawn & { documentElement: Drawn } }).document;
  const problems: string[] = [];
  const root = doc.documentElement;
  if (root.scrollWidth > root.clientWidth)
    problems.push(`page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
  for (const box of Array.from(doc.querySelectorAll('section.card, .table-wrap, .tile'))) {
    if (box.scrollWidth > box.clientWidth + 1) {
      problems.push(`${box.id || box.className} is clipped: ${box.scrollWidth} > ${box.clientWidth}`);
    }
  }
  for (const svg of Array.from(doc.querySelectorAll('svg.chart'))) {
    const frame = svg.getBoundingClientRect();
    for (const text of Array.from(svg.querySelectorAll('text'))) {
      const box = text.getBoundingClientRect();
      if (box.left < frame.left - 1 || box.right > frame.right + 1) {
        problems.push(`chart label "${text.textContent}" runs outside its chart`);
      }
    }
  }
  return problems;
}

async function expectText(
  scope: Page | ReturnType<Page['locator']>,
  selector: string,
  text: string,
): Promise<void> {
  const content = await scope.locator(selector).first().textContent();
  expect(content ?? '').toContain(text);
}
