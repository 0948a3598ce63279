import type { ReplayResult, ReplaySide } from './replay-playbook';

/** A replay as RevOps read it: the count, the versions compared with, then one line per moved lead. */
export function formatReplay(result: ReplayResult, candidateLabel: string): string {
  const versions = (result.versions ?? []).map((v) => `${v.label} ${v.id} (${v.leads})`).join(', ');
  const inferred = result.inferred
    ? `; ${result.inferred} decided before version ids were stored, compared with the version running then`
    : '';
  const lines = [
    `Replayed ${result.compared} decisions with ${candidateLabel} (${result.skipped} contacts gone from HubSpot): ${result.changes.length} would change.`,
    `Compared with the version that decided each lead: ${versions || 'none'}${inferred}.`,
    'Both sides decided now from the same HubSpot data and the same round-robin position.',
  ];
  for (const change of result.changes) {
    lines.push(
      `${change.contactId.padEnd(12)} ${(change.kinds ?? []).join('+').padEnd(18)} ${sideText(change.before)}  ->  ${sideText(change.after)}`,
      `${' '.repeat(13)}${change.after.reason}`,
    );
  }
  return lines.join('\n');
}

export function sideText(side: ReplaySide): string {
  const owner = side.ownerId ? `${side.ownerName ?? side.ownerId}` : 'no owner';
  const via = side.rule ? `rule '${side.rule}', ` : '';
  const pool = side.poolId ? ` (${via}pool ${side.poolId})` : side.rule ? ` (rule '${side.rule}')` : '';
  return `${side.status}, ${owner}${pool}`;
}
