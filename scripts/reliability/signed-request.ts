import { createHash } from 'node:crypto';
import { signV3 } from '../../src/intake/signature';

/** A request as the suite sends it: where it goes, and (apart) what its signature covers. */
export interface SignedCall {
  method: string;
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface SignOptions {
  secret: string;
  timestamp?: number;
  /** What the signature covers, when it is not what is sent (a mutation). */
  signedMethod?: string;
  signedUri?: string;
  signedBody?: string;
}

/** A call signed as HubSpot signs it (v3), or signed over something else to mutate it. */
export function signedCall(method: string, url: string, body: string, options: SignOptions): SignedCall {
  const timestamp = options.timestamp ?? Date.now();
  const signature = signV3(options.secret, {
    method: options.signedMethod ?? method,
    uri: options.signedUri ?? url,
    body: options.signedBody ?? body,
    timestamp,
  });
  return {
    method,
    url,
    body,
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature-v3': signature,
      'x-hubspot-request-timestamp': String(timestamp),
    },
  };
}

/** HubSpot's retired v1 scheme: sha256 hex of secret and body, which must not pass for v3. */
export function v1Signature(secret: string, body: string): string {
  return createHash('sha256')
    .update(secret + body)
    .digest('hex');
}

export async function send(call: SignedCall): Promise<{ status: number; text: string }> {
  const response = await fetch(call.url, {
    method: call.method,
    headers: call.headers,
    ...(call.method === 'GET' || call.method === 'HEAD' ? {} : { body: call.body }),
  });
  return { status: response.status, text: await response.text() };
}
