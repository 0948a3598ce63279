import { Signature } from '@hubspot/api-client';
import { MAX_SIGNATURE_SKEW_MS, signV3, signedHeaders, verifyV3 } from '../../src/intake/signature';

const secret = 'test-client-secret';
const uri = 'https://handoff.example.com/webhooks/hubspot';
const body = '[{"eventId":1}]';
const timestamp = 1_700_000_000_000;

function verify(overrides: Partial<Parameters<typeof verifyV3>[1]> = {}) {
  const signature = signV3(secret, { method: 'POST', uri, body, timestamp });
  return () =>
    verifyV3(secret, {
      method: 'POST',
      uri,
      body,
      signature,
      timestamp: String(timestamp),
      now: timestamp,
      ...overrides,
    });
}

describe('HubSpot v3 signatures', () => {
  it('matches a known answer computed with openssl', () => {
    // printf '%s' 'POST<uri><body>1700000000000' | openssl dgst -sha256 -hmac test-client-secret -binary | base64
    expect(signV3(secret, { method: 'POST', uri, body, timestamp })).toBe(
      'OQY/PMHMMwaecNROt/DAvs/Re72Vame9iNeBEouGIFA=',
    );
  });

  it('agrees with @hubspot/api-client Signature.isValid (v3) as an independent oracle', () => {
    const now = Date.now();
    const payload = JSON.stringify([{ eventId: 9, portalId: 62515, subscriptionType: 'contact.creation' }]);
    const headers = signedHeaders(secret, { method: 'POST', uri, body: payload, timestamp: now });
    expect(
      Signature.isValid({
        signatureVersion: 'v3',
        method: 'POST',
        url: uri,
        requestBody: payload,
        clientSecret: secret,
        signature: headers['x-hubspot-signature-v3'] as string,
        timestamp: now,
      }),
    ).toBe(true);
    expect(
      Signature.isValid({
        signatureVersion: 'v3',
        method: 'POST',
        url: uri,
        requestBody: payload + ' ',
        clientSecret: secret,
        signature: headers['x-hubspot-signature-v3'] as string,
        timestamp: now,
      }),
    ).toBe(false);
  });

  it('accepts the request as signed', () => {
    expect(verify()).not.toThrow();
  });

  it('refuses one changed body byte', () => {
    expect(verify({ body: '[{"eventId":2}]' })).toThrow(
      expect.objectContaining({ code: 'signature_invalid' }),
    );
  });

  it('refuses another URI, another method and another secret', () => {
    expect(verify({ uri: uri + '?x=1' })).toThrow(expect.objectContaining({ code: 'signature_invalid' }));
    expect(verify({ uri: 'http://handoff.example.com/webhooks/hubspot' })).toThrow(
      expect.objectContaining({ code: 'signature_invalid' }),
    );
    expect(verify({ method: 'PUT' })).toThrow(expect.objectContaining({ code: 'signature_invalid' }));
    const signature = signV3('another-secret', { method: 'POST', uri, body, timestamp });
    expect(verify({ signature })).toThrow(
      expect.objectContaining({ code: 'signature_invalid', status: 401 }),
    );
  });

  it('refuses a timestamp that was changed after signing', () => {
    expect(verify({ timestamp: String(timestamp + 1) })).toThrow(
      expect.objectContaining({ code: 'signature_invalid' }),
    );
  });

  it('accepts exactly 5 minutes of clock skew either way and refuses 301 seconds', () => {
    expect(verify({ now: timestamp + MAX_SIGNATURE_SKEW_MS })).not.toThrow();
    expect(verify({ now: timestamp - MAX_SIGNATURE_SKEW_MS })).not.toThrow();
    expect(verify({ now: timestamp + 301_000 })).toThrow(
      expect.objectContaining({ code: 'signature_stale' }),
    );
    expect(verify({ now: timestamp - 301_000 })).toThrow(
      expect.objectContaining({ code: 'signature_stale' }),
    );
  });

  it('refuses missing headers, garbage timestamps and garbage signatures without throwing anything else', () => {
    expect(verify({ signature: undefined })).toThrow(expect.objectContaining({ code: 'signature_missing' }));
    expect(verify({ timestamp: undefined })).toThrow(expect.objectContaining({ code: 'signature_missing' }));
    expect(verify({ timestamp: 'yesterday' })).toThrow(expect.objectContaining({ code: 'signature_stale' }));
    expect(verify({ signature: 'not base64 at all!' })).toThrow(
      expect.objectContaining({ code: 'signature_invalid' }),
    );
  });

  it('accepts a signature over the URI with the characters HubSpot decodes before hashing', () => {
    const encoded = 'https://handoff.example.com/webhooks/hubspot?x=a%3Ab';
    // printf '%s' 'POSThttps://handoff.example.com/webhooks/hubspot?x=a:b[]1700000000000' | openssl … | base64
    const signature = 'JBpfIw4P8us4leGXKepRIONNsddWCXV7MRs9VzIf8R8=';
    expect(() =>
      verifyV3(secret, {
        method: 'POST',
        uri: encoded,
        body: '[]',
        signature,
        timestamp: String(timestamp),
        now: timestamp,
      }),
    ).not.toThrow();
  });
});
