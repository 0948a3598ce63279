import { evidenceRows, scoreBand } from '../../src/evidence/evidence-tables';
import { manyLeads } from '../support/evidence-leads';

const DIRECTOR = 'fit.seniority: Director or VP';
const TRIAL = 'intent.conversions: Trial';

/**
 * 40 MQLs from directors, 12 of them opportunities (30%, 8 to 12 days); 60 other MQLs, 6
 * opportunities (10%); 5 trial MQLs among the others; 10 leads never handed to sales.
 */
function table() {
  return [
    ...manyLeads(12, 'd-opp-', { rules: [DIRECTOR], stage: 'opportunity', daysToOpportunity: 8, rating: 5 }),
    ...manyLeads(1, 'd-opp-late-', { rules: [DIRECTOR], stage: 'opportunity', daysToOpportunity: 12 }),
    ...manyLeads(27, 'd-mql-', { rules: [DIRECTOR], stage: 'sal', rating: 3 }),
    ...manyLeads(6, 'o-opp-', { stage: 'opportunity', daysToOpportunity: 20, source: 'PAID_SOCIAL' }),
    ...manyLeads(5, 'o-trial-', { rules: [TRIAL], stage: 'sql' }),
    ...manyLeads(49, 'o-mql-', { stage: 'mql' }),
    ...manyLeads(10, 'n-', { stage: 'none' }),
  ];
}

describe('evidence tables', () => {
  const rows = evidenceRows(table(), { minSample: 20, points: new Map([[DIRECTOR, 35]]) });
  const row = (dimension: string, group: string) =>
    rows.find((candidate) => candidate.dimension === dimension && candidate.group === group);

  it('compares the leads with a rule against those without it, with counts through the funnel', () => {
    const director = row('rule', DIRECTOR);
    expect(director).toMatchObject({
      points: 35,
      enough: true,
      with: { leads: 40, reached: { mql: 40, sal: 40, sql: 13, opportunity: 13 }, rated: 39 },
      without: { leads: 70, reached: { mql: 60, opportunity: 6 }, rated: 0 },
    });
    expect(director?.with.opportunityRate?.rate).toBeCloseTo(13 / 40, 10);
    expect(director?.without.opportunityRate?.rate).toBeCloseTo(6 / 60, 10);
    // (13/40) / (6/60) = 3.25 over MQLs; leads never handed to sales do not dilute it.
    expect(director?.lift?.ratio).toBeCloseTo(3.25, 10);
    expect(director?.lift?.interval.low).toBeGreaterThan(1);
    expect(director?.with.medianDaysToOpportunity).toBe(8);
    expect(director?.with.averageRating).toBeCloseTo((12 * 5 + 27 * 3) / 39, 10);
  });

  it('gives no rate or lift for a rule under the minimum sample, but keeps its counts', () => {
    const trial = row('rule', TRIAL);
    expect(trial).toMatchObject({ enough: false, lift: null, with: { leads: 5, opportunityRate: null } });
    expect(trial?.with.reached.sql).toBe(5);
  });

  it('cuts the same way by source, priority and score band', () => {
    expect(row('source', 'PAID_SOCIAL')).toMatchObject({ enough: false, with: { leads: 6 } });
    expect(row('source', 'ORGANIC_SEARCH')?.with.leads).toBe(104);
    expect(row('priority', 'medium')?.with.leads).toBe(110);
    expect(row('fit_band', '20–39')?.with.leads).toBe(40);
    expect(scoreBand(100)).toBe('80–100');
    expect(scoreBand(79)).toBe('60–79');
  });
});
