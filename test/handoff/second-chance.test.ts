import { stringify } from 'yaml';
import { DEFAULT_PLAYBOOK, loadPlaybook } from '../../src/handoff';
import {
  newSignals,
  planSecondChance,
  secondChanceEligibility,
  secondChanceReason,
} from '../../src/handoff/second-chance';

const POLICY = DEFAULT_PLAYBOOK.secondChance;

describe('which leads get a second chance (CONTRACT §7)', () => {
  test.each([
    [
      { status: 'nurture', stage: null },
      { eligible: true, kind: 'parked' },
    ],
    [
      { status: 'sales_ready', stage: 'recycled' },
      { eligible: true, kind: 'parked' },
    ],
    [
      { status: 'needs_qualification', stage: 'mql' },
      { eligible: true, kind: 'qualifying' },
    ],
    [
      { status: 'needs_qualification', stage: 'sal' },
      { eligible: false, why: 'already accepted (stage sal)' },
    ],
    [
      { status: 'sales_ready', stage: 'sql' },
      { eligible: false, why: 'already accepted (stage sql)' },
    ],
    [
      { status: 'nurture', stage: 'opportunity' },
      { eligible: false, why: 'already accepted (stage opportunity)' },
    ],
    [
      { status: 'needs_qualification', stage: 'mql', outcome: 'accepted' },
      { eligible: false, why: 'already taken on (outcome accepted)' },
    ],
    [
      { status: 'sales_ready', stage: 'mql' },
      { eligible: false, why: 'status sales_ready, stage mql' },
    ],
    [
      { status: 'disqualified', stage: 'disqualified' },
      { eligible: false, why: 'status disqualified, stage disqualified' },
    ],
  ] as const)('%j → %j', (lead, expected) => {
    expect(secondChanceEligibility(lead)).toEqual(expected);
  });
});

describe('what counts as new evidence', () => {
  const before = {
    conversions: ['Ebook download'],
    conversionCount: '1',
    hubspotscore: '30',
  };
  test('role, company and size filled in where they were empty, in words a rep reads', () => {
    const signals = newSignals(
      before,
      { jobtitle: 'VP Marketing', company: 'Northwind', numemployees: '250', num_conversion_events: '1' },
      POLICY,
    );
    expect(secondChanceReason(signals)).toBe(
      'Second chance: job title filled in (VP Marketing), company filled in (Northwind), company size filled in (250)',
    );
  });
  test('a changed role is not a filled-in role', () => {
    expect(newSignals({ ...before, jobtitle: 'Manager' }, { jobtitle: 'Director' }, POLICY)).toEqual([]);
  });
  test('a conversion counts when the count rose, or (older records) when its name is unseen', () => {
    expect(
      newSignals(
        before,
        { num_conversion_events: '2', recent_conversion_event_name: 'Ebook download' },
        POLICY,
      ),
    ).toEqual([{ kind: 'conversion', words: 'new conversion (Ebook download)' }]);
    expect(newSignals(before, { num_conversion_events: '1' }, POLICY)).toEqual([]);
    expect(
      newSignals({ conversions: ['Ebook download'] }, { recent_conversion_event_name: 'Webinar' }, POLICY),
    ).toEqual([{ kind: 'conversion', words: 'new conversion (Webinar)' }]);
    expect(
      newSignals(
        { conversions: ['Ebook download'] },
        { recent_conversion_event_name: 'Ebook download' },
        POLICY,
      ),
    ).toEqual([]);
  });
  test('the HubSpot score counts only when it crosses the threshold', () => {
    const score = (was: string | undefined, now: string) =>
      newSignals({ conversions: [], hubspotscore: was }, { hubspotscore: now }, POLICY).map((s) => s.words);
    expect(score('30', '50')).toEqual(['HubSpot score rose to 50 (threshold 50)']);
    expect(score(undefined, '80')).toEqual(['HubSpot score rose to 80 (threshold 50)']);
    expect(score('30', '49')).toEqual([]);
    expect(score('60', '90')).toEqual([]);
  });
});

describe('what a re-decision does', () => {
  const owner = { ownerId: '101', name: 'Sam Ortiz', source: 'pool' as const };
  test.each([
    ['parked', 'low', { status: 'sales_ready', priority: 'medium', owner }, { action: 'new_round' }],
    ['parked', 'low', { status: 'needs_qualification', priority: 'high', owner }, { action: 'new_round' }],
    [
      'parked',
      'low',
      { status: 'nurture', priority: 'low', owner: null },
      { action: 'recheck_only', why: 'still nurture' },
    ],
    // A second chance never closes a door: a parked lead that now looks disqualified stays parked.
    [
      'parked',
      'low',
      { status: 'disqualified', priority: null, owner: null },
      { action: 'recheck_only', why: 'still disqualified' },
    ],
    ['qualifying', 'medium', { status: 'sales_ready', priority: 'high', owner }, { action: 'new_round' }],
    [
      'qualifying',
      'low',
      { status: 'needs_qualification', priority: 'high', owner },
      { action: 'raise_priority', priority: 'high' },
    ],
    [
      'qualifying',
      'high',
      { status: 'needs_qualification', priority: 'medium', owner },
      { action: 'recheck_only', why: 'still needs_qualification, priority high' },
    ],
  ] as const)('%s lead at %s, re-decided %j → %j', (kind, priority, next, expected) => {
    expect(planSecondChance(kind, { priority }, next)).toEqual(expected);
  });
});

test('the playbook validates the second-chance settings and names the field', () => {
  const load = (secondChance: unknown) => () =>
    loadPlaybook(stringify({ ...DEFAULT_PLAYBOOK, secondChance }), 'handoff.yaml');
  expect(DEFAULT_PLAYBOOK.secondChance).toEqual({
    enabled: true,
    debounceSeconds: 60,
    hubspotScoreThreshold: 50,
  });
  expect(load({ debounceSeconds: 0 })).toThrow(/secondChance\.debounceSeconds/);
  expect(load({ hubspotScoreThreshold: 150 })).toThrow(/secondChance\.hubspotScoreThreshold/);
  expect(load({ enabled: false }).call(null).secondChance).toEqual({
    enabled: false,
    debounceSeconds: 60,
    hubspotScoreThreshold: 50,
  });
});
