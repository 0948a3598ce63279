import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely, type Transaction } from 'kysely';
import { claimEvents } from './claim-events';
import {
  archiveDoneEvents,
  archivedKeys,
  contactsWaiting,
  getArchivedEvent,
  listArchivedEvents,
} from './event-archive';
import {
  listPortalLeases,
  portalLeaseRound,
  releasePortalLeases,
  type PortalLeaseRound,
  type PortalLeaseRoundResult,
  type StoredPortalLease,
} from './portal-leases';
import {
  claimJobs,
  completeJobs,
  deferJobs,
  enqueueJobs,
  failJob,
  jobCounts,
  listJobs,
  type ClaimJobsOptions,
  type JobFailure,
  type JobFilter,
  type JobStatus,
  type NewJob,
  type StoredJob,
} from './jobs';
import {
  claimJobRun,
  dropQueuedEvents,
  finishJobRun,
  getCursor,
  markSla,
  pendingSlaDecisions,
  reassignDecision,
  setCursor,
  setSlaChecks,
  type Reassignment,
  type SlaCheck,
  type SlaMark,
} from './schedules';
import {
  getRoutingState,
  latestDecisions,
  openLeadsByOwner,
  saveDecision,
  saveRoutingState,
  toStoredDecision,
} from './decisions';
import { CrmIndexRepository } from './crm-index';
import { handoffGaps } from './handoff-gaps';
import {
  dueNoResponseChecks,
  scheduleNoResponseChecks,
  type DueNoResponseFilter,
  type NoResponseCheck,
} from './no-response-checks';
import { migrationsApplied } from './migrations';
import { consumeOAuthState, saveOAuthState } from './oauth-states';
import {
  claimOutcome,
  closeDecision,
  completeOutcome,
  listOutcomes,
  releaseOutcome,
  type ClaimOutcomeResult,
  type NewOutcomeEvent,
  type OutcomeFilter,
  type StoredOutcomeEvent,
} from './outcomes';
import {
  listPlaybookVersions,
  savePlaybookVersion,
  type NewPlaybookVersion,
  type StoredPlaybookVersion,
} from './playbook-versions';
import {
  decisionsByEmail,
  reportingDecisions,
  reportingOutcomes,
  type ReportingDecision,
  type ReportingWindow,
} from './reporting';
import {
  recordStageTransitions,
  stageTransitions,
  type NewStageTransition,
  type StageTransitionFilter,
  type StoredStageTransition,
} from './stage-transitions';
import {
  countNextSteps,
  latestLeadRating,
  latestNextStep,
  leadRatings,
  saveLeadRating,
  saveNextStep,
  type LeadRatingFact,
  type NewLeadRating,
  type NewNextStep,
  type SavedFeedback,
  type StoredLeadRating,
  type StoredNextStep,
} from './lead-feedback';
import { GroupCommit } from './group-commit';
import { toNewEventRow, toPortalRecord, toPortalRow, toStoredEvent } from './rows';
import type { StoreDatabase, StoreDialect } from './schema';
import type {
  ClaimOptions,
  ConsumeStateResult,
  EventStatus,
  InsertResult,
  NewEvent,
  NewDecision,
  PortalRecord,
  QueueStats,
  RoutingStateRecord,
  StoredDecision,
  Store,
  StoredEvent,
} from './store';

/** Rows per INSERT: far below SQLite's and PostgreSQL's bound-parameter limits. */
const INSERT_CHUNK = 500;

interface TransactionScope {
  root: KyselyStore;
  tx: KyselyStore;
  open: boolean;
}

/**
 * The transaction the current async call chain runs in. A call on the root store made inside
 * `transaction(work)` joins that transaction instead of waiting for a second connection: SQLite has
 * only one, so waiting would deadlock, and in PostgreSQL it could wait on the row locks its own
 * transaction holds.
 */
const currentTransaction = new AsyncLocalStorage<TransactionScope>();

/** The `Store` over Kysely, for both engines. Only the claim needs to know which one runs. */
export class KyselyStore implements Store {
  /**
   * @param database the pool-backed Kysely, or for a store bound to a transaction, that transaction.
   * @param root set only on transaction-bound stores: the store the transaction was opened on.
   */
  constructor(
    private readonly database: Kysely<StoreDatabase>,
    protected readonly dialect: StoreDialect,
    private readonly root?: KyselyStore,
  ) {
    this.crmIndex = new CrmIndexRepository(() => this.db);
  }

  readonly crmIndex: CrmIndexRepository;

  /** A store bound to `trx`. Subclasses (test fixtures with extra tables) keep their own type. */
  protected bind(trx: Transaction<StoreDatabase>): KyselyStore {
    const Self = this.constructor as new (
      db: Kysely<StoreDatabase>,
      dialect: StoreDialect,
      root: KyselyStore,
    ) => KyselyStore;
    return new Self(trx, this.dialect, this);
  }

  /** Where queries go: the joined transaction when there is one, else the pool. */
  protected get db(): Kysely<StoreDatabase> {
    return this.joined()?.database ?? this.database;
  }

  private joined(): KyselyStore | undefined {
    if (this.root) return this;
    const scope = currentTransaction.getStore();
    return scope?.open && scope.root === this ? scope.tx : undefined;
  }

  async transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    const joined = this.joined();
    if (joined) return work(joined);
    return this.database.transaction().execute(async (trx) => {
      const scope: TransactionScope = { root: this, tx: this.bind(trx), open: true };
      try {
        return await currentTransaction.run(scope, () => work(scope.tx));
      } finally {
        // Work the callback left running must not reuse a transaction that has ended.
        scope.open = false;
      }
    });
  }

  /** Runs several statements atomically, joining the current transaction if there is one. */
  private atomically<T>(work: (db: Kysely<StoreDatabase>) => Promise<T>): Promise<T> {
    return this.transaction((tx) => work((tx as KyselyStore).db));
  }

  async insertEvents(events: NewEvent[], receivedAt: number): Promise<InsertResult> {
    if (events.length === 0) return { inserted: 0, duplicates: 0 };
    // Inside a caller's transaction the insert belongs to it; otherwise concurrent deliveries share one.
    if (this.joined()) return (await this.insertEventGroups([{ events, receivedAt }]))[0] as InsertResult;
    this.eventInserts ??= new GroupCommit((groups) => this.insertEventGroups(groups));
    return this.eventInserts.submit({ events, receivedAt });
  }

  private eventInserts?: GroupCommit<{ events: NewEvent[]; receivedAt: number }, InsertResult>;

  /** Stores several deliveries in one transaction; each gets its own count (a key stored once). */
  private async insertEventGroups(
    groups: Array<{ events: NewEvent[]; receivedAt: number }>,
  ): Promise<InsertResult[]> {
    const stored = await this.atomically(async (db) => {
      // A redelivery of an event done and archived long ago is a duplicate too.
      const archived = await archivedKeys(
        db,
        groups.flatMap((group) => group.events.map((event) => event.eventKey)),
      );
      const rows = groups.flatMap((group) =>
        group.events
          .filter((event) => !archived.has(event.eventKey))
          .map((event) => toNewEventRow(event, group.receivedAt)),
      );
      const keys = new Set<string>();
      for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
        const inserted = await db
          .insertInto('webhook_events')
          .values(rows.slice(start, start + INSERT_CHUNK))
          .onConflict((conflict) => conflict.column('event_key').doNothing())
          .returning('event_key')
          .execute();
        for (const row of inserted) keys.add(row.event_key);
      }
      return keys;
    });
    return groups.map((group) => {
      let inserted = 0;
      for (const event of group.events) {
        // The first delivery holding a new key stored it; any later copy is a duplicate.
        if (stored.delete(event.eventKey)) inserted += 1;
      }
      return { inserted, duplicates: group.events.length - inserted };
    });
  }

  async claimEvents(options: ClaimOptions): Promise<StoredEvent[]> {
    if (options.limit <= 0) return [];
    return this.atomically((db) => claimEvents(db, this.dialect, options));
  }

  async completeEvents(ids: number[], owner: string, now: number): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.db
      .updateTable('webhook_events')
      .set({ status: 'done', processed_at: now, lease_owner: null, lease_until: null })
      .where('id', 'in', ids)
      .where('status', '=', 'processing')
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async failEvent(
    id: number,
    owner: string,
    error: string,
    retryAt: number | null,
    now: number,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('webhook_events')
      .set((eb) => ({
        status: retryAt === null ? 'dead' : 'queued',
        available_at: retryAt ?? eb.ref('available_at'),
        last_error: error,
        lease_owner: null,
        lease_until: null,
        processed_at: retryAt === null ? now : null,
      }))
      .where('id', '=', id)
      .where('status', '=', 'processing')
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async renewLeases(ids: number[], owner: string, leaseUntil: number): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.db
      .updateTable('webhook_events')
      .set({ lease_until: leaseUntil })
      .where('id', 'in', ids)
      .where('status', '=', 'processing')
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async deferEvents(ids: number[], owner: string, availableAt: number, note: string): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.db
      .updateTable('webhook_events')
      .set((eb) => ({
        status: 'queued',
        available_at: availableAt,
        last_error: note,
        lease_owner: null,
        lease_until: null,
        attempts: eb('attempts', '-', 1),
      }))
      .where('id', 'in', ids)
      .where('status', '=', 'processing')
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async releaseEvents(owner: string, _now: number): Promise<number> {
    // The attempt is given back: the event was never worked to an outcome, only interrupted.
    const result = await this.db
      .updateTable('webhook_events')
      .set((eb) => ({
        status: 'queued',
        lease_owner: null,
        lease_until: null,
        attempts: eb('attempts', '-', 1),
      }))
      .where('status', '=', 'processing')
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async getEvent(id: number): Promise<StoredEvent | null> {
    const row = await this.db
      .selectFrom('webhook_events')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toStoredEvent(row) : getArchivedEvent(this.db, id);
  }

  async listEvents(filter: {
    portalId?: number;
    status?: EventStatus;
    limit?: number;
  }): Promise<StoredEvent[]> {
    const rows = await this.db
      .selectFrom('webhook_events')
      .selectAll()
      .$if(filter.portalId !== undefined, (query) => query.where('portal_id', '=', filter.portalId as number))
      .$if(filter.status !== undefined, (query) => query.where('status', '=', filter.status as EventStatus))
      .orderBy('id')
      .limit(filter.limit ?? 100)
      .execute();
    const archived = await listArchivedEvents(this.db, { ...filter, limit: filter.limit ?? 100 });
    return [...rows.map(toStoredEvent), ...archived]
      .sort((a, b) => a.id - b.id)
      .slice(0, filter.limit ?? 100);
  }

  async archiveEvents(doneBefore: number, limit: number): Promise<number> {
    return this.atomically((db) => archiveDoneEvents(db, doneBefore, limit));
  }

  async contactsWaiting(portalId: number, contactIds: string[]): Promise<Set<string>> {
    return contactsWaiting(this.db, portalId, contactIds);
  }

  async queueStats(now: number): Promise<QueueStats> {
    const rows = await this.db
      .selectFrom('webhook_events')
      .select((eb) => ['status', eb.fn.countAll<number>().as('count'), eb.fn.min('received_at').as('oldest')])
      .groupBy('status')
      .execute();
    const byStatus: Record<EventStatus, number> = { queued: 0, processing: 0, done: 0, dead: 0 };
    let oldest: number | null = null;
    for (const row of rows) {
      byStatus[row.status] = Number(row.count);
      if (row.status === 'queued' || row.status === 'processing') {
        oldest = oldest === null ? Number(row.oldest) : Math.min(oldest, Number(row.oldest));
      }
    }
    return {
      depth: byStatus.queued + byStatus.processing,
      oldestAgeMs: oldest === null ? null : Math.max(0, now - oldest),
      byStatus,
    };
  }

  async upsertPortal(portal: PortalRecord): Promise<void> {
    const { portal_id: _key, ...changes } = toPortalRow(portal);
    await this.db
      .insertInto('portals')
      .values(toPortalRow(portal))
      .onConflict((conflict) => conflict.column('portal_id').doUpdateSet(changes))
      .execute();
  }

  async getPortal(portalId: number): Promise<PortalRecord | null> {
    const row = await this.db
      .selectFrom('portals')
      .selectAll()
      .where('portal_id', '=', portalId)
      .executeTakeFirst();
    return row ? toPortalRecord(row) : null;
  }

  async saveOAuthState(stateHash: string, expiresAt: number, now: number): Promise<void> {
    await this.atomically((db) => saveOAuthState(db, stateHash, expiresAt, now));
  }

  async consumeOAuthState(stateHash: string, now: number): Promise<ConsumeStateResult> {
    return consumeOAuthState(this.db, stateHash, now);
  }

  async saveDecision(decision: NewDecision): Promise<number | null> {
    return saveDecision(this.db, decision);
  }

  async latestDecisions(portalId: number, contactIds: string[]): Promise<Map<string, StoredDecision>> {
    return latestDecisions(this.db, portalId, contactIds);
  }

  async getDecision(id: number): Promise<StoredDecision | null> {
    const row = await this.db
      .selectFrom('handoff_decisions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toStoredDecision(row) : null;
  }

  async listDecisions(filter: {
    portalId: number;
    limit: number;
    contactId?: string;
  }): Promise<StoredDecision[]> {
    const rows = await this.db
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

  async markDecisionsWritten(ids: number[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('handoff_decisions').set({ written_at: now }).where('id', 'in', ids).execute();
  }

  async markDecisionTasksCreated(ids: number[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('handoff_decisions')
      .set({ tasks_created_at: now })
      .where('id', 'in', ids)
      .execute();
  }

  async openLeadsByOwner(portalId: number): Promise<Record<string, number>> {
    return openLeadsByOwner(this.db, portalId);
  }

  async handoffGaps(filter: { portalId?: number; now: number; limit: number }): Promise<StoredDecision[]> {
    return handoffGaps(this.db, filter);
  }

  async getRoutingState(portalId: number): Promise<RoutingStateRecord> {
    return getRoutingState(this.db, portalId);
  }

  async saveRoutingState(
    portalId: number,
    state: unknown,
    expectedVersion: number,
    now: number,
  ): Promise<boolean> {
    return saveRoutingState(this.db, portalId, state, expectedVersion, now);
  }

  async claimOutcome(event: NewOutcomeEvent): Promise<ClaimOutcomeResult> {
    return this.atomically((db) => claimOutcome(db, event));
  }

  async completeOutcome(id: number, properties: Record<string, string>, now: number): Promise<void> {
    return completeOutcome(this.db, id, properties, now);
  }

  async releaseOutcome(id: number): Promise<void> {
    return releaseOutcome(this.db, id);
  }

  async listOutcomes(filter: OutcomeFilter): Promise<StoredOutcomeEvent[]> {
    return listOutcomes(this.db, filter);
  }

  async closeDecision(id: number, now: number): Promise<boolean> {
    return closeDecision(this.db, id, now);
  }

  async claimJobRun(job: string, slot: number, owner: string, now: number): Promise<boolean> {
    return claimJobRun(this.db, job, slot, owner, now);
  }

  async finishJobRun(
    job: string,
    slot: number,
    result: { status: 'done' | 'failed'; detail?: string },
    now: number,
  ): Promise<void> {
    await finishJobRun(this.db, job, slot, result, now);
  }

  async getCursor(portalId: number, name: string): Promise<number | null> {
    return getCursor(this.db, portalId, name);
  }

  async setCursor(portalId: number, name: string, value: number, now: number): Promise<void> {
    await setCursor(this.db, portalId, name, value, now);
  }

  async pendingSlaDecisions(filter: {
    portalId?: number;
    limit: number;
    checkBy?: number;
  }): Promise<StoredDecision[]> {
    return pendingSlaDecisions(this.db, filter);
  }

  async setSlaChecks(checks: SlaCheck[]): Promise<void> {
    if (checks.length === 0) return;
    await this.atomically((db) => setSlaChecks(db, checks));
  }

  async markSla(id: number, mark: SlaMark): Promise<boolean> {
    return markSla(this.db, id, mark);
  }

  async reassignDecision(id: number, change: Reassignment): Promise<void> {
    await reassignDecision(this.db, id, change);
  }

  async dropQueuedEvents(portalId: number, reason: string, now: number): Promise<number> {
    return dropQueuedEvents(this.db, portalId, reason, now);
  }

  async listInstalledPortals(): Promise<PortalRecord[]> {
    const rows = await this.db.selectFrom('portals').selectAll().where('status', '=', 'installed').execute();
    return rows.map(toPortalRecord);
  }

  async reportingDecisions(window: ReportingWindow): Promise<ReportingDecision[]> {
    return reportingDecisions(this.db, window);
  }

  async reportingOutcomes(window: Omit<ReportingWindow, 'limit'>): Promise<StoredOutcomeEvent[]> {
    return reportingOutcomes(this.db, window);
  }

  async decisionsByEmail(portalId: number, email: string, limit: number): Promise<StoredDecision[]> {
    return decisionsByEmail(this.db, portalId, email, limit);
  }

  async savePlaybookVersion(playbook: NewPlaybookVersion): Promise<number | null> {
    return savePlaybookVersion(this.db, playbook);
  }

  async listPlaybookVersions(filter: {
    portalId: number;
    limit: number;
    version?: number;
  }): Promise<StoredPlaybookVersion[]> {
    return listPlaybookVersions(this.db, filter);
  }

  async recordStageTransitions(rows: NewStageTransition[]): Promise<number> {
    if (rows.length === 0) return 0;
    return this.atomically((db) => recordStageTransitions(db, rows));
  }

  async stageTransitions(filter: StageTransitionFilter): Promise<StoredStageTransition[]> {
    return stageTransitions(this.db, filter);
  }

  async dueNoResponseChecks(filter: DueNoResponseFilter): Promise<StoredDecision[]> {
    return dueNoResponseChecks(this.db, filter);
  }

  async scheduleNoResponseChecks(checks: readonly NoResponseCheck[], now: number): Promise<void> {
    if (checks.length === 0) return;
    await this.atomically((db) => scheduleNoResponseChecks(db, checks, now));
  }

  async saveLeadRating(rating: NewLeadRating): Promise<SavedFeedback<StoredLeadRating>> {
    return saveLeadRating(this.db, rating);
  }

  async latestLeadRating(portalId: number, contactId: string): Promise<StoredLeadRating | null> {
    return latestLeadRating(this.db, portalId, contactId);
  }

  async leadRatings(
    portalId: number,
    window: { from?: number; to?: number } = {},
  ): Promise<LeadRatingFact[]> {
    return leadRatings(this.db, portalId, window);
  }

  async saveNextStep(step: NewNextStep): Promise<SavedFeedback<StoredNextStep>> {
    return saveNextStep(this.db, step);
  }

  async latestNextStep(portalId: number, contactId: string): Promise<StoredNextStep | null> {
    return latestNextStep(this.db, portalId, contactId);
  }

  async countNextSteps(portalId: number, window: { from?: number; to?: number } = {}): Promise<number> {
    return countNextSteps(this.db, portalId, window);
  }

  async enqueueJob(job: NewJob, now: number): Promise<boolean> {
    return (await enqueueJobs(this.db, [job], now)) === 1;
  }

  async claimJobs(options: ClaimJobsOptions): Promise<StoredJob[]> {
    if (options.limit <= 0) return [];
    return this.atomically((db) => claimJobs(db, this.dialect, options));
  }

  async completeJobs(ids: number[], owner: string, now: number): Promise<number> {
    return completeJobs(this.db, ids, owner, now);
  }

  async failJob(id: number, owner: string, failure: JobFailure, now: number): Promise<boolean> {
    return failJob(this.db, id, owner, failure, now);
  }

  async deferJobs(owner: string, runAt: number | null, ids?: number[], note?: string): Promise<number> {
    return deferJobs(this.db, owner, runAt, ids, note);
  }

  async listJobs(filter: JobFilter): Promise<StoredJob[]> {
    return listJobs(this.db, filter);
  }

  async jobCounts(): Promise<Record<JobStatus, number>> {
    return jobCounts(this.db);
  }

  async portalLeaseRound(round: PortalLeaseRound): Promise<PortalLeaseRoundResult> {
    return this.atomically((db) => portalLeaseRound(db, round));
  }

  async releasePortalLeases(holder: string, portalIds?: number[]): Promise<number> {
    return this.atomically((db) => releasePortalLeases(db, holder, portalIds));
  }

  async listPortalLeases(): Promise<StoredPortalLease[]> {
    return listPortalLeases(this.db);
  }

  async isReady(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.db);
      return await migrationsApplied(this.db, this.dialect);
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    // A transaction-bound store does not own the connection; its transaction ends with `work`.
    if (this.root) return;
    await this.database.destroy();
  }
}
