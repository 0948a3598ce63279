import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { describeError } from '../errors';
import type { Logger } from '../log';
import type { PortalLeaseRoundResult, PortalLeaseScope, Store } from '../store/store';

/** How long a portal lease holds without renewal: a dead process's portals move on after this. */
export const DEFAULT_PORTAL_LEASE_MS = 15_000;

export interface PortalLeaseKeeperOptions {
  store: Store;
  logger: Logger;
  leaseMs?: number;
  /** Jobs due within this long count as work when portals are shared out (default: one lease). */
  horizonMs?: number;
  holder?: string;
  now?: () => number;
}

/**
 * Keeps this process's portal leases when several processes share one PostgreSQL: a heartbeat and
 * renewal every third of a lease, and the portals beyond its fair share given back so another
 * process can take them. The workers' claims take free leases themselves (see portal-rotation.ts)
 * and work only the portals this process holds, so each portal's HubSpot calls go through one
 * process's limiter.
 */
export class PortalLeaseKeeper {
  readonly holder: string;
  readonly leaseMs: number;
  private readonly log: Logger;
  private readonly now: () => number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  last?: PortalLeaseRoundResult;

  constructor(private readonly options: PortalLeaseKeeperOptions) {
    this.holder = options.holder ?? `${hostname()}:${process.pid}:leases:${randomBytes(3).toString('hex')}`;
    this.leaseMs = options.leaseMs ?? DEFAULT_PORTAL_LEASE_MS;
    this.log = options.logger.child({ holder: this.holder });
    this.now = options.now ?? Date.now;
  }

  /** What the workers' claims may work: this holder's leases, and free ones by turns with the others. */
  scope(): PortalLeaseScope {
    return { holder: this.holder, leaseMs: this.leaseMs };
  }

  /** One round now: heartbeat, renew, give back the excess. */
  async round(): Promise<PortalLeaseRoundResult> {
    const result = await this.options.store.leases.round({
      holder: this.holder,
      leaseMs: this.leaseMs,
      now: this.now(),
      horizonMs: this.options.horizonMs ?? this.leaseMs,
    });
    if (result.released.length > 0) {
      this.log.info(
        { released: result.released, share: result.share, holders: result.holders },
        'gave back portal leases beyond this process’s share',
      );
    }
    this.last = result;
    return result;
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.round().catch((error: unknown) => {
        // The leases run out if this keeps failing; another process then takes the portals.
        this.log.warn({ err: describeError(error) }, 'could not renew portal leases');
      });
    };
    tick();
    this.timer = setInterval(tick, Math.max(1, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
  }

  /** Stops renewing and gives every lease back, so the other processes take them at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    try {
      await this.options.store.leases.release(this.holder);
    } catch (error) {
      this.log.warn({ err: describeError(error) }, 'could not give back portal leases; they expire instead');
    }
  }
}
