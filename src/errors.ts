/**
 * Errors carry a stable code and an HTTP status; the HTTP layer maps codes, never messages.
 * Messages say what to do next.
 */
export type ErrorCode =
  | 'config_invalid'
  | 'signature_missing'
  | 'signature_invalid'
  | 'signature_stale'
  | 'body_too_large'
  | 'body_invalid'
  | 'body_encoding_unsupported'
  | 'body_encoding_invalid'
  | 'oauth_state_invalid'
  | 'oauth_not_configured'
  | 'oauth_exchange_failed'
  | 'hubspot_rate_limited'
  | 'hubspot_auth'
  | 'hubspot_validation'
  | 'hubspot_not_found'
  | 'hubspot_conflict'
  | 'hubspot_unavailable'
  | 'hubspot_error'
  | 'portal_not_installed'
  | 'not_found'
  | 'card_identity_missing'
  | 'card_invalid'
  | 'outcome_in_progress'
  | 'card_no_owner'
  | 'admin_unauthorized'
  | 'admin_forbidden'
  | 'admin_csrf'
  | 'playbook_invalid'
  | 'playbook_changed';

export class HandoffError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number = 500,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HandoffError';
  }

  toJSON(): { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } } {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}

export function isHandoffError(error: unknown): error is HandoffError {
  return error instanceof HandoffError;
}

/** A short, loggable description of anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
