import { playbookRules } from '../../src/evidence/playbook-rules';
import { suggestPlaybook } from '../../src/evidence/suggest-playbook';
import { DEFAULT_PLAYBOOK } from '../../src/handoff/default-playbook';
import { playbookSchema } from '../../src/handoff/playbook';
import { simulatedMqls } from '../support/simulated-evidence';
import { evidenceLead, manyLeads } from '../support/evidence-leads';

describe('the suggestion', () => {
  const leads = simulatedMqls(6000);
  const goal = { keepOpportunities: 0.8, fewerMqls: 0.2 };
  const suggestion = suggestPlaybook(leads, DEFAULT_PLAYBOOK, goal);

  it('changes only the points of named rules and the thresholds', () => {
    const rulePaths = new Set(playbookRules(DEFAULT_PLAYBOOK).map((rule) => rule.path.join('.')));
    const thresholdPaths = new Set(['thresholds.fitFloor', 'thresholds.fit', 'thresholds.intent']);
    expect(suggestion.diff.fields.length).toBeGreaterThan(0);
    for (const change of suggestion.diff.fields) {
      expect(change.kind).toBe('changed');
      expect(rulePaths.has(change.path) || thresholdPaths.has(change.path)).toBe(true);
      expect(change.after).toEqual(expect.any(Number));
    }
    // Points stay whole multiples of 5 within 0–100, and the candidate is a valid playbook.
    for (const rule of suggestion.rules)
      expect(rule.after % 5 === 0 && rule.after >= 0 && rule.after <= 100).toBe(true);
    expect(() => playbookSchema.parse(suggestion.playbook)).not.toThrow();
    expect(suggestion.diff.rules).toEqual({ added: [], removed: [], changed: [], moved: [] });
  });

  it('meets the goal in its own backtest', () => {
    const { backtest } = suggestion;
    expect(suggestion.goalMet).toBe(true);
    expect(backtest.kept.opportunities / backtest.before.opportunities).toBeGreaterThanOrEqual(0.8);
    expect((backtest.kept.mqls + backtest.added) / backtest.before.mqls).toBeLessThanOrEqual(0.8);
    // The leads that change are exactly the MQLs dropped (every simulated lead was an MQL).
    expect(backtest.changes).toHaveLength(backtest.before.mqls - backtest.kept.mqls);
    expect(backtest.changes.every((change) => change.before.mql && !change.after.mql)).toBe(true);
    const bySource = backtest.bySource.reduce((sum, row) => sum + row.kept.opportunities, 0);
    expect(bySource).toBe(backtest.kept.opportunities);
  });

  it('is deterministic', () => {
    const again = suggestPlaybook(simulatedMqls(6000), DEFAULT_PLAYBOOK, goal);
    expect(again.rules).toEqual(suggestion.rules);
    expect(again.thresholds).toEqual(suggestion.thresholds);
    expect(again.backtest.changes.map((change) => change.contactId)).toEqual(
      suggestion.backtest.changes.map((change) => change.contactId),
    );
  });

  it('says when no thresholds reach the goal, and leaves rules without evidence alone', () => {
    const unreachable = suggestPlaybook(leads, DEFAULT_PLAYBOOK, { keepOpportunities: 1, fewerMqls: 0.9 });
    expect(unreachable.goalMet).toBe(false);
    const few = [
      ...manyLeads(30, 'a', { rules: ['fit.seniority: Director or VP'], stage: 'opportunity' }),
      ...manyLeads(30, 'b', { rules: ['fit.seniority: Manager or lead'], stage: 'mql' }),
      evidenceLead({ contactId: 't', rules: ['intent.conversions: Trial'], stage: 'opportunity' }),
    ];
    const small = suggestPlaybook(few, DEFAULT_PLAYBOOK, { keepOpportunities: 0.9, fewerMqls: 0 });
    const trial = small.rules.find((rule) => rule.name === 'intent.conversions: Trial');
    expect(trial).toMatchObject({ before: 50, after: 50, weight: null, mqls: 1 });
  });
});
