import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { HandoffError } from '../errors';
import type { Store } from '../store/store';

/** The install `state` lives 10 minutes and is good for one callback. */
export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;
export const OAUTH_STATE_COOKIE = 'handoff_oauth_state';

/**
 * What a state is for: installing the app, or signing in to the admin page. The purpose is part of
 * the stored hash, so a state issued for one can never be redeemed for the other.
 */
export type OAuthStatePurpose = 'install' | 'admin';

/** Only a hash is stored, so a leaked database row cannot complete someone's install. */
function hashState(state: string, purpose: OAuthStatePurpose): string {
  return createHash('sha256')
    .update(purpose === 'install' ? state : `${purpose}:${state}`)
    .digest('hex');
}

/** A fresh 128-bit state, remembered in the store. */
export async function issueOAuthState(
  store: Store,
  now: number,
  purpose: OAuthStatePurpose = 'install',
): Promise<string> {
  const state = randomBytes(16).toString('base64url');
  await store.portals.saveOAuthState(hashState(state, purpose), now + OAUTH_STATE_TTL_MS, now);
  return state;
}

/**
 * Accepts the callback's state only if it matches the browser's cookie (the same browser that
 * started the install) and the store has it unused and unexpired. Uses it up either way.
 */
export async function redeemOAuthState(
  store: Store,
  fromQuery: string | undefined,
  fromCookie: string | undefined,
  now: number,
  purpose: OAuthStatePurpose = 'install',
): Promise<void> {
  if (!fromQuery || !fromCookie) {
    throw stateError('the install link is missing its state or the browser lost its cookie: start again');
  }
  const a = Buffer.from(fromQuery);
  const b = Buffer.from(fromCookie);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw stateError(
      'the state does not belong to this browser: start the install again from the same browser',
    );
  }
  const result = await store.portals.consumeOAuthState(hashState(fromQuery, purpose), now);
  if (result === 'used') throw stateError('this install link was already used: start the install again');
  if (result === 'expired')
    throw stateError('the install link expired after 10 minutes: start the install again');
  if (result === 'unknown') throw stateError('unknown state: start the install again');
}

function stateError(reason: string): HandoffError {
  return new HandoffError('oauth_state_invalid', `Install refused: ${reason} at /oauth/install`, 400);
}
