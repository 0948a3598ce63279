/**
 * The one storage interface: a repository per aggregate the product keeps (Shopify-style session
 * storage, typed rows in and out). Two engines implement it (embedded SQLite, PostgreSQL) and
 * nothing outside `src/store/` may know which one runs. All times are epoch milliseconds, passed in
 * by the caller so that tests control the clock.
 */

import type { CrmIndexRepository } from './crm-index';
import type { Decisions } from './decisions';
import type { EventInbox } from './event-inbox';
import type { JobQueue } from './job-queue';
import type { LeadFeedback } from './lead-feedback';
import type { NoResponseChecks } from './no-response-checks';
import type { Outcomes } from './outcomes';
import type { PlaybookVersions } from './playbook-versions';
import type { PortalLeases } from './portal-leases';
import type { Portals } from './portals';
import type { Reports } from './reporting';
import type { Schedules } from './schedules';
import type { StageTransitions } from './stage-transitions';

export type {
  ClaimOptions,
  EventInbox,
  EventStatus,
  InsertResult,
  NewEvent,
  QueueStats,
  StoredEvent,
} from './event-inbox';
export type { ConsumeStateResult, PortalRecord, Portals, PortalStatus } from './portals';
export type {
  Decisions,
  NewDecision,
  Reassignment,
  RoutingStateRecord,
  SlaCheck,
  SlaMark,
  StoredDecision,
} from './decisions';
export type {
  ClaimOutcomeResult,
  NewOutcomeEvent,
  OutcomeFilter,
  Outcomes,
  OutcomeSource,
  StoredOutcomeEvent,
} from './outcomes';
export type { ClaimGroup } from './claim-groups';
export type {
  PortalLeaseRound,
  PortalLeaseRoundResult,
  PortalLeases,
  PortalLeaseScope,
  StoredPortalLease,
} from './portal-leases';
export type {
  ClaimJobsOptions,
  JobFailure,
  JobFilter,
  JobQueue,
  JobStatus,
  NewJob,
  StoredJob,
} from './job-queue';
export type {
  LeadFeedback,
  LeadRatingFact,
  NewLeadRating,
  NewNextStep,
  SavedFeedback,
  StoredLeadRating,
  StoredNextStep,
} from './lead-feedback';
export type { NewPlaybookVersion, PlaybookVersions, StoredPlaybookVersion } from './playbook-versions';
export type { ReportingDecision, ReportingWindow, Reports } from './reporting';
export type { Schedules } from './schedules';
export type {
  NewStageTransition,
  StageTransitionFilter,
  StageTransitions,
  StoredStageTransition,
} from './stage-transitions';
export type { DueNoResponseFilter, NoResponseCheck, NoResponseChecks } from './no-response-checks';

export interface Store {
  /** Verified webhook events: stored once per key, claimed under a lease, archived when done. */
  readonly events: EventInbox;
  /** Side effects as jobs with a unique key (the outbox): enqueue on `tx.jobs` with their cause. */
  readonly jobs: JobQueue;
  /** Installed portals (encrypted tokens) and OAuth states. */
  readonly portals: Portals;
  /** Which process holds each portal when several share a PostgreSQL store (migration 0014). */
  readonly leases: PortalLeases;
  /** Decisions per contact and round, the round-robin state, open load, gaps and SLA clocks. */
  readonly decisions: Decisions;
  /** Sales outcomes (what the rep did with a lead). */
  readonly outcomes: Outcomes;
  /** Scheduled jobs' runs per slot and their cursors. */
  readonly schedules: Schedules;
  /** Each portal's saved playbook versions. */
  readonly playbooks: PlaybookVersions;
  /** Lifecycle stages entered (CONTRACT §5). */
  readonly stages: StageTransitions;
  /** When each open round is next checked for a first response (issue 11). */
  readonly noResponse: NoResponseChecks;
  /** Lead-quality ratings and next steps from the card. */
  readonly feedback: LeadFeedback;
  /** The per-portal CRM index matching reads (migration 0012). */
  readonly crmIndex: CrmIndexRepository;
  /** The reports' reads and the audit search by email. */
  readonly reports: Reports;

  /** Runs `work` in one transaction; `tx` is a Store whose repositories all join it. */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;
  /** Ready: reachable and every migration applied. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}
