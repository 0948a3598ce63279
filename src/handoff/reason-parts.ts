import type { DecisionParts } from './decide-handoff';
import type { ReasonParts } from './explain';
import type { HandoffMatchKind } from './handoff-properties';
import { CompanyCandidate, isOpenDeal, textOf } from './hubspot-records';
import { registrableDomain } from './domains';
import type { AccountMatch } from './match-account';
import type { DuplicateContact } from './match-duplicates';
import { describePool } from './route-lead';

/**
 * The facts a decision's reason is written from (explain.ts words them): what matched, who owns the
 * lead and why, and what the qualification found.
 */

export function reasonParts(parts: DecisionParts, ownerLabel: string | undefined): ReasonParts {
  const { qualification, routing, account, playbook } = parts;
  const company = account.company;
  const matchedDomain = registrableDomain(parts.emailHost);
  const reasonLabel = playbook.disqualification.reasons.find(
    (reason) => reason.id === qualification.disqualification?.reasonId,
  )?.label;
  const pool = playbook.pools.find((candidate) => candidate.id === routing.poolId);
  const lastPoolStep = [...routing.steps]
    .reverse()
    .find((step) => step.step === 'pool' || step.step === 'none');
  return {
    status: qualification.status,
    priority: qualification.priority,
    match: matchKind(account, parts.duplicates),
    ...(company
      ? {
          account: {
            name: textOf(company.properties, 'name') ?? `company ${company.id}`,
            domain: parts.emailKind === 'work' ? matchedDomain : registrableDomain(company.properties.domain),
          },
        }
      : {}),
    dealName: routing.deal
      ? (textOf(routing.deal.properties, 'dealname') ?? `deal ${routing.deal.id}`)
      : undefined,
    duplicateEmail: parts.duplicates[0]?.email,
    ownerName: ownerLabel,
    ownerSource: routing.source,
    poolLabel: pool ? describePool(pool) : undefined,
    rule: routing.rule && `Rule '${routing.rule.name}' (${routing.rule.conditions})`,
    routedAs: routing.routedAs,
    fallback: routing.fallback?.detail,
    noOwnerWhy: routing.steps.length > 0 ? (lastPoolStep ?? routing.steps.at(-1))?.detail : undefined,
    disqualification: qualification.disqualification && {
      label: reasonLabel ?? qualification.disqualification.reasonId,
      detail: qualification.disqualification.detail,
    },
    detail: qualification.unmatched
      ? qualification.intent.score >= parts.playbook.thresholds.intent
        ? 'buying intent, fit not proven'
        : 'fit not proven, little intent'
      : qualification.missingContext.length > 0
        ? `missing ${qualification.missingContext.join(' and ')}`
        : undefined,
    fit: qualification.fit.score,
    intent: qualification.intent.score,
    signals: qualification.intent.conversions,
    review: account.review?.companyIds.map((id) => companyName(parts.input.companies, id)),
  };
}

function companyName(companies: readonly CompanyCandidate[], id: string): string {
  const company = companies.find((candidate) => candidate.id === id);
  return (company && textOf(company.properties, 'name')) ?? `company ${id}`;
}

/** How the lead relates to what HubSpot already holds: an open deal, an account, a duplicate, or none. */
export function matchKind(account: AccountMatch, duplicates: readonly DuplicateContact[]): HandoffMatchKind {
  if (account.company)
    return account.company.deals.some(isOpenDeal) ? 'open_opportunity' : 'existing_account';
  return duplicates.length > 0 ? 'duplicate_contact' : 'none';
}
