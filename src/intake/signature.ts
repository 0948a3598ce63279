import { createHmac, timingSafeEqual } from 'node:crypto';
import { HandoffError } from '../errors';

/**
 * HubSpot request signatures, version 3: base64(HMAC-SHA256(clientSecret, method + uri + body +
 * timestamp)). Used for webhooks and for CRM card `hubspot.fetch` requests alike.
 *
 * We verify ourselves rather than with `@hubspot/api-client`'s `Signature.isValid`: that one
 * compares with `===` (timing leak) and only refuses timestamps in the past.
 */

/** HubSpot refuses, and so do we, timestamps more than five minutes away in either direction. */
export const MAX_SIGNATURE_SKEW_MS = 5 * 60 * 1000;

export interface SignedRequest {
  method: string;
  /** The full public URL HubSpot called: scheme, host, path and query. */
  uri: string;
  /** The raw body bytes exactly as received. */
  body: Buffer | string;
  /** `X-HubSpot-Request-Timestamp`, epoch milliseconds. */
  timestamp: string | number;
}

/**
 * HubSpot decodes these percent-encoded characters in the URI before it hashes (per its
 * "validating requests" guide; the list is marked unverified in our notes), so we accept a
 * signature over either the URI as sent or the URI with them decoded.
 */
const DECODED_BEFORE_HASHING: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function normaliseSignedUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (match) => {
    return DECODED_BEFORE_HASHING[match.toUpperCase()] ?? match;
  });
}

/** The v3 signature of a request: what HubSpot puts in `X-HubSpot-Signature-v3`. */
export function signV3(clientSecret: string, request: SignedRequest): string {
  const hmac = createHmac('sha256', clientSecret);
  hmac.update(request.method.toUpperCase());
  hmac.update(request.uri);
  hmac.update(request.body);
  hmac.update(String(request.timestamp));
  return hmac.digest('base64');
}

/** Headers that make `request` a correctly signed HubSpot request (for tests, the demo and tools). */
export function signedHeaders(
  clientSecret: string,
  request: Omit<SignedRequest, 'timestamp'> & { timestamp?: number },
): Record<string, string> {
  const timestamp = request.timestamp ?? Date.now();
  return {
    'x-hubspot-signature-v3': signV3(clientSecret, { ...request, timestamp }),
    'x-hubspot-request-timestamp': String(timestamp),
  };
}

export interface VerifyInput extends Omit<SignedRequest, 'timestamp'> {
  signature: string | undefined;
  timestamp: string | undefined;
  now: number;
}

/** Throws a HandoffError (401) unless the request carries a fresh, valid v3 signature. */
export function verifyV3(clientSecret: string, input: VerifyInput): void {
  if (!input.signature || !input.timestamp) {
    throw new HandoffError(
      'signature_missing',
      'Missing X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp header: only signed HubSpot requests are accepted',
      401,
    );
  }
  // Staleness first: a replayed request is refused without spending an HMAC on it.
  const timestamp = Number(input.timestamp);
  if (!/^\d+$/.test(input.timestamp) || Math.abs(input.now - timestamp) > MAX_SIGNATURE_SKEW_MS) {
    throw new HandoffError(
      'signature_stale',
      'X-HubSpot-Request-Timestamp is more than 5 minutes from now: check the server clock (NTP) or replayed request',
      401,
    );
  }
  const given = Buffer.from(input.signature, 'base64');
  const candidates = new Set([input.uri, normaliseSignedUri(input.uri)]);
  for (const uri of candidates) {
    const expected = Buffer.from(
      signV3(clientSecret, { ...input, uri, timestamp: input.timestamp }),
      'base64',
    );
    if (given.length === expected.length && timingSafeEqual(given, expected)) return;
  }
  throw new HandoffError(
    'signature_invalid',
    "Invalid X-HubSpot-Signature-v3: check that HUBSPOT_CLIENT_SECRET matches the app's client secret and that APP_BASE_URL is the public URL HubSpot calls",
    401,
  );
}
