import type { EmailDomainKind } from './domains';
import { HubSpotProperties, numberOf, textOf } from './hubspot-records';
import type { Playbook } from './playbook';
import { bestBand, describeBand, Score, ScoreLine, totalScore } from './score-lines';
import { firstPhraseIn, sameValue } from './text-match';

export interface FitInput {
  contact: HubSpotProperties;
  /** The matched or context company's properties, when there is one. */
  company: HubSpotProperties | undefined;
  emailKind: EmailDomainKind | undefined;
}

/** How well the contact fits the playbook's ideal customer, 0–100, line by line. */
export function scoreFit(input: FitInput, fit: Playbook['fit']): Score {
  const lines: ScoreLine[] = [];
  const title = textOf(input.contact, 'jobtitle');
  for (const [kind, rules] of [
    ['seniority', fit.seniority],
    ['role', fit.roles],
  ] as const) {
    // Ordered rules: the first whose words appear in the title counts, once.
    for (const rule of rules) {
      const word = firstPhraseIn(title, rule.words);
      if (word === undefined) continue;
      lines.push({
        rule: `fit.${kind}`,
        points: rule.points,
        reason: `${rule.label}: job title "${title}" has "${word}"`,
      });
      break;
    }
  }

  const employees = employeeCount(input);
  const band = bestBand(fit.companySize, employees);
  if (band && employees !== undefined) {
    lines.push({
      rule: 'fit.companySize',
      points: band.points,
      reason: `${employees} employees (${describeBand(band)})`,
    });
  }

  const industry = textOf(input.company ?? {}, 'industry') ?? textOf(input.contact, 'industry');
  const industryRule = fit.industries.find((rule) => rule.values.some((value) => sameValue(industry, value)));
  if (industryRule) {
    lines.push({
      rule: 'fit.industries',
      points: industryRule.points,
      reason: `${industryRule.label}: industry ${industry}`,
    });
  }

  const country = textOf(input.contact, 'country') ?? textOf(input.company ?? {}, 'country');
  const countryRule = fit.countries.find((rule) => rule.values.some((value) => sameValue(country, value)));
  if (countryRule) {
    lines.push({
      rule: 'fit.countries',
      points: countryRule.points,
      reason: `${countryRule.label}: country ${country}`,
    });
  }

  if (fit.companyKnownPoints !== 0 && companyKnown(input)) {
    lines.push({ rule: 'fit.companyKnownPoints', points: fit.companyKnownPoints, reason: 'company known' });
  }
  if (fit.workEmailPoints !== 0 && input.emailKind === 'work') {
    lines.push({ rule: 'fit.workEmailPoints', points: fit.workEmailPoints, reason: 'work email address' });
  }
  return totalScore(lines);
}

/** CONTRACT §4 rule 3's "company from either the contact or its email domain". */
export function companyKnown(input: FitInput): boolean {
  return (
    textOf(input.contact, 'company') !== undefined ||
    input.emailKind === 'work' ||
    input.company !== undefined
  );
}

/**
 * The company's `numberofemployees` when known, else the contact's `numemployees`, which HubSpot
 * forms fill with ranges such as "25-50" or "1000+" (read as the middle, or the lower bound).
 */
function employeeCount(input: FitInput): number | undefined {
  const exact = input.company ? numberOf(input.company, 'numberofemployees') : undefined;
  if (exact !== undefined) return exact;
  const text = textOf(input.contact, 'numemployees');
  if (text === undefined) return undefined;
  const range = /^(\d+)\s*-\s*(\d+)$/.exec(text);
  if (range) return Math.round((Number(range[1]) + Number(range[2])) / 2);
  const open = /^(\d+)\s*\+$/.exec(text);
  if (open) return Number(open[1]);
  return numberOf(input.contact, 'numemployees');
}
