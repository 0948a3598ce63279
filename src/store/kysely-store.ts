import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely, type Transaction } from 'kysely';
import { CrmIndexRepository } from './crm-index';
import { KyselyDecisions } from './decisions';
import { KyselyEventInbox } from './event-inbox';
import { KyselyJobQueue } from './job-queue';
import { KyselyLeadFeedback } from './lead-feedback';
import { migrationsApplied } from './migrations';
import { KyselyNoResponseChecks } from './no-response-checks';
import { KyselyOutcomes } from './outcomes';
import { KyselyPlaybookVersions } from './playbook-versions';
import { KyselyPortalLeases } from './portal-leases';
import { KyselyPortals } from './portals';
import { KyselyReports } from './reporting';
import { KyselySchedules } from './schedules';
import type { StoreDatabase, StoreDialect } from './schema';
import { KyselyStageTransitions } from './stage-transitions';
import type { Store } from './store';
import type { StoreContext } from './store-context';

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

/**
 * The `Store` over Kysely, for both engines: one repository per aggregate, each running its queries
 * where `db` points (the joined transaction, or the pool). Only the claims need to know the engine.
 */
export class KyselyStore implements Store {
  readonly events: KyselyEventInbox;
  readonly jobs: KyselyJobQueue;
  readonly portals: KyselyPortals;
  readonly leases: KyselyPortalLeases;
  readonly decisions: KyselyDecisions;
  readonly outcomes: KyselyOutcomes;
  readonly schedules: KyselySchedules;
  readonly playbooks: KyselyPlaybookVersions;
  readonly stages: KyselyStageTransitions;
  readonly noResponse: KyselyNoResponseChecks;
  readonly feedback: KyselyLeadFeedback;
  readonly crmIndex: CrmIndexRepository;
  readonly reports: KyselyReports;

  /**
   * @param database the pool-backed Kysely, or for a store bound to a transaction, that transaction.
   * @param root set only on transaction-bound stores: the store the transaction was opened on.
   */
  constructor(
    private readonly database: Kysely<StoreDatabase>,
    protected readonly dialect: StoreDialect,
    private readonly root?: KyselyStore,
  ) {
    const context: StoreContext = {
      dialect,
      db: () => this.db,
      atomically: (work) => this.transaction((tx) => work((tx as KyselyStore).db)),
      inTransaction: () => this.joined() !== undefined,
    };
    this.events = new KyselyEventInbox(context);
    this.jobs = new KyselyJobQueue(context);
    this.portals = new KyselyPortals(context);
    this.leases = new KyselyPortalLeases(context);
    this.decisions = new KyselyDecisions(context);
    this.outcomes = new KyselyOutcomes(context);
    this.schedules = new KyselySchedules(context);
    this.playbooks = new KyselyPlaybookVersions(context);
    this.stages = new KyselyStageTransitions(context);
    this.noResponse = new KyselyNoResponseChecks(context);
    this.feedback = new KyselyLeadFeedback(context);
    this.crmIndex = new CrmIndexRepository(() => this.db);
    this.reports = new KyselyReports(context);
  }

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
