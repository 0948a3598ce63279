import { FIRST_ID, type ObjectType } from './object-types';

/** A CRM record as stored: every property value is a string, an unset property is absent. */
export interface SimRecord {
  id: string;
  properties: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt?: number;
}

/** What search sees of a record: a copy taken when the change was made, visible after the lag. */
export type Snapshot = Readonly<Omit<SimRecord, 'archived' | 'archivedAt'>>;

interface PendingIndexUpdate {
  id: string;
  visibleAt: number;
  /** Null removes the record from the index (archived). */
  snapshot: Snapshot | null;
}

/**
 * The records of one object type in one portal, and their search index. HubSpot's search index
 * lags writes by seconds (its CRM search guide): a change becomes searchable at `visibleAt`, and
 * until then search answers with the record as it was indexed before, or not at all.
 */
export class RecordStore {
  private readonly records = new Map<string, SimRecord>();
  private readonly index = new Map<string, Snapshot>();
  private pending: PendingIndexUpdate[] = [];
  private nextId: number;

  constructor(readonly type: ObjectType) {
    this.nextId = FIRST_ID[type];
  }

  get size(): number {
    return this.records.size;
  }

  newId(): string {
    return String(this.nextId++);
  }

  get(id: string): SimRecord | undefined {
    return this.records.get(id);
  }

  /** Live (not archived) records, oldest id first. */
  live(): SimRecord[] {
    return [...this.records.values()].filter((record) => !record.archived);
  }

  put(record: SimRecord, visibleAt: number): void {
    this.records.set(record.id, record);
    this.reindex(record, visibleAt);
  }

  reindex(record: SimRecord, visibleAt: number): void {
    const snapshot: Snapshot | null = record.archived
      ? null
      : {
          id: record.id,
          properties: { ...record.properties },
          createdAt: record.createdAt,
          updatedAt: record.updatedAt,
        };
    this.pending.push({ id: record.id, visibleAt, snapshot });
  }

  /** The index as search sees it at `now`. */
  searchable(now: number): Snapshot[] {
    if (this.pending.length > 0) {
      const due = this.pending.filter((update) => update.visibleAt <= now);
      if (due.length > 0) {
        this.pending = this.pending.filter((update) => update.visibleAt > now);
        due.sort((a, b) => a.visibleAt - b.visibleAt);
        for (const update of due) {
          if (update.snapshot) this.index.set(update.id, update.snapshot);
          else this.index.delete(update.id);
        }
      }
    }
    return [...this.index.values()];
  }

  /** Index updates not yet visible (tests wait for zero). */
  get pendingIndexUpdates(): number {
    return this.pending.length;
  }
}
