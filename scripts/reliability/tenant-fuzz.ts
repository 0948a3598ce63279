import { randomBytes } from 'node:crypto';
import type { Simulator } from '../../simulator/start-simulator';
import { AppWorld, type OAuthApp } from './app-world';
import { info, zero, type TestResult } from './result';
import { send, signedCall, type SignedCall } from './signed-request';

const PORTAL_A = 71001;
const PORTAL_B = 71002;
const SECRET = 'reliability-tenant-secret';
const APP: OAuthApp = { clientId: 'reliability-client-id', clientSecret: SECRET, appId: 4_242_002 };
const TOKEN_A = 'pat-na1-reliability-portal-a';

export type TenantMode = 'oauth' | 'single-portal without HUBSPOT_PORTAL_ID';

/**
 * Tenant isolation fuzz on the card API. Every contact carries a marker naming its portal in a
 * property the card shows, so an answer that shows another portal's marker is a cross-tenant read.
 * Requests are signed for one portal (as HubSpot signs them for that portal's users) and ask for
 * the other portal's contacts, or bend a signed request towards the other portal.
 */
export async function tenantFuzz(size: { contacts: number }, mode: TenantMode): Promise<TestResult> {
  const started = Date.now();
  const world = await AppWorld.start({
    purpose: 'reliability',
    name: 'tenants',
    database: 'sqlite',
    processes: 1,
    simulator: {
      seed: 7,
      rateLimits: false,
      oauthApps: [APP],
      portals: [
        { portalId: PORTAL_A, accessToken: TOKEN_A, seed: { seed: 1 } },
        { portalId: PORTAL_B, seed: { seed: 2 } },
      ],
    },
    appEnv: {
      HUBSPOT_CLIENT_SECRET: SECRET,
      LOG_LEVEL: 'warn',
      ...(mode === 'oauth'
        ? { HUBSPOT_CLIENT_ID: APP.clientId, TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex') }
        : { HUBSPOT_ACCESS_TOKEN: TOKEN_A }),
    },
  });
  const { sim, appUrl } = world;
  try {
    // The portals a signed request may name: both installed, or only the token's own.
    const portals = mode === 'oauth' ? [PORTAL_A, PORTAL_B] : [PORTAL_A];
    if (mode === 'oauth') for (const portalId of portals) await world.installByOAuth(portalId, APP);
    const marked = markContacts(sim, size.contacts);
    let requests = 0;
    let crossTenant = 0;
    let controls = 0;
    let controlsShown = 0;
    /** Controls the card refused, naming the setting that would let it answer (not a silent blank). */
    let controlsRefused = 0;
    const leaks: string[] = [];
    const check = async (name: string, identity: number, call: SignedCall) => {
      const answer = await send(call);
      requests += 1;
      const foreign = [...marked.markers].filter(
        ([marker, owner]) => owner !== identity && answer.text.includes(marker),
      );
      if (foreign.length > 0) {
        crossTenant += 1;
        leaks.push(`${name} → ${answer.status}`);
      }
    };
    for (const [index, contactId] of marked.ids.entries()) {
      const user = 9000 + index;
      const cardUrl = (portalId: number, query = `portalId=${portalId}&userId=${user}`) =>
        `${appUrl}/api/card/contacts/${contactId}?${query}`;
      const sign = (url: string, options: { signedUri?: string; headers?: Record<string, string> } = {}) => {
        const call = signedCall('GET', url, '', { secret: SECRET, signedUri: options.signedUri });
        Object.assign(call.headers, options.headers);
        return call;
      };
      // Controls: each installed portal reads its own contact, and must see its own marker.
      for (const portalId of portals) {
        const answer = await send(sign(cardUrl(portalId)));
        controls += 1;
        if (answer.text.includes(markerOf(portalId, contactId))) controlsShown += 1;
        else if (answer.status >= 400 && answer.text.includes('HUBSPOT_PORTAL_ID')) controlsRefused += 1;
      }
      for (const identity of [PORTAL_A, PORTAL_B]) {
        const other = identity === PORTAL_A ? PORTAL_B : PORTAL_A;
        // Signed for `identity`, asking for a contact id that `other` holds (ids overlap across portals).
        await check('signed for one portal', identity, sign(cardUrl(identity)));
        await check(
          'portalId swapped after signing',
          identity,
          sign(cardUrl(other), { signedUri: cardUrl(identity) }),
        );
        await check(
          'parameters reordered after signing',
          identity,
          sign(cardUrl(other, `userId=${user}&portalId=${other}`), { signedUri: cardUrl(identity) }),
        );
        await check(
          'portalId given twice',
          identity,
          sign(cardUrl(identity, `portalId=${identity}&userId=${user}&portalId=${other}`)),
        );
        await check(
          'portalId in a header',
          identity,
          sign(cardUrl(identity), { headers: { 'x-hubspot-portal-id': String(other) } }),
        );
        await check('no portalId', identity, sign(cardUrl(identity, `userId=${user}`)));
        // A signature replayed from another request of the same user, onto the other portal's URL.
        const replayed = sign(cardUrl(identity));
        replayed.url = cardUrl(other);
        await check('signature replayed on another URL', identity, replayed);
      }
    }
    return {
      test: `card tenant isolation fuzz (${mode})`,
      checks: [
        zero('cross-tenant reads', crossTenant),
        info('own contact shown', `${controlsShown}/${controls}`),
      ],
      detail:
        `${requests} requests over ${marked.ids.length} contact ids held by both portals, 7 kinds` +
        (controlsRefused > 0 ? `; own contact refused ${controlsRefused}× naming HUBSPOT_PORTAL_ID` : '') +
        (leaks.length > 0 ? `; read across: ${[...new Set(leaks)].slice(0, 4).join('; ')}` : ''),
      seconds: (Date.now() - started) / 1000,
      counts: { requests, crossTenant, controls, controlsShown, controlsRefused },
    };
  } finally {
    await world.stop();
  }
}

function markerOf(portalId: number, contactId: string): string {
  return `tenant-${portalId}-contact-${contactId}`;
}

/** Writes each portal's marker into `jobtitle` of contacts whose id both portals hold. */
function markContacts(sim: Simulator, count: number): { ids: string[]; markers: Map<string, number> } {
  const a = sim.portal(PORTAL_A);
  const b = sim.portal(PORTAL_B);
  const ids = a.stores.contacts
    .live()
    .map((contact) => contact.id)
    .filter((id) => b.get('contacts', id))
    .slice(0, count);
  const markers = new Map<string, number>();
  for (const portal of [a, b]) {
    for (const id of ids) {
      portal.update('contacts', id, { jobtitle: markerOf(portal.id, id) }, { seeding: true });
      markers.set(markerOf(portal.id, id), portal.id);
    }
  }
  return { ids, markers };
}
