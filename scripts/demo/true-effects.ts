import { DEFAULT_PLAYBOOK } from '../../src/handoff/default-playbook';
import type { ScoreLine } from '../../src/handoff/score-lines';
import { playbookRules, rulesOfLines } from '../../src/evidence/playbook-rules';

/**
 * The truth the demo's month is drawn from: how much each signal of the default playbook really
 * moves an MQL's chance of becoming an opportunity, in log-odds (+0.7 roughly doubles the odds).
 * The evidence tables and the suggestion are checked against this table: they must rank the
 * signals in this order and move points towards it (test/evidence/recover-effects.test.ts).
 *
 * The effects deliberately disagree with the default points in places: the default gives a
 * C-level title 40 points and a director 35, but here the director converts better; a
 * 1,000+ company gets 20 points but converts worse than having no size at all.
 */
export const TRUE_EFFECTS: ReadonlyArray<{ rule: string; effect: number }> = [
  { rule: 'intent.conversions: Demo request', effect: 1.4 },
  { rule: 'fit.seniority: Director or VP', effect: 1.0 },
  { rule: 'fit.companySize: 50–1000', effect: 0.7 },
  { rule: 'intent.conversions: Pricing', effect: 0.5 },
  { rule: 'fit.seniority: C-level or founder', effect: 0.2 },
  { rule: 'intent.conversions: Content download', effect: -0.3 },
  { rule: 'fit.companySize: 1001+', effect: -0.7 },
];

/** Log-odds of an MQL without any of the signals above becoming an opportunity (about 12%). */
export const BASE_LOG_ODDS = -2;

/** The chance that an MQL holding these rules (by name) becomes an opportunity. */
export function opportunityChance(rules: readonly string[]): number {
  const logOdds = TRUE_EFFECTS.reduce(
    (sum, { rule, effect }) => sum + (rules.includes(rule) ? effect : 0),
    BASE_LOG_ODDS,
  );
  return 1 / (1 + Math.exp(-logOdds));
}

const DEFAULT_RULES = playbookRules(DEFAULT_PLAYBOOK);

/** The chance for a stored decision record, from its score lines (undefined: no lines). */
export function opportunityChanceOfRecord(record: unknown): number | undefined {
  const view = record as { fit?: { lines?: ScoreLine[] }; intent?: { lines?: ScoreLine[] } } | null;
  const lines = [...(view?.fit?.lines ?? []), ...(view?.intent?.lines ?? [])];
  if (lines.length === 0) return undefined;
  return opportunityChance(rulesOfLines(lines, DEFAULT_RULES));
}
