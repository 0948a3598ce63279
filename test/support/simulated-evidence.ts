import { opportunityChance } from '../../scripts/demo/true-effects';
import type { EvidenceLead } from '../../src/evidence/evidence-leads';
import { seededRandom } from '../../simulator/random';
import { evidenceLead } from './evidence-leads';

/**
 * MQLs drawn like the demo's month: each gets a title, a company size and a conversion at random
 * (one rule of each kind, as the playbook scores them), and becomes an opportunity with the chance
 * the true-effects table gives. Seeded, so the same set every run.
 */
export function simulatedMqls(count: number, seed = 17): EvidenceLead[] {
  const random = seededRandom(seed);
  const pick = <T>(choices: ReadonlyArray<readonly [T, number]>): T => {
    let draw = random();
    for (const [choice, weight] of choices) {
      if (draw < weight) return choice;
      draw -= weight;
    }
    return choices[choices.length - 1]![0];
  };
  return Array.from({ length: count }, (_, index) => {
    const rules = [
      pick([
        ['fit.seniority: Director or VP', 0.3],
        ['fit.seniority: C-level or founder', 0.2],
        ['fit.seniority: Manager or lead', 0.3],
        ['', 0.2],
      ] as const),
      pick([
        ['fit.companySize: 50–1000', 0.35],
        ['fit.companySize: 10–49', 0.25],
        ['fit.companySize: 1001+', 0.25],
        ['', 0.15],
      ] as const),
      pick([
        ['intent.conversions: Demo request', 0.25],
        ['intent.conversions: Pricing', 0.2],
        ['intent.conversions: Content download', 0.25],
        ['intent.conversions: Webinar or event', 0.15],
        // A form whose name no conversion rule knows.
        ['', 0.15],
      ] as const),
      random() < 0.8 ? 'fit.companyKnownPoints' : '',
      random() < 0.5 ? 'intent.pageViews: 5–19' : '',
    ].filter((rule) => rule !== '');
    const opportunity = random() < opportunityChance(rules);
    return evidenceLead({
      contactId: String(1000 + index),
      rules,
      stage: opportunity ? 'opportunity' : random() < 0.5 ? 'sal' : 'mql',
      source: random() < 0.5 ? 'ORGANIC_SEARCH' : 'PAID_SEARCH',
    });
  });
}
