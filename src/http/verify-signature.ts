import type { RequestHandler } from 'express';
import { verifyV3 } from '../intake/signature';

/**
 * Refuses any request without a valid v3 signature. Must run after `express.raw()`: the signature
 * covers the exact bytes. The URI is rebuilt from APP_BASE_URL because behind a proxy the Host
 * header and scheme we see are not the ones HubSpot signed.
 */
export function verifySignature(options: {
  clientSecret: string;
  appBaseUrl: string;
  now: () => number;
}): RequestHandler {
  return (req, _res, next) => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    verifyV3(options.clientSecret, {
      method: req.method,
      uri: options.appBaseUrl + req.originalUrl,
      body,
      signature: req.get('x-hubspot-signature-v3'),
      timestamp: req.get('x-hubspot-request-timestamp'),
      now: options.now(),
    });
    next();
  };
}
