import fc from 'fast-check';
import {
  advanceStage,
  applyStageEvents,
  FUNNEL_STAGES,
  LEAD_STAGES,
  NO_STAGE,
  rank,
  stageStateOf,
  type LeadStage,
  type StageEvent,
  type StageState,
  type StageTrigger,
} from '../../src/handoff/lead-stages';

const AT = Date.UTC(2026, 10, 2, 9, 0, 0);
const HOUR = 3_600_000;
const at = (stage: LeadStage | null, enteredAt = AT): StageState => ({ round: 1, stage, enteredAt });
const event = (trigger: StageTrigger, overrides: Partial<StageEvent> = {}): StageEvent => ({
  trigger,
  at: AT + HOUR,
  cause: 'card_action',
  ...overrides,
});
const stages = (state: StageState, e: StageEvent) => advanceStage(state, e).map((entry) => entry.stage);

describe('advanceStage (CONTRACT §5 table)', () => {
  // [from, trigger, stages entered]
  const table: Array<[LeadStage | null, StageTrigger, LeadStage[]]> = [
    ['mql', 'accepted', ['sal']],
    ['mql', 'qualified', ['sal', 'sql']],
    ['mql', 'deal_associated', ['sal', 'sql', 'opportunity']],
    ['mql', 'sent_back', ['recycled']],
    ['mql', 'disqualified', ['disqualified']],
    ['mql', 'handed_to_sales', []],
    ['sal', 'accepted', []],
    ['sal', 'qualified', ['sql']],
    ['sal', 'deal_associated', ['sql', 'opportunity']],
    ['sal', 'sent_back', ['recycled']],
    ['sal', 'disqualified', ['disqualified']],
    ['sql', 'accepted', []],
    ['sql', 'qualified', []],
    ['sql', 'deal_associated', ['opportunity']],
    ['sql', 'sent_back', ['recycled']],
    ['sql', 'disqualified', ['disqualified']],
    ['opportunity', 'deal_associated', []],
    ['opportunity', 'sent_back', []],
    ['opportunity', 'disqualified', []],
    ['recycled', 'accepted', []],
    ['recycled', 'deal_associated', []],
    ['disqualified', 'qualified', []],
    ['disqualified', 'accepted', []],
    [null, 'accepted', []],
    [null, 'deal_associated', []],
  ];
  it.each(table)('from %s, %s enters %j', (from, trigger, expected) => {
    expect(stages(at(from), event(trigger))).toEqual(expected);
  });

  it('starts round 1 at mql with the decision, and a disqualified decision at disqualified', () => {
    expect(advanceStage(NO_STAGE, event('handed_to_sales', { round: 1, cause: 'decision', at: AT }))).toEqual(
      [{ round: 1, stage: 'mql', enteredAt: AT, cause: 'decision', detail: null }],
    );
    expect(stages(NO_STAGE, event('disqualified', { round: 1, cause: 'decision' }))).toEqual([
      'disqualified',
    ]);
    expect(stages(NO_STAGE, event('accepted'))).toEqual([]);
  });

  it('stamps skipped stages with the time of the stage that skipped them', () => {
    const entries = advanceStage(
      at('mql'),
      event('deal_associated', { cause: 'deal_association', detail: 'deal 42' }),
    );
    expect(entries).toEqual([
      {
        round: 1,
        stage: 'sal',
        enteredAt: AT + HOUR,
        cause: 'skipped',
        detail: 'reached through deal_association',
      },
      {
        round: 1,
        stage: 'sql',
        enteredAt: AT + HOUR,
        cause: 'skipped',
        detail: 'reached through deal_association',
      },
      { round: 1, stage: 'opportunity', enteredAt: AT + HOUR, cause: 'deal_association', detail: 'deal 42' },
    ]);
  });

  it('takes no deal associated before the round began as its opportunity', () => {
    const handed: StageState = { round: 1, stage: 'mql', enteredAt: AT, startedAt: AT };
    expect(stages(handed, event('deal_associated', { at: AT - 1 }))).toEqual([]);
    expect(stages(handed, event('deal_associated', { at: AT }))).toEqual(['sal', 'sql', 'opportunity']);
  });

  it('counts an activity logged before the handover from the handover', () => {
    expect(advanceStage(at('mql'), event('accepted', { at: AT - HOUR, cause: 'sales_activity' }))).toEqual([
      { round: 1, stage: 'sal', enteredAt: AT, cause: 'sales_activity', detail: null },
    ]);
  });

  it('opens a new round on re-handoff, even after a terminal stage, and ignores older rounds', () => {
    const recycled: StageState = { round: 1, stage: 'recycled', enteredAt: AT };
    expect(
      advanceStage(recycled, event('handed_to_sales', { round: 2, at: AT + 24 * HOUR, cause: 'decision' })),
    ).toEqual([{ round: 2, stage: 'mql', enteredAt: AT + 24 * HOUR, cause: 'decision', detail: null }]);
    expect(stages({ round: 2, stage: 'mql', enteredAt: AT }, event('handed_to_sales', { round: 1 }))).toEqual(
      [],
    );
    expect(stages({ round: 2, stage: 'mql', enteredAt: AT }, event('handed_to_sales', { round: 2 }))).toEqual(
      [],
    );
  });
});

describe('stageStateOf', () => {
  it('reads the latest round and its furthest stage from rows in any order', () => {
    expect(
      stageStateOf([
        { round: 2, stage: 'sal', enteredAt: AT + 5 },
        { round: 1, stage: 'opportunity', enteredAt: AT },
        { round: 2, stage: 'mql', enteredAt: AT + 1 },
      ]),
    ).toEqual({ round: 2, stage: 'sal', enteredAt: AT + 5, startedAt: AT + 1 });
    expect(stageStateOf([])).toEqual(NO_STAGE);
  });
});

describe('the stage machine (properties)', () => {
  const triggers: StageTrigger[] = [
    'handed_to_sales',
    'accepted',
    'qualified',
    'deal_associated',
    'sent_back',
    'disqualified',
  ];
  const events = fc.array(
    fc.record({
      trigger: fc.constantFrom(...triggers),
      at: fc.integer({ min: AT - 10 * HOUR, max: AT + 1_000 * HOUR }),
      newRound: fc.boolean(),
    }),
    { maxLength: 30 },
  );
  const run = (raw: Array<{ trigger: StageTrigger; at: number; newRound: boolean }>) => {
    let round = 0;
    const stream: StageEvent[] = raw.map(({ trigger, at: time, newRound }) => {
      const decided = trigger === 'handed_to_sales' || (trigger === 'disqualified' && newRound);
      if (decided && (newRound || round === 0)) round += 1;
      return { trigger, at: time, cause: 'card_action', ...(decided ? { round } : {}) };
    });
    return applyStageEvents(NO_STAGE, stream).entered;
  };

  it('never moves a stage backward and never stamps a time before an earlier stage of its round', () => {
    fc.assert(
      fc.property(events, (raw) => {
        const entered = run(raw);
        for (let i = 1; i < entered.length; i += 1) {
          const [before, after] = [entered[i - 1]!, entered[i]!];
          if (after.round !== before.round) {
            expect(after.round).toBeGreaterThan(before.round);
            expect(after.stage === 'mql' || after.stage === 'disqualified').toBe(true);
            continue;
          }
          expect(rank(after.stage)).toBeGreaterThan(rank(before.stage));
          expect(after.enteredAt).toBeGreaterThanOrEqual(before.enteredAt);
        }
      }),
    );
  });

  it('records each stage at most once a round, and every funnel stage below the furthest one', () => {
    fc.assert(
      fc.property(events, (raw) => {
        const byRound = new Map<number, LeadStage[]>();
        for (const entry of run(raw))
          byRound.set(entry.round, [...(byRound.get(entry.round) ?? []), entry.stage]);
        for (const reached of byRound.values()) {
          expect(new Set(reached).size).toBe(reached.length);
          const furthest = Math.max(...reached.filter((s) => rank(s) < FUNNEL_STAGES.length).map(rank));
          if (furthest >= 0)
            expect(reached.slice(0, furthest + 1)).toEqual(FUNNEL_STAGES.slice(0, furthest + 1));
        }
      }),
    );
  });

  it('names every stage of the contract', () => {
    expect(LEAD_STAGES).toEqual(['mql', 'sal', 'sql', 'opportunity', 'recycled', 'disqualified']);
  });
});
