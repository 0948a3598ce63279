/**
 * The contact properties of CONTRACT §3, by internal name, and the enumeration values a decision
 * may write. HubSpot takes every value as a string: numbers as digits, datetimes as ISO 8601, and
 * "" clears a property.
 */
export const HANDOFF_PROPERTY_NAMES = [
  'handoff_status',
  'handoff_priority',
  'handoff_owner',
  'handoff_reason',
  'handoff_match',
  'handoff_matched_company_id',
  'handoff_matched_deal_id',
  'handoff_fit_score',
  'handoff_intent_score',
  'handoff_source',
  'handoff_entry_point',
  'handoff_offer',
  'handoff_routed_at',
  'handoff_sla_due_at',
  'handoff_first_action_at',
  'handoff_sla_status',
  'handoff_outcome',
  'handoff_disqualification_reason',
  'handoff_feedback_note',
  'handoff_stage',
  'handoff_mql_at',
  'handoff_sal_at',
  'handoff_sql_at',
  'handoff_opportunity_at',
  'handoff_next_step',
  'handoff_next_step_at',
  'handoff_lead_rating',
  'handoff_lead_rating_reason',
  'handoff_lead_rated_at',
] as const;

export type HandoffPropertyName = (typeof HANDOFF_PROPERTY_NAMES)[number];
export type HandoffProperties = Partial<Record<HandoffPropertyName, string>>;

export const HANDOFF_MATCH_KINDS = [
  'none',
  'existing_account',
  'open_opportunity',
  'duplicate_contact',
] as const;
export type HandoffMatchKind = (typeof HANDOFF_MATCH_KINDS)[number];

export const SLA_STATUSES = ['pending', 'met', 'breached', 'not_applicable'] as const;
export type SlaStatus = (typeof SLA_STATUSES)[number];

export const HANDOFF_OUTCOMES = [
  'accepted',
  'qualification_in_progress',
  'qualified_opportunity',
  'disqualified',
  'nurture_ready',
  'no_response',
  'duplicate',
  'recycled',
] as const;
export type HandoffOutcome = (typeof HANDOFF_OUTCOMES)[number];
