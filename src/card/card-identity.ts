import { HandoffError } from '../errors';

/** Who is asking, as HubSpot signed it: the account the card runs in and the user looking at it. */
export interface CardIdentity {
  portalId: number;
  userId: string;
}

/**
 * Reads the portal and user from the query string HubSpot adds to every `hubspot.fetch` request.
 * They are trusted only because the whole URL, query included, is covered by the v3 signature that
 * was verified before this runs; nothing in the body is ever taken as identity. A parameter given
 * twice is refused: the card could add its own copy and HubSpot's would then be ambiguous.
 */
export function cardIdentity(originalUrl: string): CardIdentity {
  const query = new URLSearchParams(originalUrl.split('?')[1] ?? '');
  const portalId = single(query, 'portalId');
  const userId = single(query, 'userId');
  if (portalId === undefined || userId === undefined) {
    throw new HandoffError(
      'card_identity_missing',
      'The request carries no signed portalId and userId: card requests must come from the Handoff card through hubspot.fetch',
      401,
    );
  }
  return { portalId: Number(portalId), userId };
}

function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  if (values.length !== 1) return undefined;
  const value = values[0] as string;
  return /^\d{1,19}$/.test(value) && Number(value) > 0 ? value : undefined;
}
