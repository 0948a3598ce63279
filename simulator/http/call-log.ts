import type { InjectedFault } from './lost-answers';

/** One API call the simulator answered. */
export interface CallRecord {
  at: number;
  portalId: number | null;
  method: string;
  /** Path without query string. */
  path: string;
  /** Method and path with ids folded (`POST /crm/v3/objects/contacts/batch/read`, `GET /crm/v3/objects/contacts/{id}`). */
  endpoint: string;
  status: number;
  durationMs: number;
  /** Set when a fault was injected instead of the answer (`lost-*`: after the create was applied). */
  fault?: InjectedFault;
}

/** Folds record ids and tokens out of a path so calls group by endpoint. */
export function endpointOf(method: string, path: string): string {
  const folded = path
    .replace(/^\/oauth\/v1\/(access|refresh)-tokens\/[^/]+$/, '/oauth/v1/$1-tokens/{token}')
    .split('/')
    .map((segment) => (/^\d+$/.test(segment) ? '{id}' : segment))
    .join('/');
  return `${method} ${folded}`;
}

/** Every call, with counts per endpoint and per status: what a test or the demo asserts on. */
export class CallLog {
  readonly entries: CallRecord[] = [];

  constructor(private readonly maxEntries = 200_000) {}

  record(entry: CallRecord): void {
    this.entries.push(entry);
    if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
  }

  /** Calls per endpoint, optionally of one portal or status. */
  counts(filter: { portalId?: number; status?: number } = {}): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.select(filter)) counts[entry.endpoint] = (counts[entry.endpoint] ?? 0) + 1;
    return counts;
  }

  /** Calls per HTTP status. */
  statusCounts(filter: { portalId?: number } = {}): Record<number, number> {
    const counts: Record<number, number> = {};
    for (const entry of this.select(filter)) counts[entry.status] = (counts[entry.status] ?? 0) + 1;
    return counts;
  }

  count(filter: { portalId?: number; status?: number; endpoint?: string } = {}): number {
    return this.select(filter).length;
  }

  clear(): void {
    this.entries.length = 0;
  }

  private select(filter: { portalId?: number; status?: number; endpoint?: string }): CallRecord[] {
    return this.entries.filter(
      (entry) =>
        (filter.portalId === undefined || entry.portalId === filter.portalId) &&
        (filter.status === undefined || entry.status === filter.status) &&
        (filter.endpoint === undefined || entry.endpoint === filter.endpoint),
    );
  }
}
