import type { Logger } from '../log';

/**
 * How a failure should be treated; `src/hubspot/error-kind.ts` decides it for HubSpot's errors (the
 * queue knows nothing of HubSpot and is handed that function).
 */
export type FailureKind =
  | { kind: 'rate_limited'; waitMs: number; message: string }
  | { kind: 'unavailable' | 'rejected' | 'unauthorized'; message: string; correlationId?: string }
  | { kind: 'internal'; message: string };

/** The per-portal circuit (see `src/hubspot/portal-circuit.ts`). */
export interface PortalGate {
  allow(portalId: number): boolean;
  waiting(): number[];
  succeeded(portalId: number): void;
  failed(portalId: number, failure: FailureKind): { state: string; until?: number; reason?: string };
}

/**
 * One verdict per batch (all of one portal): an outage or a revoked install shows in every item of
 * it alike. Returns until when the portal's work must wait, when its circuit is open or paused.
 */
export function circuitAfterBatch(
  gate: PortalGate | undefined,
  portalId: number,
  failures: FailureKind[],
  log: Logger,
): { until?: number } {
  if (!gate) return {};
  const worst =
    failures.find((f) => f.kind === 'unauthorized') ?? failures.find((f) => f.kind === 'unavailable');
  if (!worst) {
    gate.succeeded(portalId);
    return {};
  }
  const state = gate.failed(portalId, worst);
  if (state.state === 'paused') {
    log.error(
      { portalId, until: state.until, reason: state.reason },
      'HubSpot refused this portal’s credentials: its work is paused; reinstall the app with the scopes it needs',
    );
  } else if (state.state === 'open') {
    log.warn(
      { portalId, until: state.until, reason: state.reason },
      'HubSpot unavailable for this portal: circuit open, its work waits without spending attempts',
    );
  }
  return state.state === 'open' || state.state === 'paused' ? { until: state.until } : {};
}
