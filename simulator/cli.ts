import { parseArgs } from 'node:util';
import { startSimulator } from './start-simulator';

/**
 * `npm run simulator`: a seeded simulated HubSpot portal on localhost, for `npm start` or any
 * HubSpot client. Flags: --port, --seed, --portal, --token, --faults, --no-rate-limits,
 * --webhook-url and --webhook-secret (send contact creation webhooks there).
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
    },
  });
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
    `  run the app against it: HUBSPOT_API_BASE_URL=${sim.url} HUBSPOT_ACCESS_TOKEN=${values.token} HUBSPOT_PORTAL_ID=${portalId} HUBSPOT_CLIENT_SECRET=... npm start`,
  );
  const stop = () => void sim.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(`simulator failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
