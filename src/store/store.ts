/**
 * The one storage interface. Two adapters implement it (embedded SQLite, PostgreSQL) and nothing
 * outside `src/store/` may know which one runs. All times are epoch milliseconds, passed in by the
 * caller so that tests control the clock.
 */

import type { ClaimGroup } from './claim-groups';
import type { CrmIndexRepository } from './crm-index';
import type { ClaimJobsOptions, JobFailure, JobFilter, JobStatus, NewJob, StoredJob } from './jobs';
import type {
  LeadRatingFact,
  NewLeadRating,
  NewNextStep,
  SavedFeedback,
  StoredLeadRating,
  StoredNextStep,
} from './lead-feedback';
import type { NewPlaybookVersion, StoredPlaybookVersion } from './playbook-versions';
import type {
  PortalLeaseRound,
  PortalLeaseRoundResult,
  PortalLeaseScope,
  StoredPortalLease,
} from './portal-leases';
import type { ReportingDecision, ReportingWindow } from './reporting';
import type { Reassignment, SlaCheck, SlaMark } from './schedules';
import type { ClaimOutcomeResult, NewOutcomeEvent, OutcomeFilter, StoredOutcomeEvent } from './outcomes';
import type { NewStageTransition, StageTransitionFilter, StoredStageTransition } from './stage-transitions';
import type { DueNoResponseFilter, NoResponseCheck } from './no-response-checks';

export type {
  ClaimOutcomeResult,
  NewOutcomeEvent,
  OutcomeFilter,
  OutcomeSource,
  StoredOutcomeEvent,
} from './outcomes';
export type { ClaimGroup } from './claim-groups';
export type {
  PortalLeaseRound,
  PortalLeaseRoundResult,
  PortalLeaseScope,
  StoredPortalLease,
} from './portal-leases';
export type { ClaimJobsOptions, JobFailure, JobFilter, JobStatus, NewJob, StoredJob } from './jobs';
export type {
  LeadRatingFact,
  NewLeadRating,
  NewNextStep,
  SavedFeedback,
  StoredLeadRating,
  StoredNextStep,
} from './lead-feedback';
export type { NewPlaybookVersion, StoredPlaybookVersion } from './playbook-versions';
export type { ReportingDecision, ReportingWindow } from './reporting';
export type { NewStageTransition, StageTransitionFilter, StoredStageTransition } from './stage-transitions';
export type { DueNoResponseFilter, NoResponseCheck } from './no-response-checks';

/** Where a webhook event is in its life. */
export type EventStatus = 'queued' | 'processing' | 'done' | 'dead';

/** A verified, parsed webhook event ready to be stored. */
export interface NewEvent {
  portalId: number;
  /** Identity used for de-duplication: HubSpot's eventId alone is not unique across types. */
  eventKey: string;
  subscriptionType: string;
  /** `0-1` contacts, `0-2` companies, `0-3` deals … (derived for legacy `contact.*` types). */
  objectTypeId: string;
  objectId: number;
  occurredAt: number;
  /** The event exactly as HubSpot sent it (re-validated where it is consumed). */
  payload: unknown;
}

export interface StoredEvent extends NewEvent {
  id: number;
  status: EventStatus;
  attempts: number;
  availableAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
  receivedAt: number;
  processedAt: number | null;
}

export interface InsertResult {
  inserted: number;
  duplicates: number;
}

export interface ClaimOptions {
  /** Unique id of the claiming worker (process and loop). */
  owner: string;
  /** At most this many events, all of one portal. */
  limit: number;
  /** The claim expires after this long; a crashed worker's events are then claimed again. */
  leaseMs: number;
  now: number;
  /** Portals whose work waits (circuit open, install paused): their events are not claimed. */
  skipPortals?: number[];
  /** A top-up of a lingering batch: this portal's events only (otherwise the claim picks one). */
  portalId?: number;
  /** A top-up of a lingering batch: this claim group only (otherwise the portal's oldest event's). */
  group?: ClaimGroup;
  /** Rotation: the portal this worker served last (see portal-rotation.ts). */
  after?: number;
  /** Several processes on one store: only portals this process holds or can take (migration 0014). */
  leases?: PortalLeaseScope;
}

export interface QueueStats {
  /** Events waiting or being processed. */
  depth: number;
  /** Age of the oldest waiting or in-flight event, null when the queue is empty. */
  oldestAgeMs: number | null;
  byStatus: Record<EventStatus, number>;
}

export type PortalStatus = 'installed' | 'uninstalled';

/** An installed HubSpot account. Token fields hold ciphertext only; the store never sees a token. */
export interface PortalRecord {
  portalId: number;
  status: PortalStatus;
  accessTokenCipher: string | null;
  refreshTokenCipher: string | null;
  accessTokenExpiresAt: number | null;
  scopes: string[];
  installedAt: number;
  updatedAt: number;
}

export type ConsumeStateResult = 'ok' | 'unknown' | 'used' | 'expired';

/** A handoff decision as stored: what was decided for one contact in one round, and its write-back. */
export interface StoredDecision {
  id: number;
  portalId: number;
  contactId: string;
  round: number;
  status: string;
  priority: string | null;
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

export interface Store {
  /** Stores a verified batch; events already stored (same eventKey) are counted, not stored again. */
  insertEvents(events: NewEvent[], receivedAt: number): Promise<InsertResult>;
  /**
   * Claims up to `limit` available events of one portal (the next in rotation after `after`, else
   * the portal whose oldest available event is oldest; with `leases`, only a portal this process
   * holds or can take) and one claim group (contact creations, or everything else; the group of that
   * portal's oldest event), oldest first; a batch of creations also takes the waiting property
   * changes of those contacts that came with them (see claim-events.ts). Available: `queued` with
   * `availableAt <= now`, or `processing` whose lease
   * has expired. Claiming sets `processing`, the owner, `leaseUntil` and increments `attempts`.
   * Two workers never hold the same event at the same time.
   */
  claimEvents(options: ClaimOptions): Promise<StoredEvent[]>;
  /** Marks events `done`, only those still leased by `owner`. Returns how many were marked. */
  completeEvents(ids: number[], owner: string, now: number): Promise<number>;
  /**
   * Records a failed attempt: back to `queued` with `availableAt = retryAt`, or `dead` when
   * `retryAt` is null. The error is kept either way. Only while leased by `owner`.
   */
  failEvent(id: number, owner: string, error: string, retryAt: number | null, now: number): Promise<boolean>;
  /**
   * Extends the lease of events `owner` still holds, so a long batch is not claimed again by another
   * worker while it is being processed. Returns how many leases were extended.
   */
  renewLeases(ids: number[], owner: string, leaseUntil: number): Promise<number>;
  /**
   * Gives claimed events back to wait until `availableAt` without counting the attempt (a rate
   * limit, an open circuit, a paused install: nothing wrong with the event). Only while leased by `owner`.
   */
  deferEvents(ids: number[], owner: string, availableAt: number, note: string): Promise<number>;
  /** Gives back every event `owner` still holds (graceful shutdown): `queued`, attempt not counted. */
  releaseEvents(owner: string, now: number): Promise<number>;
  /** An event by id, waiting or done (archived events included). */
  getEvent(id: number): Promise<StoredEvent | null>;
  /** Oldest first, archived events included. */
  listEvents(filter: { portalId?: number; status?: EventStatus; limit?: number }): Promise<StoredEvent[]>;
  /**
   * Moves up to `limit` events done before `doneBefore` out of the claim's table into the archive
   * (still read by `getEvent`, `listEvents`, reports and de-duplication). Returns how many moved.
   */
  archiveEvents(doneBefore: number, limit: number): Promise<number>;
  /** The contacts among `contactIds` whose creation event waits in the queue or is being worked. */
  contactsWaiting(portalId: number, contactIds: string[]): Promise<Set<string>>;
  queueStats(now: number): Promise<QueueStats>;

  upsertPortal(portal: PortalRecord): Promise<void>;
  getPortal(portalId: number): Promise<PortalRecord | null>;

  /** Remembers an OAuth `state` (stored as given; callers pass a hash). */
  saveOAuthState(stateHash: string, expiresAt: number, now: number): Promise<void>;
  /** Uses a state once: the first call with a known, unexpired state gets `ok`. */
  consumeOAuthState(stateHash: string, now: number): Promise<ConsumeStateResult>;

  /** Stores a decision; a second decision for the same contact and round is refused (returns null). */
  saveDecision(decision: NewDecision): Promise<number | null>;
  /** The latest round's decision of each contact that has one. */
  latestDecisions(portalId: number, contactIds: string[]): Promise<Map<string, StoredDecision>>;
  getDecision(id: number): Promise<StoredDecision | null>;
  /** Newest first. */
  listDecisions(filter: { portalId: number; limit: number; contactId?: string }): Promise<StoredDecision[]>;
  markDecisionsWritten(ids: number[], now: number): Promise<void>;
  markDecisionTasksCreated(ids: number[], now: number): Promise<void>;
  /** Open handoffs (routed, not closed) per owner id: the live load capacity is checked against. */
  openLeadsByOwner(portalId: number): Promise<Record<string, number>>;
  /**
   * Open latest-round decisions meant for sales lacking an owner, due time or task, or past due
   * without a first action (CONTRACT §6), oldest first.
   */
  handoffGaps(filter: { portalId?: number; now: number; limit: number }): Promise<StoredDecision[]>;
  getRoutingState(portalId: number): Promise<RoutingStateRecord>;
  /** Saves only if the stored version is still `expectedVersion`; false when someone else saved first. */
  saveRoutingState(portalId: number, state: unknown, expectedVersion: number, now: number): Promise<boolean>;

  /**
   * Claims an outcome under its idempotency key (unique per portal): the first claim gets an id, a
   * second one (a retried card request, a redelivered event) gets the existing row instead.
   */
  claimOutcome(event: NewOutcomeEvent): Promise<ClaimOutcomeResult>;
  /** Marks a claimed outcome recorded, with the properties written to HubSpot for it. */
  completeOutcome(id: number, properties: Record<string, string>, now: number): Promise<void>;
  /** Gives back a claim whose HubSpot write failed, so the action can be tried again. */
  releaseOutcome(id: number): Promise<void>;
  /** Recorded outcomes (and pending claims when asked), newest first. */
  listOutcomes(filter: OutcomeFilter): Promise<StoredOutcomeEvent[]>;
  /** Ends a handoff round (no longer open for capacity); false when it was already closed. */
  closeDecision(id: number, now: number): Promise<boolean>;

  /** Claims a scheduled job's run for one time slot; false when another process has it. */
  claimJobRun(job: string, slot: number, owner: string, now: number): Promise<boolean>;
  finishJobRun(
    job: string,
    slot: number,
    result: { status: 'done' | 'failed'; detail?: string },
    now: number,
  ): Promise<void>;
  getCursor(portalId: number, name: string): Promise<number | null>;
  setCursor(portalId: number, name: string, value: number, now: number): Promise<void>;
  /**
   * Open decisions whose response clock is pending, earliest due first; with `checkBy`, only those
   * whose next check (`setSlaChecks`) is at or before it.
   */
  pendingSlaDecisions(filter: {
    portalId?: number;
    limit: number;
    checkBy?: number;
  }): Promise<StoredDecision[]>;
  /** When the sweep next reads each clock; skipped for a decision whose due time has changed since. */
  setSlaChecks(checks: SlaCheck[]): Promise<void>;
  /** Sets SLA marks on a decision, each time field only if still empty; true when this call set them. */
  markSla(id: number, mark: SlaMark): Promise<boolean>;
  /** An escalated lead's new owner and response window (the decision's round stays the same). */
  reassignDecision(id: number, change: Reassignment): Promise<void>;
  /** Dead-letters a portal's waiting events with `reason` (uninstall); returns how many. */
  dropQueuedEvents(portalId: number, reason: string, now: number): Promise<number>;
  /** Portals with OAuth tokens that are installed. */
  listInstalledPortals(): Promise<PortalRecord[]>;

  /** Decisions of a period with their webhook event, and the outcomes of their contacts (reports). */
  reportingDecisions(window: ReportingWindow): Promise<ReportingDecision[]>;
  reportingOutcomes(window: Omit<ReportingWindow, 'limit'>): Promise<StoredOutcomeEvent[]>;
  /** Decisions whose record read this email, newest first (audit search). */
  decisionsByEmail(portalId: number, email: string, limit: number): Promise<StoredDecision[]>;
  /** Saves the portal's next playbook version; null when a concurrent save took the number. */
  savePlaybookVersion(playbook: NewPlaybookVersion): Promise<number | null>;
  /** Newest first (the newest is the active one); `version` picks one. */
  listPlaybookVersions(filter: {
    portalId: number;
    limit: number;
    version?: number;
  }): Promise<StoredPlaybookVersion[]>;

  /**
   * Records stages entered (CONTRACT §5); a row whose (portal, contact, round, stage) is already
   * recorded is skipped, so a repeated trigger records nothing new. Returns how many were new.
   */
  recordStageTransitions(rows: NewStageTransition[]): Promise<number>;
  /** Stage transitions of a portal, oldest first per contact; `from`/`to` bound `enteredAt`. */
  stageTransitions(filter: StageTransitionFilter): Promise<StoredStageTransition[]>;
  /**
   * Open rounds handed to sales whose no-response check is due (never checked, or due by `now`),
   * of every portal, the longest-waiting first (issue 11).
   */
  dueNoResponseChecks(filter: DueNoResponseFilter): Promise<StoredDecision[]>;
  /** When each decision's no-response check is next due. */
  scheduleNoResponseChecks(checks: readonly NoResponseCheck[], now: number): Promise<void>;
  /**
   * Stores a lead-quality rating from the card; a second request with the same `requestId` in the
   * portal stores nothing and gets the first one back (`created: false`).
   */
  saveLeadRating(rating: NewLeadRating): Promise<SavedFeedback<StoredLeadRating>>;
  /** The contact's most recent rating, any round. */
  latestLeadRating(portalId: number, contactId: string): Promise<StoredLeadRating | null>;
  /**
   * The current rating of each rated (contact, round) of a portal, oldest first: a re-rating
   * replaces the earlier one. `from`/`to` bound the rating time (inclusive).
   */
  leadRatings(portalId: number, window?: { from?: number; to?: number }): Promise<LeadRatingFact[]>;
  /** Stores a next step from the card, once per `requestId` in the portal (as `saveLeadRating`). */
  saveNextStep(step: NewNextStep): Promise<SavedFeedback<StoredNextStep>>;
  latestNextStep(portalId: number, contactId: string): Promise<StoredNextStep | null>;
  /** How many next steps were recorded in the portal; `from`/`to` bound the request time. */
  countNextSteps(portalId: number, window?: { from?: number; to?: number }): Promise<number>;

  /**
   * Adds a job to the job queue; false when a job with its key exists (in any status), so an outbox
   * write repeated by a retried transaction adds it once. Call it on `tx` to commit the job with the
   * state that asks for it.
   */
  enqueueJob(job: NewJob, now: number): Promise<boolean>;
  /** Claims due jobs of one name and one portal, oldest first (see `claimEvents` for the lease). */
  claimJobs(options: ClaimJobsOptions): Promise<StoredJob[]>;
  /** Marks jobs `done`, only those still leased by `owner`. */
  completeJobs(ids: number[], owner: string, now: number): Promise<number>;
  /** A failed attempt: queued again at `retryAt`, or dead-lettered with its reason when null. */
  failJob(id: number, owner: string, failure: JobFailure, now: number): Promise<boolean>;
  /**
   * Gives claimed jobs back to wait until `runAt` without spending the attempt (rate limit, open
   * circuit, paused install, shutdown); without `ids`, every job `owner` holds.
   */
  deferJobs(owner: string, runAt: number | null, ids?: number[], note?: string): Promise<number>;
  /** Newest first; `status: 'dead'` is the dead-letter list. */
  listJobs(filter: JobFilter): Promise<StoredJob[]>;
  jobCounts(): Promise<Record<JobStatus, number>>;

  /**
   * One round of a process's portal leases (migration 0014): heartbeat, renew, give back what is
   * beyond its fair share. Claims with `leases` take free leases themselves.
   */
  portalLeaseRound(round: PortalLeaseRound): Promise<PortalLeaseRoundResult>;
  /** Gives back a holder's leases (all and its heartbeat, or the listed portals). */
  releasePortalLeases(holder: string, portalIds?: number[]): Promise<number>;
  listPortalLeases(): Promise<StoredPortalLease[]>;
  /** The per-portal CRM index matching reads (migration 0012); joins the current transaction. */
  readonly crmIndex: CrmIndexRepository;

  /** Runs `work` in one transaction; `tx` is a Store bound to it. */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;
  /** Ready: reachable and every migration applied. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}
