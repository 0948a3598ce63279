import { evidenceLeads } from '../../src/evidence/evidence-leads';
import { DEFAULT_MIN_SAMPLE, evidenceRows } from '../../src/evidence/evidence-tables';
import { suggestPlaybook } from '../../src/evidence/suggest-playbook';
import { DEFAULT_PLAYBOOK } from '../../src/handoff/default-playbook';
import { REPORT_DECISION_LIMIT } from '../../src/reporting/quality-report';
import type { Store } from '../../src/store/store';
import { TRUE_EFFECTS } from './true-effects';

/** One signal of the truth table next to what the month's evidence measured for it. */
export interface DemoEvidenceRow {
  rule: string;
  trueEffect: number;
  /** Log-odds with the other rules held equal; null under the minimum sample. */
  measured: number | null;
  mqls: number;
  pointsBefore: number;
  pointsAfter: number;
}

export interface DemoEvidence {
  mqls: number;
  opportunities: number;
  rows: DemoEvidenceRow[];
}

/** The month's evidence and suggestion, read from the app's store as the Evidence page reads it. */
export async function demoEvidence(
  store: Store,
  portalId: number,
  window: { from: number; to: number },
): Promise<DemoEvidence> {
  const [decisions, transitions] = await Promise.all([
    store.reports.decisions({ portalId, ...window, limit: REPORT_DECISION_LIMIT }),
    store.stages.list({ portalId, from: window.from }),
  ]);
  const leads = evidenceLeads(decisions, transitions, [], DEFAULT_PLAYBOOK);
  const rows = evidenceRows(leads);
  const suggestion = suggestPlaybook(leads, DEFAULT_PLAYBOOK, { keepOpportunities: 0.9, fewerMqls: 0.2 });
  const mqls = leads.filter((lead) => lead.reached.mql !== undefined);
  return {
    mqls: mqls.length,
    opportunities: mqls.filter((lead) => lead.reached.opportunity !== undefined).length,
    rows: TRUE_EFFECTS.map(({ rule, effect }) => {
      const row = rows.find((candidate) => candidate.dimension === 'rule' && candidate.group === rule);
      const suggested = suggestion.rules.find((candidate) => candidate.name === rule);
      return {
        rule,
        trueEffect: effect,
        measured: row?.adjustedOddsRatio ? Math.log(row.adjustedOddsRatio) : null,
        mqls: row?.with.reached.mql ?? 0,
        pointsBefore: suggested?.before ?? 0,
        pointsAfter: suggested?.after ?? 0,
      };
    }),
  };
}

/** The summary lines: each true effect, what the evidence measured, and the points suggested. */
export function formatDemoEvidence(
  evidence: DemoEvidence,
  line: (label: string, text: string) => string,
): string[] {
  const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}`;
  const width = Math.max(...evidence.rows.map((row) => row.rule.length));
  return [
    line(
      'Evidence',
      `${evidence.mqls} MQLs, ${evidence.opportunities} opportunities: true effect vs measured (log-odds, other rules held equal), points now → suggested`,
    ),
    ...evidence.rows.map((row) =>
      line(
        '',
        `${row.rule.padEnd(width)}  true ${signed(row.trueEffect)}  measured ${
          row.measured === null
            ? `too few (n=${row.mqls}, need ${DEFAULT_MIN_SAMPLE})`
            : `${signed(row.measured)} (n=${row.mqls})`
        }  points ${row.pointsBefore} → ${row.pointsAfter}`,
      ),
    ),
  ];
}
