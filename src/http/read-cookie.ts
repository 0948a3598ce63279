import { parse } from 'cookie';
import type { Request } from 'express';

/**
 * One cookie of a request. A value that is not valid percent-encoding is returned as sent (the
 * `cookie` library does not throw on it), so it fails the caller's signature or state check like
 * any other wrong value instead of becoming a 500.
 */
export function readCookie(req: Request, name: string): string | undefined {
  return parse(req.headers.cookie ?? '')[name];
}
