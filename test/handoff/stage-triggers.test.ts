import { decisionStageEvent, outcomeStageEvent, stagesToRecord } from '../../src/handoff/stage-triggers';

const AT = Date.UTC(2026, 10, 2, 9, 0, 0);
const MIN = 60_000;
const decision = (overrides: Partial<Parameters<typeof decisionStageEvent>[0]> = {}) => ({
  round: 1,
  status: 'sales_ready',
  ownerId: '7001',
  decidedAt: AT,
  ...overrides,
});

describe('decisionStageEvent', () => {
  it.each([
    ['sales_ready', '7001', 'handed_to_sales'],
    ['needs_qualification', '7001', 'handed_to_sales'],
    ['duplicate_or_existing', '7001', 'handed_to_sales'],
    ['duplicate_or_existing', null, null],
    ['disqualified', null, 'disqualified'],
    ['nurture', null, null],
  ])('status %s with owner %s starts the round with %s', (status, ownerId, trigger) => {
    expect(decisionStageEvent(decision({ status, ownerId }))?.trigger ?? null).toBe(trigger);
  });
});

describe('outcomeStageEvent', () => {
  it.each([
    ['accepted', 'card', 'accepted', 'card_action'],
    ['qualification_in_progress', 'hubspot_property', 'accepted', 'hubspot_edit'],
    ['qualified_opportunity', 'card', 'qualified', 'card_action'],
    ['qualified_opportunity', 'deal_association', 'deal_associated', 'deal_association'],
    ['nurture_ready', 'card', 'sent_back', 'card_action'],
    ['recycled', 'hubspot_property', 'sent_back', 'hubspot_edit'],
    ['no_response', 'hubspot_property', 'sent_back', 'no_response'],
    ['disqualified', 'card', 'disqualified', 'card_action'],
    ['duplicate', 'card', 'disqualified', 'card_action'],
  ] as const)('%s from %s is %s (%s)', (outcome, source, trigger, cause) => {
    expect(outcomeStageEvent({ outcome, source, at: AT })).toMatchObject({ trigger, cause, at: AT });
  });
});

describe('stagesToRecord', () => {
  it('records the decision first when its round has nothing yet, then the event', () => {
    expect(
      stagesToRecord([], decision(), [
        outcomeStageEvent({ outcome: 'accepted', source: 'card', at: AT + MIN }),
      ]),
    ).toEqual([
      { round: 1, stage: 'mql', enteredAt: AT, cause: 'decision', detail: 'sales_ready' },
      { round: 1, stage: 'sal', enteredAt: AT + MIN, cause: 'card_action', detail: 'accepted' },
    ]);
  });

  it('records nothing for a repeated action', () => {
    const recorded = [
      { round: 1, stage: 'mql' as const, enteredAt: AT },
      { round: 1, stage: 'sal' as const, enteredAt: AT + MIN },
    ];
    const again = outcomeStageEvent({ outcome: 'accepted', source: 'card', at: AT + 2 * MIN });
    expect(stagesToRecord(recorded, decision(), [again, again])).toEqual([]);
  });

  it('applies events in the order they happened, whatever order they arrived in', () => {
    const entries = stagesToRecord([{ round: 1, stage: 'mql', enteredAt: AT }], decision(), [
      outcomeStageEvent({ outcome: 'qualified_opportunity', source: 'card', at: AT + 9 * MIN }),
      outcomeStageEvent({ outcome: 'accepted', source: 'card', at: AT + 3 * MIN }),
    ]);
    expect(entries.map((entry) => [entry.stage, entry.enteredAt, entry.cause])).toEqual([
      ['sal', AT + 3 * MIN, 'card_action'],
      ['sql', AT + 9 * MIN, 'card_action'],
    ]);
  });

  it('leaves a nurture decision without a stage: accepting it moves nothing', () => {
    const accept = outcomeStageEvent({ outcome: 'accepted', source: 'card', at: AT });
    expect(stagesToRecord([], decision({ status: 'nurture', ownerId: null }), [accept])).toEqual([]);
  });
});
