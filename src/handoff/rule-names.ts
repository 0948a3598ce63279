import type { HandoffStatus } from './playbook';

/**
 * The CONTRACT §4 rules in the words of the playbook, for the people who read a decision (the
 * card's qualification notes, the audit page). The record keeps the ids; these are only shown.
 */
const RULE_NAMES: Record<HandoffStatus | 'unmatched', string> = {
  duplicate_or_existing: 'Existing account or contact',
  disqualified: 'Disqualifying rule',
  needs_qualification: 'Intent but missing context',
  sales_ready: 'Good fit and high intent',
  nurture: 'Good fit, intent still low',
  unmatched: 'No rule applied',
};

export function ruleName(rule: string): string {
  return (RULE_NAMES as Record<string, string>)[rule] ?? rule.replace(/_/g, ' ');
}
