import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildHubSpotProject } from '../project/build-hubspot-project';

/**
 * `npm run hubspot:project -- --base-url https://handoff.example.com [--out DIR]`: writes the
 * HubSpot developer project (hsproject.json, app, webhooks, card) ready for `hs project upload`.
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      'base-url': { type: 'string' },
      out: { type: 'string', default: 'hubspot-project' },
      // The Leads object option of the playbook: adds the Leads scopes and lead-stage webhooks.
      leads: { type: 'boolean', default: false },
    },
  });
  const baseUrl = values['base-url'];
  if (!baseUrl) {
    console.error(
      'Usage: npm run hubspot:project -- --base-url https://your-public-origin [--out DIR] [--leads]',
    );
    process.exit(2);
  }
  const root = join(__dirname, '..', '..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  const files = buildHubSpotProject(baseUrl, {
    root,
    leadsObject: values.leads,
    cardDependencies: {
      '@hubspot/ui-extensions': pkg.devDependencies['@hubspot/ui-extensions'] ?? '0.17.0',
      react: pkg.devDependencies.react ?? '18.3.1',
    },
  });
  const out = resolve(values.out ?? 'hubspot-project');
  for (const [path, text] of files) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), text);
  }
  console.log(`Wrote ${files.size} files to ${out}. Next: cd ${out} && hs project upload`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
