import { createHmac } from 'node:crypto';

/**
 * HubSpot's v3 request signature: base64(HMAC-SHA256(client secret, method + URI + body +
 * timestamp)), sent with the timestamp in `X-HubSpot-Request-Timestamp`. Written here, apart from
 * the app's verifier, so the simulator is an independent check of it.
 */
export function hubspotSignatureHeaders(
  clientSecret: string,
  request: { method: string; uri: string; body: string; timestamp: number },
): Record<string, string> {
  const signature = createHmac('sha256', clientSecret)
    .update(`${request.method.toUpperCase()}${request.uri}${request.body}${request.timestamp}`)
    .digest('base64');
  return {
    'x-hubspot-signature-v3': signature,
    'x-hubspot-request-timestamp': String(request.timestamp),
  };
}
