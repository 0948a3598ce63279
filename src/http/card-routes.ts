import express, { Router, type Request, type Response } from 'express';
import type { CardContext, FeedbackResult, OutcomeResult } from '../card/card-contract';
import { cardIdentity } from '../card/card-identity';
import type { CardService } from '../card/card-service';
import { HandoffError } from '../errors';
import { verifySignature } from './verify-signature';

/** A card action is a few hundred bytes; hubspot.fetch allows 1 MB, Handoff needs far less. */
export const CARD_BODY_LIMIT = '16kb';

/**
 * The CRM card's backend (`hubspot.fetch`). Every route is v3-verified over the raw body with the
 * webhook verifier; the portal and user come only from the signed query string. Each answer is
 * typed by `card-contract.ts`, the same types the card reads.
 */
export function cardRoutes(options: {
  card: CardService;
  clientSecret: string;
  appBaseUrl: string;
  now: () => number;
}): Router {
  const router = Router();
  router.use(
    '/api/card',
    express.raw({ type: () => true, limit: CARD_BODY_LIMIT }),
    verifySignature(options),
  );
  router.get('/api/card/contacts/:contactId', async (req, res) => {
    answer<CardContext>(res, await options.card.context(cardIdentity(req.originalUrl), contactIdOf(req)));
  });
  router.post('/api/card/contacts/:contactId/outcome', async (req, res) => {
    const identity = cardIdentity(req.originalUrl);
    answer<OutcomeResult>(res, await options.card.act(identity, contactIdOf(req), jsonBody(req)));
  });
  router.post('/api/card/contacts/:contactId/next-step', async (req, res) => {
    const identity = cardIdentity(req.originalUrl);
    answer<FeedbackResult>(res, await options.card.nextStep(identity, contactIdOf(req), jsonBody(req)));
  });
  router.post('/api/card/contacts/:contactId/rating', async (req, res) => {
    const identity = cardIdentity(req.originalUrl);
    answer<FeedbackResult>(res, await options.card.rate(identity, contactIdOf(req), jsonBody(req)));
  });
  return router;
}

/** Sends an answer the card's contract promises (the type argument names which one). */
function answer<T>(res: Response, body: T): void {
  res.json(body);
}

function contactIdOf(req: Request): string {
  return String(req.params.contactId);
}

function jsonBody(req: Request): unknown {
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new HandoffError(
      'card_invalid',
      'The request body is not JSON: send the action as a JSON object',
      400,
    );
  }
}
