import type { HandoffDecision, OwnerRecord } from '../handoff';
import { ownerNameOf } from '../lead-context/owner-directory';

/**
 * A decision as a person reads it on a terminal: the answer first, then every reason behind it,
 * in the order the playbook applied them. Owners by name; `--json` has the raw record.
 */
export function formatDecision(decision: HandoffDecision, owners: readonly OwnerRecord[] = []): string {
  const { record } = decision;
  const name = (id: string) => ownerNameOf(owners, id) ?? id;
  const rule = record.routing.rule;
  const lines: string[] = [
    `Contact ${decision.contactId}: ${decision.status}${decision.priority ? ` (${decision.priority})` : ''}`,
    `  owner: ${decision.owner ? `${decision.owner.name} [${decision.owner.ownerId}] via ${decision.owner.source.replace(/_/g, ' ')}` : 'none'}`,
    `  reason: ${decision.reason}`,
    `  match: ${decision.match}${decision.matchedCompanyId ? ` company ${decision.matchedCompanyId}` : ''}${decision.matchedDealId ? ` deal ${decision.matchedDealId}` : ''}`,
    `  playbook: ${record.playbook}${record.playbookVersion ? ` (${record.playbookVersion})` : ''}`,
    '',
    'Status rules checked, in order:',
    ...record.checks.map(
      (check) => `  ${check.step}. ${check.rule}: ${check.applied ? 'applies' : 'no'} (${check.detail})`,
    ),
    '',
    `Fit ${record.fit.score}:`,
    ...record.fit.lines.map((line) => `  ${signed(line.points)}  ${line.rule}: ${line.reason}`),
    `Intent ${record.intent.score}:`,
    ...record.intent.lines.map((line) => `  ${signed(line.points)}  ${line.rule}: ${line.reason}`),
    '',
    `Account candidates (${record.account.candidates.length}):`,
    ...record.account.candidates.map(
      (candidate) =>
        `  - ${candidate.name} [${candidate.companyId}] confidence ${candidate.confidence.toFixed(2)}: ${candidate.evidence.map((e) => e.detail).join('; ')}${candidate.createdWithContact ? ' (created with the contact: context only)' : ''}`,
    ),
    ...record.account.tieBreak.map(
      (step) =>
        `  tie-break ${step.rule}: kept ${step.kept.join(', ')}; dropped ${step.dropped.join(', ') || 'none'}`,
    ),
    '',
    'Routing:',
    rule
      ? `  rule ${rule.index + 1} '${rule.name}' matched (${rule.conditions}) → ${rule.pool ? `pool ${rule.pool}` : `owner ${name(rule.owner ?? '')}`}`
      : '  no routing rule matched: the default pool for the status',
    ...record.routing.steps.map(
      (step) => `  ${step.outcome.padEnd(8)} ${step.step.replace(/_/g, ' ')}: ${step.detail}`,
    ),
    ...record.routing.skipped.map(
      (skip) => `  skipped  ${name(skip.ownerId)} in ${skip.poolId}: ${skip.reason}`,
    ),
    '',
    'Properties that would be written:',
    ...Object.entries(decision.properties).map(([property, value]) => `  ${property} = ${value}`),
  ];
  return lines.join('\n');
}

function signed(points: number): string {
  return `${points >= 0 ? '+' : ''}${points}`.padStart(4);
}
