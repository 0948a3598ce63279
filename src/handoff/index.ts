/**
 * The handoff domain: pure decisions over HubSpot records and a playbook. Read in this order:
 * playbook (the rules as data), default-playbook (CONTRACT §4), domains and match-account,
 * match-duplicates, qualify, route-lead and weighted-round-robin, explain, zoned-time,
 * business-hours and sla-due-at, decide-handoff.
 */
export { decideHandoff } from './decide-handoff';
export type { HandoffDecision, HandoffInput } from './decide-handoff';
export { DEFAULT_PLAYBOOK } from './default-playbook';
export { playbookVersionId } from './playbook-version-id';
export { loadPlaybook, playbookJsonSchema } from './load-playbook';
export {
  playbookSchema,
  CLOCKS,
  DEFAULT_BUSINESS_HOURS,
  HANDOFF_STATUSES,
  PRIORITIES,
  WEEKDAYS,
} from './playbook';
export type {
  BusinessHours,
  BusinessHoursOverride,
  Clock,
  HandoffStatus,
  Playbook,
  PlaybookInput,
  PoolConfig,
  Priority,
  ReminderPolicy,
  ResponseExpectation,
  Weekday,
} from './playbook';
export { classifyEmailDomain, companyDomains, hostnameOf, registrableDomain } from './domains';
export { matchAccount } from './match-account';
export { matchDuplicates, normaliseEmail } from './match-duplicates';
export { qualify } from './qualify';
export { routeLead } from './route-lead';
export type { RoutingFallback, RoutingState } from './route-lead';
export { HANDED_TO_SALES_STATUSES, isHandedToSales, needsFollowUpTask } from './handed-to-sales';
export { pickRoundRobin, EMPTY_POOL_STATE } from './weighted-round-robin';
export type { PoolMember, PoolState } from './weighted-round-robin';
export { handoffReason } from './explain';
export type { DecisionRecord } from './explain';
export { slaDueAt, slaReminderAt, responseWindowMinutes } from './sla-due-at';
export { slaStatusAt } from './sla-status-at';
export type { SlaStatus } from './sla-status-at';
export {
  addBusinessMinutes,
  businessHoursFor,
  businessMinutesBetween,
  workingDayMinutes,
  workingWindows,
} from './business-hours';
export type { WorkingWindow } from './business-hours';
export { isTimeZone } from './zoned-time';
export { HANDOFF_PROPERTY_NAMES } from './handoff-properties';
export type { HandoffMatchKind, HandoffProperties } from './handoff-properties';
export type { CompanyCandidate, HubSpotRecord, OwnerRecord } from './hubspot-records';
export { firstActionSince, nextSlaCheckAt, planSlaActions, reassignedDueAt } from './plan-sla-actions';
export type { SlaAction, SlaClock } from './plan-sla-actions';
export { escalateLead } from './escalate-lead';
export type { Escalation, EscalationInput } from './escalate-lead';
export { shouldRecycle } from './should-recycle';
export {
  advanceStage,
  applyStageEvents,
  FUNNEL_STAGES,
  isLeadStage,
  LEAD_STAGES,
  NO_STAGE,
  STAGE_CAUSES,
  STAGE_TABLE,
  stageStateOf,
} from './lead-stages';
export type { LeadStage, StageCause, StageEntry, StageEvent, StageState, StageTrigger } from './lead-stages';
export { ACCOUNTABILITY_GAPS, accountabilityGaps, countGaps, GAP_AGES, gapAge } from './accountability-gaps';
export type { AccountabilityGap, GapAge } from './accountability-gaps';
export { noResponseVerdict } from './no-response';
export type { NoResponseInput, NoResponseVerdict } from './no-response';
export { classifyActivity, ACTIVITY_PROPERTIES } from './sales-attempts';
export type { ActivityType, SalesActivity } from './sales-attempts';
export type { NoResponsePolicy } from './no-response-policy';
