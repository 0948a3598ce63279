import type { Generated } from 'kysely';
import type { ClaimGroup } from './claim-groups';
import type { CrmIndexTables } from './crm-index-tables';
import type { JobTables } from './job-queries';
import type { LeadFeedbackTables } from './lead-feedback';
import type { NoResponseCheckTables } from './no-response-checks';
import type { OutcomeTables } from './outcomes';
import type { PortalLeaseTables } from './portal-leases';
import type { PlaybookVersionTables } from './playbook-versions';
import type { StageTransitionTables } from './stage-transitions';
import type { EventStatus } from './event-inbox';
import type { PortalStatus } from './portals';

/**
 * Table shapes as Kysely sees them. Times are epoch milliseconds: `bigint` in PostgreSQL (parsed
 * back to numbers by the pool), INTEGER in SQLite. Column names stay snake_case so that ad-hoc SQL
 * at an operator's prompt reads naturally; rows are mapped to the camelCase records in `rows.ts`.
 */
export interface WebhookEventsTable {
  id: Generated<number>;
  portal_id: number;
  event_key: string;
  subscription_type: string;
  object_type_id: string;
  object_id: number;
  occurred_at: number;
  /** JSON text: the event exactly as HubSpot sent it. */
  payload: string;
  status: EventStatus;
  attempts: number;
  available_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  received_at: number;
  processed_at: number | null;
  /** `create` or `change` (migration 0013): which claim the event joins (see claim-groups.ts). */
  claim_group: Generated<ClaimGroup>;
}

/** Done events past the retention window (migration 0013): read by id or key, never claimed. */
export interface WebhookEventsArchiveTable {
  id: number;
  portal_id: number;
  event_key: string;
  subscription_type: string;
  object_type_id: string;
  object_id: number;
  occurred_at: number;
  payload: string;
  status: EventStatus;
  attempts: number;
  last_error: string | null;
  received_at: number;
  processed_at: number | null;
  claim_group: ClaimGroup;
}

export interface PortalsTable {
  portal_id: number;
  status: PortalStatus;
  access_token_cipher: string | null;
  refresh_token_cipher: string | null;
  access_token_expires_at: number | null;
  /** JSON text: an array of scope names. */
  scopes: string;
  installed_at: number;
  updated_at: number;
}

export interface OAuthStatesTable {
  state_hash: string;
  expires_at: number;
  created_at: number;
  used_at: number | null;
}

export interface HandoffDecisionsTable {
  id: Generated<number>;
  portal_id: number;
  contact_id: string;
  /** 1 for the first handoff; a recycled lead's next handoff is round 2, and so on. */
  round: number;
  status: string;
  priority: string | null;
  owner_id: string | null;
  match: string;
  company_id: string | null;
  deal_id: string | null;
  reason: string;
  /** JSON text: the CONTRACT §3 properties the decision writes (plus `hubspot_owner_id` if set). */
  properties: string;
  /** JSON text: the full decision record (inputs, rules, scores, candidates, routing). */
  record: string;
  event_key: string;
  decided_at: number;
  written_at: number | null;
  tasks_created_at: number | null;
  closed_at: number | null;
  /** The response clock (migration 0004): due time, first sales action, and what the sweep did. */
  sla_due_at: number | null;
  sla_status: string | null;
  first_action_at: number | null;
  reminded_at: number | null;
  breached_at: number | null;
  escalated_at: number | null;
  /** The playbook version id that made the decision (migration 0007); null before it. */
  playbook_version: string | null;
  /** When the SLA sweep next reads this clock (migration 0013); 0: at the next sweep. */
  sla_check_at: Generated<number>;
  /** The CRM index version matching read (migration 0012); null when it searched HubSpot. */
  index_version: number | null;
}

export interface JobRunsTable {
  job: string;
  slot: number;
  owner: string;
  started_at: number;
  finished_at: number | null;
  status: string;
  detail: string | null;
}

export interface JobCursorsTable {
  portal_id: number;
  name: string;
  value: number;
  updated_at: number;
}

export interface RoutingStatesTable {
  portal_id: number;
  /** JSON text: round-robin state per pool. */
  state: string;
  /** Optimistic concurrency: two workers deciding for one portal never both advance it. */
  version: number;
  updated_at: number;
}

export interface StoreDatabase
  extends
    OutcomeTables,
    PlaybookVersionTables,
    StageTransitionTables,
    JobTables,
    NoResponseCheckTables,
    LeadFeedbackTables,
    PortalLeaseTables,
    CrmIndexTables {
  webhook_events: WebhookEventsTable;
  webhook_events_archive: WebhookEventsArchiveTable;
  portals: PortalsTable;
  oauth_states: OAuthStatesTable;
  handoff_decisions: HandoffDecisionsTable;
  routing_states: RoutingStatesTable;
  job_runs: JobRunsTable;
  job_cursors: JobCursorsTable;
}

/** The two engines behind the one `Store`; known only inside `src/store/`. */
export type StoreDialect = 'sqlite' | 'postgres';
