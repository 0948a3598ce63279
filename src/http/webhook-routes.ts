import express, { Router } from 'express';
import { receiveWebhookBatch, type ReceiveDeps } from '../intake/receive-webhook-batch';
import { verifySignature } from './verify-signature';

/** HubSpot batches are under 100 events of well under 1 KB each; anything near this is not HubSpot. */
export const WEBHOOK_BODY_LIMIT = '512kb';

export function webhookRoutes(
  options: { clientSecret: string; appBaseUrl: string; onStored: () => void } & ReceiveDeps,
): Router {
  const router = Router();
  router.post(
    '/webhooks/hubspot',
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    verifySignature(options),
    async (req, res) => {
      const result = await receiveWebhookBatch(req.body as Buffer, options);
      if (result.stored > 0) options.onStored();
      options.metrics?.webhookRequests.inc({ outcome: 'accepted' });
      res.status(200).json(result);
    },
  );
  return router;
}
