/**
 * The card's API types, written once in `src/card/card-contract.ts` for the card and the backend.
 * `npm run hubspot:project` puts that file itself here, since the HubSpot project has no `src/`.
 */
export type * from '../src/card/card-contract';
