/// <reference types="node" />
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Button, hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../test/browser/find-chromium';
import type { CardContext } from '../card-api';
import { HandoffCard } from '../handoff-card-view';
import { BASE_URL, CONTACT_ID, fullContext, jsonResponse, NOW, PORTAL_ID } from './fixtures';
import { previewPage } from './preview-html';

/**
 * The card as a rep sees it, rendered in a real browser from its own component tree and
 * screenshotted for the README (docs/screenshots/card-*.png), so a change to the card is seen in
 * review. Skipped with the reason when chromium is missing (CI installs it and fails instead).
 */
const executablePath = findChromium();
const SCREENSHOTS = path.join(__dirname, '..', '..', 'docs', 'screenshots');

async function renderedPage(context: CardContext, title: string): Promise<string> {
  jest.spyOn(hubspot, 'fetch').mockImplementation(async () => jsonResponse(context));
  const renderer = createRenderer('crm.record.tab');
  renderer.render(
    <HandoffCard
      contactId={CONTACT_ID}
      portalId={PORTAL_ID}
      baseUrl={BASE_URL}
      actions={renderer.mocks.actions}
      now={() => NOW}
    />,
  );
  await renderer.waitFor(() =>
    expect(renderer.maybeFindByTestId(Button, 'action-disqualify')).not.toBeNull(),
  );
  return previewPage(renderer.getRootNode(), title);
}

/** A normal nurture lead: known company and role, no owner, no deal. */
function nurtureLead(): CardContext {
  const context = fullContext();
  context.handoff = {
    ...context.handoff,
    status: 'nurture',
    priority: 'low',
    ownerId: null,
    ownerName: null,
    reason: 'Nurture (low): fit 70, intent 20: good fit, no buying signal yet',
    slaDueAt: null,
    slaStatus: null,
  };
  context.account = {
    ...context.account,
    match: 'none',
    company: null,
    deal: null,
    confidence: null,
    evidence: [],
    candidates: [],
    review: null,
  };
  context.marketing = { ...context.marketing, offer: null, intentSignals: [], intentScore: 20 };
  return context;
}

const suite = 'CRM card rendered in a real browser (Playwright + Debian chromium)';
const describeIf = executablePath ? describe : process.env.CI ? describe : describe.skip;

describeIf(
  executablePath
    ? suite
    : `${suite}: skipped, chromium not found on PATH (apt-get install chromium, or set CHROMIUM_PATH)`,
  () => {
    afterEach(() => jest.restoreAllMocks());

    it.each([
      ['card-sales-ready.png', 'Sales-ready lead at an existing account', fullContext],
      ['card-nurture.png', 'Nurture lead, nothing routed', nurtureLead],
    ])(
      'renders %s: what a rep sees, with labels as marketing sees them',
      async (file, title, build) => {
        if (!executablePath)
          throw new Error('chromium is not installed: CI must install it, or set CHROMIUM_PATH');
        const html = await renderedPage(build(), title);
        const profile = mkdtempSync(path.join(tmpdir(), 'handoff-card-'));
        const browser = await chromium.launchPersistentContext(profile, {
          executablePath,
          headless: true,
          args: CHROMIUM_ARGS,
          viewport: { width: 780, height: 900 },
        });
        try {
          const page = await browser.newPage();
          await page.setContent(html);
          const text = await page.locator('.frame').innerText();
          expect(text).toContain('Qualified opportunity');
          expect(text).toContain('Nurture-ready');
          expect(text).not.toMatch(/\bMissing\b/);
          // Nothing is wider than the card's frame.
          const overflow = await page.evaluate(
            'Array.from(document.querySelectorAll(".frame *")).filter((el) => el.getBoundingClientRect().right > document.querySelector(".frame").getBoundingClientRect().right + 1).length',
          );
          expect(overflow).toBe(0);
          mkdirSync(SCREENSHOTS, { recursive: true });
          await page.locator('.frame').screenshot({ path: path.join(SCREENSHOTS, file) });
        } finally {
          await browser.close();
          rmSync(profile, { recursive: true, force: true });
        }
      },
      40_000,
    );
  },
);
