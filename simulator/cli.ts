import { parseArgs } from 'node:util';
import { startSimulator } from './start-simulator';
import { streamLeads } from './stream-leads';

/**
 * `npm run simulator`: a seeded simulated HubSpot portal on localhost, for `npm start` or any
 * HubSpot client. Flags: --port, --seed, --portal, --token, --faults, --no-rate-limits,
 * --webhook-url and --webhook-secret (send contact creation webhooks there), --leads N (create N
 * new contacts once the app has set up its properties) and --leads-per-second R.
 */
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      seed: { type: 'string', default: '42' },
      portal: { type: 'string', default: '62515' },
      token: { type: 'string', default: 'pat-na1-simulated-token' },
      faults: { type: 'string', default: '0' },
      'no-rate-limits': { type: 'boolean', default: false },
      'webhook-url': { type: 'string' },
      'webhook-secret': { type: 'string' },
      leads: { type: 'string', default: '0' },
      'leads-per-second': { type: 'string', default: '5' },
    },
  });
  const leads = Number(values.leads);
  const perSecond = Number(values['leads-per-second']);
  if (!Number.isInteger(leads) || leads < 0)
    throw new Error(`--leads ${values.leads}: give a whole number of contacts`);
  if (!(perSecond > 0))
    throw new Error(`--leads-per-second ${values['leads-per-second']}: give a positive number`);
  if (leads > 0 && !(values['webhook-url'] && values['webhook-secret'])) {
    throw new Error(
      "--leads needs --webhook-url (the app's APP_BASE_URL/webhooks/hubspot) and --webhook-secret (its HUBSPOT_CLIENT_SECRET): without them nobody hears of the new contacts",
    );
  }
  const portalId = Number(values.portal);
  const sim = await startSimulator({
    port: Number(values.port),
    seed: Number(values.seed),
    rateLimits: !values['no-rate-limits'],
    faults: Number(values.faults),
    portals: [
      {
        portalId,
        accessToken: values.token,
        seed: { seed: Number(values.seed) },
        ...(values['webhook-url'] && values['webhook-secret']
          ? {
              webhooks: {
                targetUrl: values['webhook-url'],
                clientSecret: values['webhook-secret'],
                appId: 4_242_001,
                subscriptions: [{ subscriptionType: 'object.creation', objectType: 'contact' }],
              },
            }
          : {}),
      },
    ],
  });
  const catalog = sim.catalogs.get(portalId);
  say(`Simulated HubSpot on ${sim.url}`);
  say(`  portal ${portalId}, token: Bearer ${values.token}`);
  say(
    `  ${catalog?.owners.length} owners, ${catalog?.accounts.length} companies, ${catalog?.deals} deals, ${catalog?.contacts.length} contacts`,
  );
  say(
    `  run the app against it: HUBSPOT_API_BASE_URL=${sim.url} HUBSPOT_ACCESS_TOKEN=${values.token} HUBSPOT_PORTAL_ID=${portalId} HUBSPOT_CLIENT_SECRET=${values['webhook-secret'] ?? '...'} APP_BASE_URL=${values['webhook-url'] ? new URL(values['webhook-url']).origin : '...'} npm start`,
  );
  const stop = () => void sim.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (leads > 0) {
    await streamLeads(sim, portalId, { count: leads, perSecond, seed: Number(values.seed) + 1, say });
  }
}

main().catch((error) => {
  console.error(`simulator failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
