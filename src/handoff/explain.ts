import type { EmailDomainKind } from './domains';
import type { HandoffMatchKind } from './handoff-properties';
import type { AccountCandidate, AccountEvidence } from './match-account';
import type { DuplicateContact } from './match-duplicates';
import type { HandoffStatus, Priority } from './playbook';
import type { StatusCheck } from './qualify';
import type { OwnerSource, RouteStep, RoutingFallback } from './route-lead';
import type { MatchedRule } from './routing-rules';
import type { IntentScore } from './score-intent';
import type { Score } from './score-lines';
import type { TieBreakStep } from './tie-breakers';
import type { SkippedMember } from './weighted-round-robin';

/**
 * Why a contact got its status and owner: the one line reps read in `handoff_reason`, and the
 * full record stored per decision for the audit log, `explain` and replay.
 */

export interface DecisionRecord {
  version: 1;
  contactId: string;
  decidedAt: string;
  playbook: string;
  /** The version id of the playbook that decided (playbook-version-id.ts); absent in older records. */
  playbookVersion?: string;
  /** The contact properties the decision read. */
  inputs: {
    email?: string;
    emailDomain?: string;
    emailKind?: EmailDomainKind;
    jobtitle?: string;
    company?: string;
    website?: string;
    numemployees?: string;
    industry?: string;
    country?: string;
    /** The contact's `createdate`: where speed-to-assignment starts. */
    createdate?: string;
    conversions: string[];
    /** `num_conversion_events` when decided: a higher count later is a new conversion. */
    conversionCount?: string;
    /** `hubspotscore` when decided: a later score at or above the playbook's threshold is a signal. */
    hubspotscore?: string;
    hubspotOwnerId?: string;
    /** `hs_analytics_source_data_2`: the campaign of paid and email sources (funnel reports cut by it). */
    campaign?: string;
    /** `hs_analytics_first_touch_converting_campaign`, where the portal runs HubSpot campaigns. */
    firstTouchCampaign?: string;
  };
  /** Each CONTRACT §4 rule checked, in order, up to the one that applied. */
  checks: StatusCheck[];
  fit: Score;
  intent: IntentScore;
  account: {
    candidates: AccountCandidate[];
    tieBreak: TieBreakStep[];
    chosenCompanyId?: string;
    confidence: number;
    evidence: AccountEvidence[];
    review?: { reason: string; companyIds: string[] };
  };
  duplicates: DuplicateContact[];
  routing: {
    steps: RouteStep[];
    ownerId?: string;
    source: OwnerSource;
    poolId?: string;
    /** The routing rule that chose the pool or owner (absent: the status's default pool). */
    rule?: MatchedRule;
    skipped: Array<SkippedMember & { poolId: string }>;
    setContactOwner: boolean;
    routedAs?: 'sales_ready' | 'needs_qualification';
    fallback?: RoutingFallback;
  };
}

export interface ReasonParts {
  status: HandoffStatus;
  priority: Priority | null;
  match: HandoffMatchKind;
  account?: { name: string; domain?: string };
  dealName?: string;
  duplicateEmail?: string;
  ownerName?: string;
  ownerSource: OwnerSource;
  poolLabel?: string;
  /** "Rule 'EMEA enterprise' (country in EMEA, …)" when a routing rule chose the pool or owner. */
  rule?: string;
  /** An ownerless existing account or duplicate routed like a new lead of this status (CONTRACT §6). */
  routedAs?: 'sales_ready' | 'needs_qualification';
  /** Why the pool could not place the lead: "HubSpot team \"Sales\" was full (…)". */
  fallback?: string;
  noOwnerWhy?: string;
  disqualification?: { label: string; detail: string };
  detail?: string;
  fit: number;
  intent: number;
  signals: string[];
  review?: string[];
}

const REASON_MAX = 500;

/** One line a rep can act on: what the contact is, and why this owner (or none). */
export function handoffReason(parts: ReasonParts): string {
  const line = [headline(parts), ownerClause(parts)].filter((text) => text !== '').join(': ');
  const review = parts.review?.length ? `; possible account ${parts.review.join(' or ')}, please review` : '';
  const full = `${line}${review}`;
  return full.length > REASON_MAX ? `${full.slice(0, REASON_MAX - 1)}…` : full;
}

function headline(parts: ReasonParts): string {
  const signals = parts.signals.length > 0 ? ` (${parts.signals.join(', ')})` : '';
  const scores = `fit ${parts.fit}, intent ${parts.intent}${signals}`;
  switch (parts.status) {
    case 'duplicate_or_existing':
      if (parts.account) {
        const domain = parts.account.domain ? ` (${parts.account.domain})` : '';
        return `Existing account ${parts.account.name}${domain}`;
      }
      return `Duplicate of contact ${parts.duplicateEmail ?? ''}`.trim();
    case 'disqualified':
      return `Disqualified, ${parts.disqualification?.label ?? 'no reason'}: ${parts.disqualification?.detail ?? ''}`;
    case 'needs_qualification':
      return `Needs qualification (${parts.priority ?? 'no priority'}): ${parts.detail ?? ''}; ${scores}`;
    case 'sales_ready':
      return `Sales-ready (${parts.priority ?? 'no priority'}): ${scores}`;
    case 'nurture':
      return `Nurture: ${parts.detail ? `${parts.detail}; ` : ''}${scores}`;
  }
}

function ownerClause(parts: ReasonParts): string {
  const owned = ownerOnly(parts);
  const fallback = parts.fallback && parts.ownerSource !== 'none' ? `${parts.fallback}, so ` : '';
  const clause = `${fallback}${owned}`;
  const ruled = parts.rule && parts.ownerSource !== 'none' ? `${parts.rule} → ${clause}` : clause;
  if (!parts.routedAs) return ruled;
  const as = parts.routedAs === 'sales_ready' ? 'sales-ready' : 'needs-qualification';
  const why = parts.account ? 'nobody at the account owns it' : 'the duplicate has no owner';
  return `${why}, so routed like a new ${as} lead (${parts.priority ?? 'no'} priority): ${ruled}`;
}

function ownerOnly(parts: ReasonParts): string {
  const owner = parts.ownerName ?? '';
  switch (parts.ownerSource) {
    case 'open_deal_owner':
      return `open deal '${parts.dealName ?? ''}' owned by ${owner}`;
    case 'company_owner':
      return `company owner ${owner}`;
    case 'duplicate_owner':
      return `${parts.account ? `duplicate contact ${parts.duplicateEmail ?? ''} ` : ''}owned by ${owner}`;
    case 'named_owner':
      return `owner ${owner}`;
    case 'pool':
      return `round robin in ${parts.poolLabel ?? 'pool'} to ${owner}`;
    case 'fallback_owner':
      return `fallback owner ${owner}`;
    case 'none':
      if (parts.status === 'disqualified' || parts.status === 'nurture') return '';
      return `no owner (${parts.noOwnerWhy ?? 'none found'})`;
  }
}
