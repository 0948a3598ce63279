import { formatDemoEvidence, type DemoEvidence } from './demo-evidence';
import { formatFunnel, type DemoFunnel } from './demo-funnel';
import type { DemoSummary, MatchScore } from './demo-summary';

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const counts = (record: Record<string, number>, order: readonly string[] = []) =>
  Object.entries(record)
    .sort(([a, x], [b, y]) => {
      const [i, j] = [order.indexOf(a), order.indexOf(b)];
      return i >= 0 && j >= 0 ? i - j : i >= 0 ? -1 : j >= 0 ? 1 : y - x;
    })
    .map(([name, count]) => `${name} ${count}`)
    .join(' · ');

function match(label: string, score: MatchScore): string {
  return `${label}: precision ${pct(score.precision)}, recall ${pct(score.recall)} (${score.expected} expected, ${score.found} found, ${score.correct} right)`;
}

/** The summary as the demo prints it. */
export function formatSummary(
  summary: DemoSummary,
  run: { seconds: number; streamSeconds: number; funnel?: DemoFunnel; evidence?: DemoEvidence },
): string {
  const line = (label: string, text: string) => `  ${label.padEnd(15)}${text}`;
  const teams = Object.entries(summary.ownersByTeam)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([team, members]) =>
        `${team} (${Object.values(members).reduce((a, b) => a + b, 0)}): ${counts(members)}`,
    );
  const top = Object.entries(summary.callsByEndpoint)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 6)
    .map(([endpoint, count]) => `${endpoint} ${count}`);
  return [
    '',
    `Handoff summary (portal ${summary.portalId})`,
    line(
      'Handled',
      `${summary.written} of ${summary.leads} leads decided and written; handoff_status verified on ${summary.verifiedOnContacts} simulated contacts`,
    ),
    line(
      'Status',
      counts(summary.byStatus, [
        'sales_ready',
        'needs_qualification',
        'nurture',
        'disqualified',
        'duplicate_or_existing',
      ]),
    ),
    line('Priority', counts(summary.byPriority, ['high', 'medium', 'low', 'none'])),
    ...teams.map((text, index) => line(index === 0 ? 'Owners' : '', text)),
    line(
      'Tasks',
      `${summary.tasksCreated} follow-up tasks created for owners, ${summary.nextStepTasks} for next steps recorded on the card`,
    ),
    line(
      'Accountable',
      `${summary.handedToSalesUnaccountable} leads handed to sales without owner, due time and task`,
    ),
    line(
      'Second chance',
      `${summary.secondChance.redecided} leads re-decided on a new signal, ${summary.secondChance.handedToSales} handed to sales as a new round`,
    ),
    line('Matching', match('accounts', summary.accounts)),
    line('', match('duplicates', summary.duplicates)),
    ...(run.funnel ? formatFunnel(run.funnel, line) : []),
    ...(run.evidence ? formatDemoEvidence(run.evidence, line) : []),
    line(
      'Latency',
      `webhook received → properties written: median ${seconds(summary.latencyMs.median)}, p95 ${seconds(summary.latencyMs.p95)}, max ${seconds(summary.latencyMs.max)}`,
    ),
    line(
      'HubSpot calls',
      `${summary.hubspotCalls} (${summary.callsPerLead.toFixed(2)} per lead, property set-up included)`,
    ),
    ...top.map((text) => line('', text)),
    line(
      'CRM index',
      `${summary.crmIndex.phase}: ${summary.crmIndex.records} records synced in ${summary.crmIndex.calls} list calls, ${summary.crmIndex.seconds.toFixed(1)} s; ${summary.decidedFromIndex} of ${summary.decided} leads matched from it (version ${summary.crmIndex.version})`,
    ),
    line('Searches', `${summary.searchesPerLead.toFixed(3)} per lead (matching and the index sweep)`),
    line(
      '429s',
      `${summary.rateLimited.total} (search ${summary.rateLimited.search}, standard ${summary.rateLimited.standard}); faults injected ${summary.faultsInjected}`,
    ),
    line(
      'Webhooks',
      `${summary.webhooks.deliveries} signed deliveries, ${summary.webhooks.failed} failed and retried, ${summary.webhooks.dropped} dropped`,
    ),
    line('Run time', `${run.seconds.toFixed(1)} s (contacts streamed in ${run.streamSeconds.toFixed(1)} s)`),
    '',
  ].join('\n');
}
