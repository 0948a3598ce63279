import { z } from 'zod/v4';

/**
 * HubSpot's default call outcome "Connected" (`hs_call_disposition` is the outcome's GUID; portals
 * add their own outcomes, so the playbook can name more).
 */
export const CONNECTED_CALL_DISPOSITION = 'f240bbac-87c9-4f6e-bf70-924b57d47db7';

export const DEFAULT_NO_RESPONSE = {
  enabled: true,
  attempts: 3,
  businessDays: 7,
  connectedCallDispositions: [CONNECTED_CALL_DISPOSITION],
};

/**
 * When a lead handed to sales counts as "no response" (issue 11): at least `attempts` logged
 * attempts (outgoing calls and emails, missed meetings) spread over at least `businessDays` of the
 * owner's business days, counted from the first attempt, with no reply, connected call or meeting.
 */
export const noResponseSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    attempts: z.number().int().min(1).max(50).default(3),
    businessDays: z.number().int().min(1).max(90).default(7),
    /** Call outcomes (`hs_call_disposition` GUIDs) that mean the rep spoke with the lead. */
    connectedCallDispositions: z
      .array(z.string().min(1))
      .min(1, 'name at least one call outcome that means connected')
      .default(DEFAULT_NO_RESPONSE.connectedCallDispositions),
  })
  .default(DEFAULT_NO_RESPONSE);

export type NoResponsePolicy = z.output<typeof noResponseSchema>;
