import { CompanyCandidate, contactCountOf, isOpenDeal, lastActivityOf, timeOf } from './hubspot-records';

/**
 * The fixed order in which equally good account matches are told apart. Each step keeps only the
 * candidates best on its measure; the first step that leaves one company decides, and every step
 * taken is recorded so a rep can see why.
 */
export type TieBreakRule =
  'subsidiary_over_parent' | 'open_deal' | 'most_contacts' | 'most_recent_activity' | 'oldest';

export interface TieBreakStep {
  rule: TieBreakRule;
  kept: string[];
  dropped: string[];
}

const STEPS: ReadonlyArray<{
  rule: TieBreakRule;
  keep: (companies: CompanyCandidate[]) => CompanyCandidate[];
}> = [
  // A subsidiary's own domain matches the subsidiary: drop a parent whose child also matched.
  {
    rule: 'subsidiary_over_parent',
    keep: (companies) => companies.filter((c) => !isParentOfAny(c, companies)),
  },
  { rule: 'open_deal', keep: (companies) => best(companies, (c) => (c.deals.some(isOpenDeal) ? 1 : 0)) },
  { rule: 'most_contacts', keep: (companies) => best(companies, contactCountOf) },
  {
    rule: 'most_recent_activity',
    keep: (companies) => best(companies, (c) => lastActivityOf(c) ?? -Infinity),
  },
  {
    rule: 'oldest',
    keep: (companies) => best(companies, (c) => -(timeOf(c.properties.createdate) ?? Infinity)),
  },
];

export function breakTies(companies: readonly CompanyCandidate[]): {
  winners: CompanyCandidate[];
  steps: TieBreakStep[];
} {
  let remaining = [...companies];
  const steps: TieBreakStep[] = [];
  for (const step of STEPS) {
    if (remaining.length <= 1) break;
    const kept = step.keep(remaining);
    // A step that would drop everyone (cannot happen for `best`) or no one tells nothing apart.
    if (kept.length === 0 || kept.length === remaining.length) continue;
    steps.push({
      rule: step.rule,
      kept: kept.map((c) => c.id),
      dropped: remaining.filter((c) => !kept.includes(c)).map((c) => c.id),
    });
    remaining = kept;
  }
  return { winners: remaining, steps };
}

function isParentOfAny(company: CompanyCandidate, companies: readonly CompanyCandidate[]): boolean {
  return companies.some((other) => other.properties.hs_parent_company_id?.trim() === company.id);
}

function best(
  companies: CompanyCandidate[],
  measure: (company: CompanyCandidate) => number,
): CompanyCandidate[] {
  const scores = companies.map(measure);
  const top = Math.max(...scores);
  return companies.filter((_, index) => scores[index] === top);
}
