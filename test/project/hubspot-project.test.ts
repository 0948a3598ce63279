import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SECOND_CHANCE_PROPERTIES } from '../../src/handoff/second-chance';
import {
  buildHubSpotProject,
  PLATFORM_VERSION,
  publicBaseUrl,
} from '../../src/project/build-hubspot-project';

const ROOT = join(__dirname, '..', '..');
const BASE = 'https://handoff.example.org';

interface Node {
  uid: string;
  componentType: string;
  metaFilePath: string;
  config: Record<string, unknown>;
}

/**
 * HubSpot's own parser, run offline: `translate` with `skipValidation` builds the intermediate
 * representation `hs project upload` sends (full schema validation needs a HubSpot account). The
 * library is ESM-only, so it runs in a child Node process rather than inside jest's CommonJS.
 */
function parseWithHubSpot(projectSourceDir: string): Record<string, Node> {
  const script = `
    import { translate } from '@hubspot/project-parsing-lib/translate';
    const result = await translate(
      { projectSourceDir: process.argv[1], platformVersion: '${PLATFORM_VERSION}', accountId: 1 },
      { skipValidation: true },
    );
    process.stdout.write(JSON.stringify(result.intermediateRepresentation.intermediateNodesIndexedByUid));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, projectSourceDir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(out) as Record<string, Node>;
}

describe('npm run hubspot:project', () => {
  let dir: string;
  let files: Map<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'handoff-project-'));
    files = buildHubSpotProject(`${BASE}/`, {
      root: ROOT,
      cardDependencies: { '@hubspot/ui-extensions': '0.17.0', react: '18.3.1' },
    });
    for (const [path, text] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const read = (path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8'));

  it('parses with HubSpot’s project-parsing-lib: an app, its webhooks and its card', () => {
    const nodes = Object.values(parseWithHubSpot(join(dir, 'src')));
    const byType = Object.fromEntries(nodes.map((node) => [node.componentType, node]));
    expect(Object.keys(byType).sort()).toEqual(['APPLICATION', 'CARD', 'WEBHOOKS']);
    expect(byType.APPLICATION?.metaFilePath).toBe('app/app-hsmeta.json');
    expect(byType.WEBHOOKS?.metaFilePath).toBe('app/webhooks/webhooks-hsmeta.json');
    expect(byType.CARD?.metaFilePath).toBe('app/cards/handoff-card-hsmeta.json');
    expect(byType.CARD?.config).toMatchObject({ location: 'crm.record.tab', objectTypes: ['contacts'] });
  });

  it('hsproject.json names the source folder and a 2025.2+ platform', () => {
    const project = read('hsproject.json');
    expect(project).toEqual({ name: 'handoff', srcDir: 'src', platformVersion: '2025.2' });
  });

  it('app-hsmeta.json: OAuth with redirect URL, every app.json scope, fetch allowed to the base URL', () => {
    const app = read('src/app/app-hsmeta.json');
    const manifest = JSON.parse(readFileSync(join(ROOT, 'app.json'), 'utf8'));
    expect(app.type).toBe('app');
    expect(app.config).toMatchObject({
      name: 'Handoff',
      distribution: 'marketplace',
      auth: { type: 'oauth', redirectUrls: [`${BASE}/oauth/callback`] },
      permittedUrls: { fetch: [BASE] },
    });
    expect(app.config.description.length).toBeGreaterThan(20);
    expect(app.config.auth.requiredScopes).toEqual(manifest.scopes.map((s: { scope: string }) => s.scope));
    for (const scope of manifest.scopes) expect(scope.reason.length).toBeGreaterThan(10);
  });

  it('webhooks-hsmeta.json: target URL and the subscriptions Handoff handles', () => {
    const webhooks = read('src/app/webhooks/webhooks-hsmeta.json');
    expect(webhooks.type).toBe('webhooks');
    expect(webhooks.config.settings).toEqual({
      targetUrl: `${BASE}/webhooks/hubspot`,
      maxConcurrentRequests: 10,
    });
    const subscriptions = webhooks.config.subscriptions.crmObjects as Array<Record<string, unknown>>;
    for (const subscription of subscriptions) {
      expect(subscription).toEqual(
        expect.objectContaining({
          subscriptionType: expect.any(String),
          objectType: expect.any(String),
          active: true,
        }),
      );
    }
    const has = (subscriptionType: string, objectType: string, propertyName?: string) =>
      subscriptions.some(
        (s) =>
          s.subscriptionType === subscriptionType &&
          s.objectType === objectType &&
          s.propertyName === propertyName,
      );
    expect(has('object.creation', 'contact')).toBe(true);
    expect(has('object.merge', 'contact')).toBe(true);
    expect(has('object.deletion', 'contact')).toBe(true);
    expect(has('object.propertyChange', 'contact', 'handoff_outcome')).toBe(true);
    expect(has('object.propertyChange', 'contact', 'handoff_disqualification_reason')).toBe(true);
    expect(has('object.associationChange', 'deal')).toBe(true);
    // The lead lifecycle (CONTRACT §5): logged sales activity. Not lifecyclestage: Handoff writes
    // it for every MQL, and its echoes cost more calls per lead than reconciliation (docs/decisions.md).
    expect(has('object.propertyChange', 'contact', 'lifecyclestage')).toBe(false);
    expect(has('object.propertyChange', 'contact', 'hs_last_sales_activity_timestamp')).toBe(true);
    expect(has('object.propertyChange', 'contact', 'notes_last_contacted')).toBe(true);
    // A second chance (CONTRACT §7): every property whose change can be new evidence.
    for (const property of SECOND_CHANCE_PROPERTIES)
      expect([property, has('object.propertyChange', 'contact', property)]).toEqual([property, true]);
    // Issue 16: what keeps the CRM index fresh. Not the contact owner: Handoff writes it on every
    // routed lead, and the delta sweep repairs what other tools change.
    for (const objectType of ['company', 'deal']) {
      for (const type of ['object.creation', 'object.deletion', 'object.merge']) {
        expect(has(type, objectType)).toBe(true);
      }
    }
    for (const property of [
      'domain',
      'website',
      'hs_additional_domains',
      'name',
      'hubspot_owner_id',
      'hs_parent_company_id',
    ]) {
      expect(has('object.propertyChange', 'company', property)).toBe(true);
    }
    expect(has('object.propertyChange', 'deal', 'dealstage')).toBe(true);
    expect(has('object.propertyChange', 'deal', 'hubspot_owner_id')).toBe(true);
    expect(has('object.propertyChange', 'contact', 'hs_additional_emails')).toBe(true);
    expect(has('object.propertyChange', 'contact', 'hubspot_owner_id')).toBe(false);
  });

  it('the card: hsmeta entry point exists, its package.json has the UI dependencies, and it calls the base URL', () => {
    const card = read('src/app/cards/handoff-card-hsmeta.json');
    expect(card.type).toBe('card');
    expect(card.config.entrypoint).toBe('/app/cards/handoff-card.tsx');
    expect(existsSync(join(dir, 'src', card.config.entrypoint))).toBe(true);
    expect(read('src/app/cards/package.json').dependencies).toEqual({
      '@hubspot/ui-extensions': '0.17.0',
      react: '18.3.1',
    });
    expect(files.get('src/app/cards/api-base-url.ts')).toContain(`"${BASE}"`);
    expect([...files.keys()].some((path) => path.includes('/test/') || path.endsWith('tsconfig.json'))).toBe(
      false,
    );
  });

  it('the card brings its API contract along: every import of a card file resolves inside the project', () => {
    const cardFiles = [...files.keys()].filter((path) => /^src\/app\/cards\/.*\.tsx?$/.test(path));
    const contract = files.get('src/app/cards/card-contract.ts');
    expect(contract).toBe(readFileSync(join(ROOT, 'src', 'card', 'card-contract.ts'), 'utf8'));
    expect(contract).toContain('export interface CardContext');
    const missing = cardFiles.flatMap((path) =>
      [...(files.get(path) as string).matchAll(/from '(\.{1,2}\/[^']+)'/g)]
        .map((match) => join(dirname(path), match[1] as string))
        .filter((target) => !files.has(`${target}.ts`) && !files.has(`${target}.tsx`))
        .map((target) => `${path} → ${target}`),
    );
    expect(missing).toEqual([]);
  });

  it('asks for the Leads scopes and follows lead stages only when the Leads option is on', () => {
    const app = (built: Map<string, string>) => JSON.parse(built.get('src/app/app-hsmeta.json') as string);
    const hooks = (built: Map<string, string>) =>
      JSON.parse(built.get('src/app/webhooks/webhooks-hsmeta.json') as string).config.subscriptions
        .crmObjects as Array<{ objectType: string; propertyName?: string }>;
    const leads = ['crm.objects.leads.read', 'crm.objects.leads.write'];
    expect(app(files).config.auth.requiredScopes).not.toEqual(expect.arrayContaining([leads[0]]));
    expect(hooks(files).some((s) => s.objectType === 'lead')).toBe(false);
    const withLeads = buildHubSpotProject(`${BASE}/`, {
      root: ROOT,
      cardDependencies: { '@hubspot/ui-extensions': '0.17.0', react: '18.3.1' },
      leadsObject: true,
    });
    expect(app(withLeads).config.auth.requiredScopes).toEqual(expect.arrayContaining(leads));
    expect(hooks(withLeads)).toContainEqual(
      expect.objectContaining({ objectType: 'lead', propertyName: 'hs_pipeline_stage' }),
    );
  });

  it('refuses a base URL HubSpot cannot call', () => {
    expect(() => publicBaseUrl('http://handoff.example.org')).toThrow('https://');
    expect(() => publicBaseUrl('https://handoff.example.org/app')).toThrow('without a path');
    expect(() => publicBaseUrl('handoff.example.org')).toThrow('not a URL');
  });
});
