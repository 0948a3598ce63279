import { seededRandom } from '../../simulator/random';
import { zero, type TestResult } from './result';
import { send, signedCall, v1Signature, type SignedCall } from './signed-request';
import { CLIENT_SECRET, PORTAL_ID, World } from './world';

const MINUTE = 60_000;

/** Every way the suite bends a correctly signed call; each result must still be refused (401). */
function mutations(
  valid: () => SignedCall,
  fresh: (options: Parameters<typeof signedCall>[3]) => SignedCall,
  random: () => number,
) {
  const flip = (text: string) => {
    if (text.length === 0) return 'x';
    const at = Math.floor(random() * text.length);
    const swapped = text[at] === 'A' ? 'B' : 'A';
    return text.slice(0, at) + swapped + text.slice(at + 1);
  };
  const edit = (change: (call: SignedCall) => void) => () => {
    const call = valid();
    change(call);
    return call;
  };
  return {
    'body byte changed': edit((call) => (call.body = flip(call.body))),
    'body with a trailing space': edit((call) => (call.body += ' ')),
    'body cut short': edit((call) => (call.body = call.body.slice(0, -1))),
    'timestamp moved 1 ms': edit(
      (call) =>
        (call.headers['x-hubspot-request-timestamp'] = String(
          Number(call.headers['x-hubspot-request-timestamp']) + 1,
        )),
    ),
    'signed 6 minutes ago': () => fresh({ secret: CLIENT_SECRET, timestamp: Date.now() - 6 * MINUTE }),
    'signed 6 minutes ahead': () => fresh({ secret: CLIENT_SECRET, timestamp: Date.now() + 6 * MINUTE }),
    'signature character changed': edit(
      (call) =>
        (call.headers['x-hubspot-signature-v3'] = flip(call.headers['x-hubspot-signature-v3'] as string)),
    ),
    'signature cut short': edit(
      (call) =>
        (call.headers['x-hubspot-signature-v3'] = (call.headers['x-hubspot-signature-v3'] as string).slice(
          0,
          20,
        )),
    ),
    'signature empty': edit((call) => (call.headers['x-hubspot-signature-v3'] = '')),
    'signature missing': edit((call) => delete call.headers['x-hubspot-signature-v3']),
    'timestamp missing': edit((call) => delete call.headers['x-hubspot-request-timestamp']),
    'timestamp not a number': edit((call) => (call.headers['x-hubspot-request-timestamp'] = 'now')),
    'another secret': () => fresh({ secret: `${CLIENT_SECRET}-other` }),
    'signed for another path': () => {
      const call = valid();
      return fresh({
        secret: CLIENT_SECRET,
        signedUri: call.url.replace('/hubspot', '/hubspot2').replace('/contacts/', '/contacts/9'),
      });
    },
    'signed for another host': () => {
      const call = valid();
      return fresh({ secret: CLIENT_SECRET, signedUri: call.url.replace('127.0.0.1', 'localhost') });
    },
    'signed for another method': () => {
      const call = valid();
      return fresh({ secret: CLIENT_SECRET, signedMethod: call.method === 'GET' ? 'POST' : 'GET' });
    },
    'query added after signing': edit((call) => (call.url += call.url.includes('?') ? '&x=1' : '?x=1')),
    'v1 signature only': edit((call) => {
      delete call.headers['x-hubspot-signature-v3'];
      call.headers['x-hubspot-signature'] = v1Signature(CLIENT_SECRET, call.body);
    }),
    "another request's signature": edit((call) => {
      const other = fresh({ secret: CLIENT_SECRET, signedBody: `${call.body} ` });
      call.headers['x-hubspot-signature-v3'] = other.headers['x-hubspot-signature-v3'] as string;
    }),
  } satisfies Record<string, () => SignedCall>;
}

/**
 * Signature mutation fuzz on `/webhooks/hubspot` and the card routes: correctly signed calls must be
 * let through (a 401 is a false reject) and every mutation of one must be refused with 401 (any
 * other answer is a false accept: the request reached code past the verifier).
 */
export async function signatureFuzz(size: { calls: number }): Promise<TestResult> {
  const started = Date.now();
  const world = await World.start({ name: 'signatures', rateLimits: false });
  const random = seededRandom(15);
  let validCalls = 0;
  let falseRejects = 0;
  let validNot2xx = 0;
  let mutated = 0;
  let falseAccepts = 0;
  const accepted: string[] = [];
  try {
    const contacts = world.portal.stores.contacts.live().slice(0, 50);
    const routes: Array<{ route: string; make: (options: Parameters<typeof signedCall>[3]) => SignedCall }> =
      [];
    for (let n = 0; n < size.calls; n += 1) {
      const event = JSON.stringify([
        {
          eventId: 900_000 + n,
          subscriptionId: 1,
          portalId: PORTAL_ID,
          appId: 4_242_001,
          occurredAt: Date.now(),
          subscriptionType: 'object.propertyChange',
          objectTypeId: '0-5',
          objectId: 1 + n,
          propertyName: 'subject',
          propertyValue: `fuzz ${n}`,
          attemptNumber: 0,
        },
      ]);
      routes.push({
        route: 'webhook',
        make: (options) => signedCall('POST', `${world.appUrl}/webhooks/hubspot`, event, options),
      });
      const contact = contacts[n % contacts.length]!;
      // HubSpot signs the card's URI with some characters decoded; both spellings are valid.
      const query =
        n % 2 === 0
          ? `portalId=${PORTAL_ID}&userId=${7000 + n}`
          : `portalId=${PORTAL_ID}&userId=${7000 + n}&view=a%3Ab`;
      const cardUrl = `${world.appUrl}/api/card/contacts/${contact.id}?${query}`;
      routes.push({
        route: 'card GET',
        make: (options) =>
          signedCall('GET', cardUrl, '', {
            ...options,
            signedUri: options.signedUri ?? (n % 4 === 3 ? cardUrl.replace('%3A', ':') : cardUrl),
          }),
      });
      const outcomeUrl = `${world.appUrl}/api/card/contacts/${contact.id}/outcome?portalId=${PORTAL_ID}&userId=${7000 + n}`;
      const action = JSON.stringify({ action: 'accept', requestId: `fuzz-request-${n}` });
      routes.push({ route: 'card POST', make: (options) => signedCall('POST', outcomeUrl, action, options) });
    }
    for (const { route, make } of routes) {
      // Valid: fresh, and near both ends of HubSpot's five-minute window.
      for (const skew of [0, -4 * MINUTE, 4 * MINUTE]) {
        const answer = await send(make({ secret: CLIENT_SECRET, timestamp: Date.now() + skew }));
        validCalls += 1;
        if (answer.status === 401) falseRejects += 1;
        if (answer.status < 200 || answer.status > 299) validNot2xx += 1;
      }
      const valid = () => make({ secret: CLIENT_SECRET });
      for (const [name, mutate] of Object.entries(mutations(valid, make, random))) {
        // A GET sends no body, so a changed body is not a change.
        if (route === 'card GET' && name.startsWith('body')) continue;
        const answer = await send(mutate());
        mutated += 1;
        if (answer.status !== 401) {
          falseAccepts += 1;
          accepted.push(`${route}: ${name} → ${answer.status}`);
        }
      }
    }
  } finally {
    await world.stop();
  }
  return {
    test: 'signature mutation fuzz (webhooks, card)',
    checks: [zero('false accepts', falseAccepts), zero('false rejects', falseRejects)],
    detail:
      `${mutated} mutated calls (${
        Object.keys(
          mutations(
            () => ({}) as SignedCall,
            () => ({}) as SignedCall,
            random,
          ),
        ).length
      } kinds), ` +
      `${validCalls} valid calls (${validNot2xx} not 2xx)` +
      (accepted.length > 0 ? `; accepted: ${[...new Set(accepted)].slice(0, 5).join('; ')}` : ''),
    seconds: (Date.now() - started) / 1000,
    counts: { validCalls, falseRejects, validNot2xx, mutated, falseAccepts },
  };
}
