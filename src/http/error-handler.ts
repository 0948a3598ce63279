import type { ErrorRequestHandler } from 'express';
import { HandoffError, describeError, isHandoffError } from '../errors';
import type { Logger } from '../log';

/** Maps error codes to answers; anything unexpected is a 500 that names no internals. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = toHandoffError(error);
    if (known) {
      const level = known.status >= 500 ? 'error' : 'warn';
      log[level]({ code: known.code, status: known.status, path: req.path }, known.message);
      res.status(known.status).json(known.toJSON());
      return;
    }
    log.error({ err: describeError(error), path: req.path }, 'unexpected error');
    res
      .status(500)
      .json({ error: { code: 'internal', message: 'Internal error; the request can be retried' } });
  };
}

/** body-parser's errors carry a `type`; give them our codes and a message that says the fix. */
function toHandoffError(error: unknown): HandoffError | undefined {
  if (isHandoffError(error)) return error;
  const type = (error as { type?: string } | null)?.type;
  if (type === 'entity.too.large') {
    return new HandoffError(
      'body_too_large',
      'The body is larger than Handoff accepts for this route (HubSpot batches stay far below it)',
      413,
    );
  }
  if (type === 'encoding.unsupported') {
    return new HandoffError(
      'body_encoding_unsupported',
      'The Content-Encoding of the body is not one Handoff reads: send it uncompressed, or as gzip, deflate or br',
      415,
    );
  }
  if (type === 'entity.parse.failed' || type === 'charset.unsupported') {
    return new HandoffError('body_invalid', 'The body could not be read: send UTF-8 JSON', 400);
  }
  // A body that does not decompress as its Content-Encoding says: body-parser passes zlib's error
  // on as a 400 without a type (zlib codes start with Z_).
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new HandoffError(
      'body_encoding_invalid',
      'The body does not decode as its Content-Encoding says: send it uncompressed, or encoded as the header names',
      400,
    );
  }
  return undefined;
}
