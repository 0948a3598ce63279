import type { HandoffDecision } from '../handoff';

/** A decision as a person reads it on a terminal: the answer first, then every reason behind it. */
export function formatDecision(decision: HandoffDecision): string {
  const { record } = decision;
  const lines: string[] = [
    `Contact ${decision.contactId}: ${decision.status}${decision.priority ? ` (${decision.priority})` : ''}`,
    `  owner: ${decision.owner ? `${decision.owner.name} [${decision.owner.ownerId}] via ${decision.owner.source}` : 'none'}`,
    `  reason: ${decision.reason}`,
    `  match: ${decision.match}${decision.matchedCompanyId ? ` company ${decision.matchedCompanyId}` : ''}${decision.matchedDealId ? ` deal ${decision.matchedDealId}` : ''}`,
    '',
    'Rules checked, in order:',
    ...record.checks.map((check) => `  - ${JSON.stringify(check)}`),
    '',
    `Fit ${record.fit.score}:`,
    ...record.fit.lines.map((line) => `  ${signed(line.points)}  ${line.rule}: ${line.reason}`),
    `Intent ${record.intent.score}:`,
    ...record.intent.lines.map((line) => `  ${signed(line.points)}  ${line.rule}: ${line.reason}`),
    '',
    `Account candidates (${record.account.candidates.length}):`,
    ...record.account.candidates.map((candidate) => `  - ${JSON.stringify(candidate)}`),
    ...record.account.tieBreak.map((step) => `  tie-break: ${JSON.stringify(step)}`),
    '',
    'Routing:',
    ...record.routing.steps.map((step) => `  ${step.outcome.padEnd(8)} ${step.step}: ${step.detail}`),
    ...record.routing.skipped.map((skip) => `  skipped  ${skip.ownerId} in ${skip.poolId}: ${skip.reason}`),
    '',
    'Properties that would be written:',
    ...Object.entries(decision.properties).map(([name, value]) => `  ${name} = ${value}`),
  ];
  return lines.join('\n');
}

function signed(points: number): string {
  return `${points >= 0 ? '+' : ''}${points}`.padStart(4);
}
