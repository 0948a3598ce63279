import type { Priority } from '../handoff/statuses';
import { handoffGaps } from './handoff-gaps';
import {
  closeDecision,
  getRoutingState,
  latestDecisions,
  openLeadsByOwner,
  saveDecision,
  saveRoutingState,
  toStoredDecision,
} from './decision-queries';
import {
  markSla,
  pendingSlaDecisions,
  reassignDecision,
  setSlaChecks,
  type Reassignment,
  type SlaCheck,
  type SlaMark,
} from './decision-sla';
import type { StoreContext } from './store-context';

export type { Reassignment, SlaCheck, SlaMark } from './decision-sla';

/** A handoff decision as stored: what was decided for one contact in one round, and its write-back. */
export interface StoredDecision {
  id: number;
  portalId: number;
  contactId: string;
  round: number;
  status: string;
  priority: Priority | null;
  ownerId: string | null;
  match: string;
  companyId: string | null;
  dealId: string | null;
  reason: string;
  /** The HubSpot contact properties the decision writes. */
  properties: Record<string, string>;
  /** The full decision record (checked where it is read: rows outlive deploys). */
  record: unknown;
  /** The event that caused the decision. */
  eventKey: string;
  decidedAt: number;
  writtenAt: number | null;
  tasksCreatedAt: number | null;
  closedAt: number | null;
  /** When the first sales action is due (null: no owner or no priority, nothing is due). */
  slaDueAt: number | null;
  /** `pending`, `met`, `breached` or `not_applicable`. */
  slaStatus: string | null;
  firstActionAt: number | null;
  remindedAt: number | null;
  breachedAt: number | null;
  escalatedAt: number | null;
  /** The playbook version id that made the decision (`pb-…`); null for decisions made before 0007. */
  playbookVersion?: string | null;
  /** The CRM index version matching read (migration 0012); null when matching searched HubSpot. */
  indexVersion?: number | null;
}

export type NewDecision = Omit<
  StoredDecision,
  | 'id'
  | 'writtenAt'
  | 'tasksCreatedAt'
  | 'closedAt'
  | 'firstActionAt'
  | 'remindedAt'
  | 'breachedAt'
  | 'escalatedAt'
>;

export interface RoutingStateRecord {
  /** Round-robin state per pool (checked where it is read). */
  state: unknown;
  /** 0 before the first save. */
  version: number;
}

/**
 * Handoff decisions (one per contact and round), the round-robin state they move, and the response
 * clock the SLA sweep keeps on each.
 */
export interface Decisions {
  /** Stores a decision; a second decision for the same contact and round is refused (returns null). */
  save(decision: NewDecision): Promise<number | null>;
  /** The latest round's decision of each contact that has one. */
  latest(portalId: number, contactIds: string[]): Promise<Map<string, StoredDecision>>;
  get(id: number): Promise<StoredDecision | null>;
  /** Newest first. */
  list(filter: { portalId: number; limit: number; contactId?: string }): Promise<StoredDecision[]>;
  markWritten(ids: number[], now: number): Promise<void>;
  markTasksCreated(ids: number[], now: number): Promise<void>;
  /** Open handoffs (routed, not closed) per owner id: the live load capacity is checked against. */
  openLeadsByOwner(portalId: number): Promise<Record<string, number>>;
  /**
   * Open latest-round decisions meant for sales lacking an owner, due time or task, or past due
   * without a first action (CONTRACT §6), oldest first.
   */
  gaps(filter: { portalId?: number; now: number; limit: number }): Promise<StoredDecision[]>;
  routingState(portalId: number): Promise<RoutingStateRecord>;
  /** Saves only if the stored version is still `expectedVersion`; false when someone else saved first. */
  saveRoutingState(portalId: number, state: unknown, expectedVersion: number, now: number): Promise<boolean>;
  /** Ends a handoff round (no longer open for capacity); false when it was already closed. */
  close(id: number, now: number): Promise<boolean>;
  /**
   * Open decisions whose response clock is pending, earliest due first; with `checkBy`, only those
   * whose next check (`setSlaChecks`) is at or before it.
   */
  pendingSla(filter: { portalId?: number; limit: number; checkBy?: number }): Promise<StoredDecision[]>;
  /** When the sweep next reads each clock; skipped for a decision whose due time has changed since. */
  setSlaChecks(checks: SlaCheck[]): Promise<void>;
  /** Sets SLA marks on a decision, each time field only if still empty; true when this call set them. */
  markSla(id: number, mark: SlaMark): Promise<boolean>;
  /** An escalated lead's new owner and response window (the decision's round stays the same). */
  reassign(id: number, change: Reassignment): Promise<void>;
}

export class KyselyDecisions implements Decisions {
  constructor(private readonly store: StoreContext) {}

  save(decision: NewDecision): Promise<number | null> {
    return saveDecision(this.store.db(), decision);
  }

  latest(portalId: number, contactIds: string[]): Promise<Map<string, StoredDecision>> {
    return latestDecisions(this.store.db(), portalId, contactIds);
  }

  async get(id: number): Promise<StoredDecision | null> {
    const row = await this.store
      .db()
      .selectFrom('handoff_decisions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toStoredDecision(row) : null;
  }

  async list(filter: { portalId: number; limit: number; contactId?: string }): Promise<StoredDecision[]> {
    const rows = await this.store
      .db()
      .selectFrom('handoff_decisions')
      .selectAll()
      .where('portal_id', '=', filter.portalId)
      .$if(filter.contactId !== undefined, (query) =>
        query.where('contact_id', '=', filter.contactId as string),
      )
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .execute();
    return rows.map(toStoredDecision);
  }

  async markWritten(ids: number[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await this.store
      .db()
      .updateTable('handoff_decisions')
      .set({ written_at: now })
      .where('id', 'in', ids)
      .execute();
  }

  async markTasksCreated(ids: number[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await this.store
      .db()
      .updateTable('handoff_decisions')
      .set({ tasks_created_at: now })
      .where('id', 'in', ids)
      .execute();
  }

  openLeadsByOwner(portalId: number): Promise<Record<string, number>> {
    return openLeadsByOwner(this.store.db(), portalId);
  }

  gaps(filter: { portalId?: number; now: number; limit: number }): Promise<StoredDecision[]> {
    return handoffGaps(this.store.db(), filter);
  }

  routingState(portalId: number): Promise<RoutingStateRecord> {
    return getRoutingState(this.store.db(), portalId);
  }

  saveRoutingState(portalId: number, state: unknown, expectedVersion: number, now: number): Promise<boolean> {
    return saveRoutingState(this.store.db(), portalId, state, expectedVersion, now);
  }

  close(id: number, now: number): Promise<boolean> {
    return closeDecision(this.store.db(), id, now);
  }

  pendingSla(filter: { portalId?: number; limit: number; checkBy?: number }): Promise<StoredDecision[]> {
    return pendingSlaDecisions(this.store.db(), filter);
  }

  async setSlaChecks(checks: SlaCheck[]): Promise<void> {
    if (checks.length === 0) return;
    await this.store.atomically((db) => setSlaChecks(db, checks));
  }

  markSla(id: number, mark: SlaMark): Promise<boolean> {
    return markSla(this.store.db(), id, mark);
  }

  async reassign(id: number, change: Reassignment): Promise<void> {
    await reassignDecision(this.store.db(), id, change);
  }
}
