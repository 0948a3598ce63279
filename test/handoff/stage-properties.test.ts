import type { StageEntry } from '../../src/handoff/lead-stages';
import { DEFAULT_LEAD_STATUS } from '../../src/handoff/playbook';
import { lifecycleStageFor, stageProperties } from '../../src/handoff/stage-properties';

const AT = Date.UTC(2026, 10, 2, 9, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const settings = {
  lifecycleStage: true,
  leadStatus: { enabled: true, byStage: DEFAULT_LEAD_STATUS },
  leadsObject: { enabled: false, leadType: 'NEW_BUSINESS' },
};
const PORTAL_OPTIONS = new Set(['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'CONNECTED']);
const entry = (stage: StageEntry['stage'], enteredAt = AT, round = 1): StageEntry => ({
  round,
  stage,
  enteredAt,
  cause: stage === 'opportunity' ? 'deal_association' : 'skipped',
  detail: null,
});

describe('lifecycleStageFor', () => {
  it.each([
    ['mql', '', 'marketingqualifiedlead'],
    ['mql', 'lead', 'marketingqualifiedlead'],
    ['mql', 'marketingqualifiedlead', undefined],
    ['mql', 'salesqualifiedlead', undefined],
    ['sql', 'marketingqualifiedlead', 'salesqualifiedlead'],
    ['opportunity', 'salesqualifiedlead', 'opportunity'],
    ['opportunity', 'opportunity', undefined],
    ['opportunity', 'customer', undefined],
    ['sql', 'evangelist', undefined],
    ['sql', 'other', undefined],
    ['sql', 'partner_custom_stage', undefined],
    ['sal', 'lead', undefined],
    ['recycled', 'lead', undefined],
  ] as const)('%s over %j sets %s', (stage, current, expected) => {
    expect(lifecycleStageFor(stage, current)).toBe(expected);
  });
});

describe('stageProperties', () => {
  it('stamps skipped stages, moves lifecyclestage forward and sets the portal’s lead status', () => {
    expect(
      stageProperties({
        entered: [entry('sal', AT + 5), entry('sql', AT + 5), entry('opportunity', AT + 5)],
        current: { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'NEW' },
        settings,
        leadStatusOptions: PORTAL_OPTIONS,
      }),
    ).toEqual({
      handoff_stage: 'opportunity',
      handoff_sal_at: iso(AT + 5),
      handoff_sql_at: iso(AT + 5),
      handoff_opportunity_at: iso(AT + 5),
      lifecyclestage: 'opportunity',
      hs_lead_status: 'OPEN_DEAL',
    });
  });

  it('keeps the lifecyclestage of a customer and skips a lead status the portal lacks', () => {
    expect(
      stageProperties({
        entered: [entry('recycled')],
        current: { lifecyclestage: 'customer' },
        settings,
        leadStatusOptions: PORTAL_OPTIONS,
      }),
    ).toEqual({ handoff_stage: 'recycled' });
  });

  it('writes neither HubSpot field when the playbook turns them off', () => {
    expect(
      stageProperties({
        entered: [entry('mql')],
        current: { lifecyclestage: 'lead' },
        settings: {
          ...settings,
          lifecycleStage: false,
          leadStatus: { ...settings.leadStatus, enabled: false },
        },
        leadStatusOptions: PORTAL_OPTIONS,
      }),
    ).toEqual({ handoff_stage: 'mql', handoff_mql_at: iso(AT) });
  });

  it('clears the previous round’s times when a new round starts', () => {
    expect(
      stageProperties({ entered: [entry('mql', AT, 2)], current: {}, settings, leadStatusOptions: null }),
    ).toEqual({
      handoff_stage: 'mql',
      handoff_mql_at: iso(AT),
      handoff_sal_at: '',
      handoff_sql_at: '',
      handoff_opportunity_at: '',
      lifecyclestage: 'marketingqualifiedlead',
    });
  });

  it('writes nothing when no stage was entered', () => {
    expect(
      stageProperties({ entered: [], current: {}, settings, leadStatusOptions: PORTAL_OPTIONS }),
    ).toEqual({});
  });
});
