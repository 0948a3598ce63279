import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The HubSpot developer project (platform 2025.2 and later) built from the repository's own
 * description of the app: `app.json` (name, scopes with reasons, redirect path, distribution),
 * `webhooks/webhooks.json` (subscriptions) and `cards/` (the card's sources). Every URL HubSpot
 * needs is derived from one public base URL, so a project can never point at two deployments.
 */

export const PLATFORM_VERSION = '2025.2';
export const CARD_ENTRY = 'handoff-card.tsx';

const appSchema = z.object({
  name: z.string().min(1),
  description: z.string().min(1),
  uid: z.string().regex(/^[a-z0-9_-]+$/),
  auth: z.object({ type: z.literal('oauth'), redirectPath: z.string().startsWith('/') }),
  scopes: z.array(z.object({ scope: z.string().min(1), reason: z.string().min(1) })).min(1),
  featureScopes: z
    .object({ leadsObject: z.array(z.object({ scope: z.string().min(1), reason: z.string().min(1) })) })
    .default({ leadsObject: [] }),
  distribution: z.enum(['marketplace', 'private']),
});

const subscriptionSchema = z.object({
  subscriptionType: z.string().regex(/^object\.[a-zA-Z]+$/),
  objectType: z.string().min(1),
  propertyName: z.string().optional(),
  active: z.boolean(),
});
const webhooksSchema = z.object({
  targetPath: z.string().startsWith('/'),
  maxConcurrentRequests: z.number().int().min(5).max(20),
  subscriptions: z.array(subscriptionSchema).min(1),
  featureSubscriptions: z.object({ leadsObject: z.array(subscriptionSchema) }).default({ leadsObject: [] }),
});

export interface ProjectSources {
  /** The repository root (where app.json lives). */
  root: string;
  /** `@hubspot/ui-extensions` and `react` versions for the card's package.json. */
  cardDependencies: Record<string, string>;
  /** The playbook's Leads object option: its scopes and lead-stage subscription only when on. */
  leadsObject?: boolean;
}

/** Files of the project, by path relative to the project folder. */
export type ProjectFiles = Map<string, string>;

export function publicBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(
      `--base-url "${value}" is not a URL: give Handoff's public origin, e.g. https://handoff.example.com`,
    );
  }
  // hubspot.fetch only calls HTTPS URLs listed in permittedUrls.fetch; webhooks need HTTPS too.
  if (url.protocol !== 'https:')
    throw new Error(`--base-url must be https:// (HubSpot calls only HTTPS URLs), got ${value}`);
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new Error(`--base-url must be an origin without a path, query or fragment, got ${value}`);
  }
  return url.origin;
}

export function buildHubSpotProject(baseUrl: string, sources: ProjectSources): ProjectFiles {
  const origin = publicBaseUrl(baseUrl);
  const app = appSchema.parse(readJson(join(sources.root, 'app.json')));
  const webhooks = webhooksSchema.parse(readJson(join(sources.root, 'webhooks', 'webhooks.json')));
  const files: ProjectFiles = new Map();
  const json = (path: string, value: unknown) => files.set(path, `${JSON.stringify(value, null, 2)}\n`);

  json('hsproject.json', { name: app.uid, srcDir: 'src', platformVersion: PLATFORM_VERSION });
  json('src/app/app-hsmeta.json', {
    uid: `${app.uid}_app`,
    type: 'app',
    config: {
      name: app.name,
      description: app.description,
      distribution: app.distribution,
      auth: {
        type: 'oauth',
        redirectUrls: [origin + app.auth.redirectPath],
        requiredScopes: [...app.scopes, ...(sources.leadsObject ? app.featureScopes.leadsObject : [])].map(
          (scope) => scope.scope,
        ),
        optionalScopes: [],
        conditionallyRequiredScopes: [],
      },
      permittedUrls: { fetch: [origin], iframe: [], img: [] },
    },
  });
  json('src/app/webhooks/webhooks-hsmeta.json', {
    uid: `${app.uid}_webhooks`,
    type: 'webhooks',
    config: {
      settings: {
        targetUrl: origin + webhooks.targetPath,
        maxConcurrentRequests: webhooks.maxConcurrentRequests,
      },
      subscriptions: {
        crmObjects: [
          ...webhooks.subscriptions,
          ...(sources.leadsObject ? webhooks.featureSubscriptions.leadsObject : []),
        ],
      },
    },
  });
  json(`src/app/cards/${cardName(CARD_ENTRY)}-hsmeta.json`, {
    uid: `${app.uid}_card`,
    type: 'card',
    config: {
      name: app.name,
      description: 'Marketing context for the rep, the handoff decision and the outcome picker.',
      location: 'crm.record.tab',
      entrypoint: `/app/cards/${CARD_ENTRY}`,
      objectTypes: ['contacts'],
    },
  });
  json('src/app/cards/package.json', {
    name: `${app.uid}-card`,
    version: '0.1.0',
    private: true,
    type: 'module',
    dependencies: sources.cardDependencies,
  });
  for (const file of cardSources(join(sources.root, 'cards'))) {
    files.set(`src/app/cards/${file}`, readFileSync(join(sources.root, 'cards', file), 'utf8'));
  }
  // The card's API types live in the backend (one source for both sides); the project has no
  // `src/`, so the file itself replaces the card's re-export of it.
  files.set('src/app/cards/card-contract.ts', cardContract(sources.root));
  files.set(
    'src/app/cards/api-base-url.ts',
    `/** Written by \`npm run hubspot:project\`: Handoff's public origin, listed in permittedUrls.fetch. */\nexport const API_BASE_URL = ${JSON.stringify(origin)};\n`,
  );
  return files;
}

/** The card's own sources: what HubSpot bundles. Tests and local compiler settings stay behind. */
function cardSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(tsx?|jsx?)$/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

function cardContract(root: string): string {
  const text = readFileSync(join(root, 'src', 'card', 'card-contract.ts'), 'utf8');
  if (/^\s*(import|export .* from)\b/m.test(text)) {
    throw new Error(
      'src/card/card-contract.ts must hold types only, without imports: the card copies it as is',
    );
  }
  return text;
}

function cardName(entry: string): string {
  return entry.replace(/\.[jt]sx?$/, '');
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}
