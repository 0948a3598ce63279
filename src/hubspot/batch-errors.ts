import type { BatchResult } from './crm';
import { HubSpotValidationError } from './hubspot-errors';

/**
 * Reading HubSpot's partial batch answers (207: `results` for the inputs that worked, `errors` for
 * the rest, each naming its records in `context.ids`), so jobs get typed refusals, not raw errors.
 */

/** Per contact HubSpot refused in a batch update, the error its job records (dead-lettered by kind). */
export function contactUpdateRefusals(
  portalId: number,
  result: BatchResult<unknown>,
): Map<string, HubSpotValidationError> {
  const refusals = new Map<string, HubSpotValidationError>();
  for (const error of result.errors) {
    for (const contactId of error.context?.ids ?? []) {
      refusals.set(
        contactId,
        new HubSpotValidationError({
          portalId,
          endpoint: 'objects.batch.update',
          hubspotMessage: `contact ${contactId}: ${error.message}`,
        }),
      );
    }
  }
  return refusals;
}

/** Every refusal of a batch answer as one error (HubSpot's messages joined), or undefined if none. */
export function batchRefusal(
  portalId: number,
  endpoint: string,
  result: BatchResult<unknown>,
): HubSpotValidationError | undefined {
  if (result.errors.length === 0) return undefined;
  return new HubSpotValidationError({
    portalId,
    endpoint,
    hubspotMessage: result.errors.map((error) => error.message).join('; '),
  });
}

/** HubSpot's message for the first refused input of a batch answer, or undefined if none was refused. */
export function firstRefusal(result: BatchResult<unknown>): string | undefined {
  const [first] = result.errors;
  return first === undefined ? undefined : (first.message ?? '');
}
