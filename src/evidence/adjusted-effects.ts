import type { EvidenceLead } from './evidence-leads';
import { fitRidgeLogistic } from './ridge-logistic';

/**
 * Each rule's effect on an MQL's odds of becoming an opportunity with the other rules held equal:
 * the weights of one ridge logistic regression over the rule indicators. A lift compares the
 * leads with a rule to everyone else, so a rule that often comes with a stronger one (the other
 * titles of its seniority list, the other conversions) borrows their effect; the adjusted effect
 * does not. Only rules on at least `minSample` MQLs, and missing on as many, are fitted.
 */
export function adjustedEffects(
  leads: readonly EvidenceLead[],
  ruleNames: readonly string[],
  minSample: number,
  lambda = 1,
): Map<string, number> {
  const mqls = leads.filter((lead) => lead.reached.mql !== undefined);
  const fitted = ruleNames.filter((name) => {
    const holding = mqls.filter((lead) => lead.rules.includes(name)).length;
    return holding >= minSample && mqls.length - holding >= minSample;
  });
  if (fitted.length === 0) return new Map();
  const model = fitRidgeLogistic(
    mqls.map((lead) => fitted.map((name) => (lead.rules.includes(name) ? 1 : 0))),
    mqls.map((lead) => (lead.reached.opportunity !== undefined ? 1 : 0)),
    lambda,
  );
  return new Map(fitted.map((name, index) => [name, model.weights[index] as number]));
}
