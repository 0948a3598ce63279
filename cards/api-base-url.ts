/**
 * Where the card's `hubspot.fetch` calls go: Handoff's public origin (APP_BASE_URL).
 * `npm run hubspot:project -- --base-url https://…` writes this file with the real origin into the
 * generated project; the value here is only for development and tests.
 */
export const API_BASE_URL = 'https://handoff.example.com';
