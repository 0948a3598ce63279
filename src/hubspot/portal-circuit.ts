import type { HubSpotErrorKind } from './error-kind';

export interface PortalCircuitOptions {
  /** Consecutive `unavailable` failures of one portal that open its circuit. */
  threshold?: number;
  /** First open period; doubles on each failed probe up to `maxOpenMs`. */
  openMs?: number;
  maxOpenMs?: number;
  /** How long a revoked or under-scoped install is left alone before one probe looks again. */
  pauseMs?: number;
  /** Multiplies the default periods (QUEUE_TIME_SCALE: the reliability suite compresses an outage). */
  timeScale?: number;
  now?: () => number;
}

export interface CircuitState {
  state: 'closed' | 'open' | 'half_open' | 'paused';
  /** When work may be tried again (open or paused). */
  until?: number;
  reason?: string;
}

interface PortalEntry {
  failures: number;
  openMs: number;
  until: number;
  paused: boolean;
  reason?: string;
  probing: boolean;
}

/**
 * A circuit breaker per portal. During a HubSpot outage (or a revoked install) every call fails
 * the same way, so retrying each job only burns its attempts: an open circuit makes the portal's
 * events and jobs wait without spending attempts. After the open period one batch is let through
 * (half-open probe); success closes the circuit, failure opens it again for longer. An outage of
 * hours therefore dead-letters nothing and resumes by itself.
 *
 * In memory, per process: each process learns an outage from its own calls within `threshold`
 * failures, which costs less than sharing the state through the store.
 */
export class PortalCircuits {
  private readonly portals = new Map<number, PortalEntry>();
  private readonly threshold: number;
  private readonly openMs: number;
  private readonly maxOpenMs: number;
  private readonly pauseMs: number;
  private readonly now: () => number;

  constructor(options: PortalCircuitOptions = {}) {
    this.threshold = options.threshold ?? 5;
    const scale = options.timeScale ?? 1;
    this.openMs = options.openMs ?? 30_000 * scale;
    this.maxOpenMs = options.maxOpenMs ?? 10 * 60_000 * scale;
    this.pauseMs = options.pauseMs ?? 15 * 60_000 * scale;
    this.now = options.now ?? Date.now;
  }

  /** Whether a batch of this portal may call HubSpot now; a due open circuit lets one probe through. */
  allow(portalId: number): boolean {
    const entry = this.portals.get(portalId);
    if (!entry || entry.until === 0) return true;
    if (this.now() < entry.until || entry.probing) return false;
    entry.probing = true;
    return true;
  }

  /** Portals whose work must wait now (not due for a probe): claims skip them. */
  waiting(): number[] {
    const now = this.now();
    return [...this.portals]
      .filter(([, entry]) => entry.until !== 0 && (now < entry.until || entry.probing))
      .map(([portalId]) => portalId);
  }

  state(portalId: number): CircuitState {
    const entry = this.portals.get(portalId);
    if (!entry || entry.until === 0) return { state: 'closed' };
    const state = entry.paused ? 'paused' : this.now() < entry.until ? 'open' : 'half_open';
    return { state, until: entry.until, reason: entry.reason };
  }

  /** The batch reached HubSpot and HubSpot answered (any answer that is not an outage or auth failure). */
  succeeded(portalId: number): void {
    this.portals.delete(portalId);
  }

  /** Records a failed batch; returns the circuit's state after it. */
  failed(portalId: number, error: HubSpotErrorKind): CircuitState {
    const entry = this.entry(portalId);
    const wasProbe = entry.probing;
    entry.probing = false;
    if (error.kind === 'unauthorized') {
      Object.assign(entry, { paused: true, until: this.now() + this.pauseMs, reason: error.message });
    } else if (error.kind === 'unavailable') {
      entry.failures += 1;
      if (wasProbe || entry.failures >= this.threshold) {
        entry.openMs = wasProbe ? Math.min(this.maxOpenMs, entry.openMs * 2) : this.openMs;
        Object.assign(entry, { paused: false, until: this.now() + entry.openMs, reason: error.message });
      }
    } else if (wasProbe) {
      // A probe HubSpot answered (even with a refusal) shows it is reachable again.
      this.portals.delete(portalId);
    }
    return this.state(portalId);
  }

  private entry(portalId: number): PortalEntry {
    let entry = this.portals.get(portalId);
    if (!entry) {
      entry = { failures: 0, openMs: this.openMs, until: 0, paused: false, probing: false };
      this.portals.set(portalId, entry);
    }
    return entry;
  }
}
