import { EmailDomainKind, registrableDomain } from './domains';
import { HubSpotProperties, textOf } from './hubspot-records';
import type { HandoffStatus, Playbook, Priority } from './playbook';
import { companyKnown, scoreFit } from './score-fit';
import { IntentScore, scoreIntent } from './score-intent';
import type { Score } from './score-lines';
import { firstPhraseIn } from './text-match';

/**
 * Status and priority in CONTRACT §4's order: the first rule that applies wins.
 *
 * Where §4 is silent:
 * - The fit floor disqualifies only when role and company are both known. A low fit that comes
 *   from not knowing who someone is belongs to rule 3 (needs qualification), not to rule 2.
 * - When no rule applies (fit between the floor and the sales-ready threshold, or context
 *   missing with no intent at all), the playbook's `unmatched` decides: by default a contact
 *   with sales-ready intent (a demo request from a mid-fit buyer) goes to needs qualification so
 *   an SDR sees it, and anything else to nurture.
 */

export interface QualifyInput {
  contact: HubSpotProperties;
  /** The matched or context company's properties. */
  company: HubSpotProperties | undefined;
  emailHost: string | undefined;
  emailKind: EmailDomainKind | undefined;
  /** Rule 1's finding, decided by matching: what existing record this contact belongs to. */
  existing: string | undefined;
}

export type DisqualificationRule = keyof Playbook['disqualification']['rules'];

export interface StatusCheck {
  step: number;
  rule: string;
  applied: boolean;
  detail: string;
}

export interface Qualification {
  status: HandoffStatus;
  priority: Priority | null;
  fit: Score;
  intent: IntentScore;
  disqualification?: { rule: DisqualificationRule; reasonId: string; detail: string };
  /** Key context rule 3 looks for that the contact lacks: "company", "role". */
  missingContext: string[];
  /** No rule of §4 applied; the playbook's `unmatched` chose the status. */
  unmatched: boolean;
  /** Every rule checked, in order, up to the one that applied. */
  checks: StatusCheck[];
}

export function qualify(input: QualifyInput, playbook: Playbook): Qualification {
  const fit = scoreFit(input, playbook.fit);
  const intent = scoreIntent(input.contact, playbook.intent);
  const { thresholds } = playbook;
  const checks: StatusCheck[] = [];
  const missing = missingContext(input);
  const decide = (status: HandoffStatus, extra: Partial<Qualification> = {}): Qualification => ({
    status,
    priority: priorityFor(status, intent, playbook),
    fit,
    intent,
    checks,
    missingContext: missing,
    unmatched: false,
    ...extra,
  });
  const check = (step: number, rule: string, applied: boolean, detail: string) => {
    checks.push({ step, rule, applied, detail });
    return applied;
  };

  if (
    check(
      1,
      'duplicate_or_existing',
      input.existing !== undefined,
      input.existing ?? 'no existing account or contact',
    )
  ) {
    return decide('duplicate_or_existing');
  }
  const disqualified = findDisqualification(input, fit.score, playbook);
  if (check(2, 'disqualified', disqualified !== undefined, disqualified?.detail ?? 'no disqualifying rule')) {
    return decide('disqualified', { disqualification: disqualified });
  }
  const someIntent = intent.score >= thresholds.someIntent;
  const needsQualification = missing.length > 0 && someIntent;
  const contextDetail = missing.length > 0 ? `missing ${missing.join(' and ')}` : 'company and role known';
  if (check(3, 'needs_qualification', needsQualification, `${contextDetail}; intent ${intent.score}`)) {
    return decide('needs_qualification');
  }
  const goodFit = fit.score >= thresholds.fit;
  const highIntent = intent.score >= thresholds.intent;
  const scores = `fit ${fit.score}/${thresholds.fit}, intent ${intent.score}/${thresholds.intent}`;
  if (check(4, 'sales_ready', goodFit && highIntent, scores)) return decide('sales_ready');
  if (check(5, 'nurture', goodFit && !highIntent, scores)) return decide('nurture');
  const fallback = highIntent ? playbook.unmatched.withIntent : playbook.unmatched.otherwise;
  check(6, 'unmatched', true, `no rule applied (${scores}); playbook sends this to ${fallback}`);
  return decide(fallback, { unmatched: true });
}

function findDisqualification(
  input: QualifyInput,
  fitScore: number,
  playbook: Playbook,
): Qualification['disqualification'] {
  const reasonFor = (rule: DisqualificationRule, detail: string) => ({
    rule,
    reasonId: playbook.disqualification.rules[rule],
    detail,
  });
  const emailDomain = registrableDomain(input.emailHost);
  const listed = (domains: readonly string[]) =>
    emailDomain !== undefined && domains.some((domain) => registrableDomain(domain) === emailDomain);
  if (input.emailKind === 'disposable') {
    return reasonFor('disposable_email', `disposable email domain ${input.emailHost}`);
  }
  if (listed(playbook.fit.ownDomains)) return reasonFor('own_domain', `own company's domain ${emailDomain}`);
  if (listed(playbook.fit.competitorDomains))
    return reasonFor('competitor_domain', `competitor domain ${emailDomain}`);
  const title = textOf(input.contact, 'jobtitle');
  const excluded = firstPhraseIn(title, playbook.fit.excludedRoles);
  if (excluded !== undefined)
    return reasonFor('excluded_role', `job title "${title}" is an excluded role (${excluded})`);
  if (missingContext(input).length === 0 && fitScore < playbook.thresholds.fitFloor) {
    return reasonFor(
      'fit_below_floor',
      `fit ${fitScore} is below the floor of ${playbook.thresholds.fitFloor}`,
    );
  }
  return undefined;
}

function missingContext(input: QualifyInput): string[] {
  const missing: string[] = [];
  if (!companyKnown(input)) missing.push('company');
  if (textOf(input.contact, 'jobtitle') === undefined) missing.push('role');
  return missing;
}

function priorityFor(status: HandoffStatus, intent: IntentScore, playbook: Playbook): Priority | null {
  const choice = playbook.priority[status];
  if (intent.explicit.length > 0) return choice.explicitIntent;
  return intent.score >= playbook.thresholds.intent ? choice.intent : choice.otherwise;
}
