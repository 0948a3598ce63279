import type { Request, Response } from 'express';
import type { z } from 'zod';
import { notFound, SimulatorError, validationError } from '../errors';
import type { Portal } from '../portal';
import type { Delay } from '../random';
import type { TokenRegistry } from '../tokens';
import type { CallLog } from './call-log';
import type { RateLimits } from './rate-limits';

/** Fractions of API calls answered with a fault instead of the real answer. */
export interface FaultOptions {
  error500: number;
  error502: number;
  hang: number;
  /** How long a hung call is held before its socket is closed (clients usually give up first). */
  hangMs: number;
  /**
   * Fraction of creates HubSpot applies whose answer never reaches the client: the record exists,
   * the client sees a 502, a timeout or a reset connection (see `lost-answers.ts`).
   */
  lostCreates: number;
  /** How a lost answer is lost, drawn evenly from this list. */
  lostAs: LostAnswer[];
  /** HubSpot unreachable: every API call is answered 503 and nothing is applied. */
  outage: boolean;
}

/** The ways an applied create's answer goes missing on the way back. */
export type LostAnswer = 'error502' | 'timeout' | 'reset';

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  appId: number;
}

/** What every route reads: the portals and the simulator-wide machinery. */
export interface ApiContext {
  portals: Map<number, Portal>;
  tokens: TokenRegistry;
  callLog: CallLog;
  rateLimits: RateLimits;
  faults: FaultOptions;
  latencyMs: Delay;
  oauthApps: OAuthApp[];
  /** Associations per record per page in v4 reads (HubSpot: 500). */
  associationPageSize: number;
  random: () => number;
  now: () => number;
}

/** The portal the request's bearer token belongs to (set by the auth middleware). */
export function portalOf(res: Response): Portal {
  return res.locals.portal as Portal;
}

/** Parses a body with zod, turning its issues into HubSpot's 400 VALIDATION_ERROR. */
export function parseBody<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 5).map((issue) => ({
    message: `${issue.path.join('.') || 'body'}: ${issue.message}`,
    code: 'INVALID_INPUT',
    in: issue.path.join('.') || 'body',
  }));
  throw validationError(`Invalid input JSON: ${issues.map((issue) => issue.message).join('; ')}`, {
    errors: issues,
  });
}

/** Sends a route's answer, or its SimulatorError as HubSpot's error body. */
export function answer(
  work: (
    req: Request,
    res: Response,
  ) => { status: number; body?: unknown } | Promise<{ status: number; body?: unknown }>,
) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const { status, body } = await work(req, res);
      if (body === undefined) res.status(status).end();
      else res.status(status).json(body);
    } catch (error) {
      sendError(res, error);
    }
  };
}

export function sendError(res: Response, error: unknown): void {
  const simulated =
    error instanceof SimulatorError
      ? error
      : new SimulatorError(500, 'INTERNAL_ERROR', `Internal error: ${(error as Error).message ?? error}`);
  res.status(simulated.httpStatus).json(simulated.body());
}

/** Query values as a list: `properties=a,b` and `properties=a&properties=b` alike. */
export function listQuery(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

export function intQuery(value: unknown, fallback: number, name: string, max?: number): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || (max !== undefined && number > max)) {
    throw validationError(
      `${name} must be a whole number from 1${max ? ` to ${max}` : ''}; got ${String(value)}`,
    );
  }
  return number;
}

export function routeNotFound(req: Request): SimulatorError {
  return notFound(`No simulated HubSpot endpoint for ${req.method} ${req.path}`);
}
