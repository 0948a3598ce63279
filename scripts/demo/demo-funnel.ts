import { funnelFacts, type FunnelFact } from '../../src/reporting/funnel-facts';
import { funnelTable } from '../../src/reporting/funnel-tables';
import type { Cell } from '../../src/reporting/metric-tables';
import { REPORT_DECISION_LIMIT } from '../../src/reporting/quality-report';
import { ratedHandoffs, ratingTable } from '../../src/reporting/rating-report';
import type { LeadRatingFact, ReportingDecision, Store } from '../../src/store/store';

export interface DemoFunnel {
  days: number;
  overall: Record<string, Cell>;
  /** By source (without its detail, so "Paid search / google" counts as "Paid search"), biggest first. */
  bySource: Array<Record<string, Cell>>;
  /** Rep steps done, by kind. */
  repSteps: Record<string, number>;
  /** Leads recorded as `no_response`: by Handoff's sweep, and by reps (card or HubSpot). */
  noResponse: { sweep: number; reps: number };
  /** Sales' feedback from the card: the month's current ratings and the next steps recorded. */
  feedback: { ratings: number; average: number | null; bySource: Array<[string, number]>; nextSteps: number };
}

/** The month's funnel as the admin page computes it, from the app's stored decisions and stages. */
export async function demoFunnel(
  store: Store,
  portalId: number,
  window: { from: number; to: number; days: number; repSteps: Record<string, number> },
): Promise<DemoFunnel> {
  const [decisions, transitions, outcomes, ratings, nextSteps] = await Promise.all([
    store.reports.decisions({ portalId, from: window.from, to: window.to, limit: REPORT_DECISION_LIMIT }),
    store.stages.list({ portalId, from: window.from }),
    store.reports.outcomes({ portalId, from: window.from, to: window.to }),
    store.feedback.ratings(portalId, { from: window.from }),
    store.feedback.countNextSteps(portalId, { from: window.from }),
  ]);
  const noResponse = outcomes.filter((outcome) => outcome.outcome === 'no_response');
  const bySweep = noResponse.filter((outcome) => outcome.source === 'no_response_sweep').length;
  const facts = funnelFacts(decisions, transitions);
  const bySourceName = facts.map((fact): FunnelFact => ({
    ...fact,
    keys: { ...fact.keys, source: fact.keys.source.split(' / ')[0] ?? '' },
  }));
  return {
    days: window.days,
    overall: funnelTable(facts, 'all').rows[0] ?? { mql: 0 },
    bySource: funnelTable(bySourceName, 'source').rows,
    repSteps: window.repSteps,
    noResponse: { sweep: bySweep, reps: noResponse.length - bySweep },
    feedback: { ...ratingFigures(decisions, ratings), nextSteps },
  };
}

/** The average of the current ratings, overall and by source (without its detail), as the dashboard reads them. */
function ratingFigures(
  decisions: readonly ReportingDecision[],
  ratings: readonly LeadRatingFact[],
): Omit<DemoFunnel['feedback'], 'nextSteps'> {
  const handoffs = ratedHandoffs(decisions, ratings).map((handoff) => ({
    ...handoff,
    keys: { ...handoff.keys, source: handoff.keys.source.split(' / ')[0] ?? '' },
  }));
  const overall = ratingTable(handoffs, 'all').rows[0];
  const bySource = ratingTable(handoffs, 'source')
    .rows.filter((row) => typeof row.average_rating === 'number')
    .map((row): [string, number] => [String(row.key), row.average_rating as number]);
  return {
    ratings: Number(overall?.rated ?? 0),
    average: typeof overall?.average_rating === 'number' ? overall.average_rating : null,
    bySource,
  };
}

const pct = (value: Cell | undefined) => (typeof value === 'number' ? `${(value * 100).toFixed(1)}%` : '–');
const hours = (value: Cell | undefined) => {
  if (typeof value !== 'number') return '–';
  return value < 48 * 3600 ? `${(value / 3600).toFixed(1)} h` : `${(value / 86_400).toFixed(1)} d`;
};

/** The funnel lines of the printed summary. */
export function formatFunnel(funnel: DemoFunnel, line: (label: string, text: string) => string): string[] {
  const row = funnel.overall;
  const stay = (stage: string, label: string) =>
    `${label} ${hours(row[`${stage}_time_p50_s`])} median, p95 ${hours(row[`${stage}_time_p95_s`])}`;
  const steps = funnel.repSteps;
  const feedback = funnel.feedback;
  return [
    line(
      'Funnel',
      `MQL ${row.mql ?? 0} → SAL ${row.sal ?? 0} (${pct(row.sal_rate)}) → SQL ${row.sql ?? 0} (${pct(row.sql_rate)}) → opportunity ${row.opportunity ?? 0} (${pct(row.opportunity_rate)}); recycled ${row.recycled ?? 0}, disqualified ${row.disqualified ?? 0}`,
    ),
    line('Time in stage', [stay('mql', 'MQL'), stay('sal', 'SAL'), stay('sql', 'SQL')].join(' · ')),
    ...funnel.bySource
      .slice(0, 7)
      .map((source, index) =>
        line(
          index === 0 ? 'By source' : '',
          `${String(source.key).padEnd(16)} MQL ${String(source.mql).padStart(3)} · SAL ${pct(source.sal_rate).padStart(6)} · SQL ${pct(source.sql_rate).padStart(6)} · opportunity ${pct(source.opportunity_rate).padStart(6)}`,
        ),
      ),
    line(
      'Reps',
      `${funnel.days} simulated days: ${steps['card:accept'] ?? 0} accepted on the card, ${(steps.calls ?? 0) + (steps.emails ?? 0) + (steps.meetings ?? 0)} calls/emails/meetings logged, ${steps['card:opportunity_created'] ?? 0} qualified, ${steps.deal ?? 0} deals opened, ${steps['card:disqualify'] ?? 0} disqualified, ${(steps.no_response ?? 0) + (steps['card:no_response'] ?? 0)} no response`,
    ),
    line(
      'No response',
      `${funnel.noResponse.sweep + funnel.noResponse.reps} detected (${funnel.noResponse.sweep} by the sweep after ${steps.attempt ?? 0} unanswered calls and emails, ${funnel.noResponse.reps} by reps on the card or in HubSpot)`,
    ),
    line(
      'Feedback',
      `Ratings: ${feedback.ratings} (avg ${feedback.average === null ? '–' : feedback.average.toFixed(1)}), next steps: ${feedback.nextSteps} (each a task for the owner)`,
    ),
    ...(feedback.bySource.length > 0
      ? [
          line(
            '',
            `avg rating by source: ${feedback.bySource
              .slice(0, 6)
              .map(([source, average]) => `${source} ${average.toFixed(1)}`)
              .join(' · ')}`,
          ),
        ]
      : []),
  ];
}
