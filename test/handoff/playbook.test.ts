import { stringify } from 'yaml';
import { DEFAULT_PLAYBOOK, loadPlaybook, playbookJsonSchema } from '../../src/handoff';
import { HandoffError } from '../../src/errors';

function problemsOf(text: string, fileName: string): string {
  try {
    loadPlaybook(text, fileName);
  } catch (error) {
    expect(error).toBeInstanceOf(HandoffError);
    expect((error as HandoffError).code).toBe('config_invalid');
    return (error as Error).message;
  }
  throw new Error('expected the playbook to be refused');
}

describe('DEFAULT_PLAYBOOK is CONTRACT §4', () => {
  test('pools: the HubSpot teams named SDR and Sales, no cap, no fallback', () => {
    expect(DEFAULT_PLAYBOOK.pools).toEqual([
      expect.objectContaining({ id: 'sdr', team: 'SDR', capacity: null, fallback: null }),
      expect.objectContaining({ id: 'sales', team: 'Sales', capacity: null, fallback: null }),
    ]);
    expect(DEFAULT_PLAYBOOK.routing).toEqual({
      needs_qualification: 'sdr',
      sales_ready: 'sales',
      duplicate_or_existing: null,
    });
  });

  test('response expectations: high 30 minutes, medium 4 hours, low 2 business days', () => {
    expect(DEFAULT_PLAYBOOK.responseExpectations).toEqual({
      high: { minutes: 30, clock: 'round_the_clock' },
      medium: { minutes: 240, clock: 'business_hours' },
      low: { businessDays: 2 },
    });
  });

  test('business hours: Monday to Friday, 09:00–17:00 UTC, no holidays; reminder at a quarter', () => {
    expect(DEFAULT_PLAYBOOK.businessHours).toEqual({
      timeZone: 'UTC',
      workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      start: '09:00',
      end: '17:00',
      holidays: [],
    });
    expect(DEFAULT_PLAYBOOK.ownerHours).toEqual({});
    expect(DEFAULT_PLAYBOOK.reminder).toEqual({ windowFraction: 0.25, minMinutes: 10 });
  });

  test('reasons, excluded roles, explicit intent and owner policy', () => {
    expect(DEFAULT_PLAYBOOK.disqualification.reasons.map((reason) => reason.id)).toEqual([
      'poor_fit',
      'no_clear_problem',
      'low_intent',
      'wrong_role',
      'no_response',
      'duplicate',
    ]);
    expect(DEFAULT_PLAYBOOK.fit.excludedRoles).toEqual(expect.arrayContaining(['student', 'intern']));
    const explicit = DEFAULT_PLAYBOOK.intent.conversions
      .filter((rule) => rule.explicit)
      .map((rule) => rule.label);
    expect(explicit).toEqual(['Demo request', 'Contact sales', 'Quote request', 'Pricing', 'Trial']);
    expect(DEFAULT_PLAYBOOK.contactOwner).toBe('if_empty');
    expect(DEFAULT_PLAYBOOK.priority.sales_ready).toMatchObject({
      explicitIntent: 'high',
      otherwise: 'medium',
    });
    expect(DEFAULT_PLAYBOOK.priority.nurture).toMatchObject({ otherwise: 'low' });
  });
});

describe('loadPlaybook', () => {
  test('reads the same playbook from JSON and YAML', () => {
    expect(loadPlaybook(JSON.stringify(DEFAULT_PLAYBOOK), 'playbook.json')).toEqual(DEFAULT_PLAYBOOK);
    expect(loadPlaybook(stringify(DEFAULT_PLAYBOOK), 'playbook.yaml')).toEqual(DEFAULT_PLAYBOOK);
  });

  test('fills defaults for what a small playbook leaves out', () => {
    const small: Record<string, unknown> = { ...DEFAULT_PLAYBOOK, fit: { seniority: [] }, intent: {} };
    for (const optional of [
      'matching',
      'emailDomains',
      'contactOwner',
      'name',
      'businessHours',
      'reminder',
    ]) {
      delete small[optional];
    }
    small.responseExpectations = {
      high: { minutes: 30 },
      medium: { minutes: 240 },
      low: { businessDays: 2 },
    };
    const loaded = loadPlaybook(stringify(small), 'small.yml');
    expect(loaded.responseExpectations).toEqual(DEFAULT_PLAYBOOK.responseExpectations);
    expect(loaded.businessHours).toEqual(DEFAULT_PLAYBOOK.businessHours);
    expect(loaded.reminder).toEqual(DEFAULT_PLAYBOOK.reminder);
    expect(loaded.contactOwner).toBe('if_empty');
    expect(loaded.fit.excludedRoles).toEqual([]);
    expect(loaded.matching.freeEmailNameMin).toBe(0.92);
  });

  test.each([
    [
      'contactOwner',
      { contactOwner: 'sometimes' },
      'contactOwner: must be one of "if_empty", "never", "always" (got "sometimes")',
    ],
    [
      'a threshold',
      { thresholds: { ...DEFAULT_PLAYBOOK.thresholds, fit: 300 } },
      'thresholds.fit: must be a whole number from 0 to 100 (got 300)',
    ],
    [
      'a priority',
      {
        priority: {
          ...DEFAULT_PLAYBOOK.priority,
          nurture: { explicitIntent: 'urgent', intent: 'low', otherwise: 'low' },
        },
      },
      'priority.nurture.explicitIntent: must be one of "high", "medium", "low" or null (got "urgent")',
    ],
    [
      'a response expectation',
      { responseExpectations: { ...DEFAULT_PLAYBOOK.responseExpectations, low: { days: 2 } } },
      'responseExpectations.low: must be an object with fields minutes, clock or an object with fields businessDays',
    ],
    [
      'a response clock',
      {
        responseExpectations: {
          ...DEFAULT_PLAYBOOK.responseExpectations,
          medium: { minutes: 240, clock: 'weekdays' },
        },
      },
      'responseExpectations.medium: must be an object with fields minutes, clock or',
    ],
    [
      'an unknown time zone',
      { businessHours: { timeZone: 'Europe/Londn' } },
      'businessHours.timeZone: unknown time zone; use an IANA time zone name such as Europe/London',
    ],
    [
      'a bare offset instead of a zone',
      {
        pools: [
          { id: 'sdr', team: 'SDR', businessHours: { timeZone: '+01:00' } },
          { id: 'sales', team: 'Sales' },
        ],
      },
      'pools.0.businessHours.timeZone: unknown time zone',
    ],
    [
      'a working day',
      { businessHours: { workingDays: ['monday'] } },
      'businessHours.workingDays.0: must be one of "mon", "tue", "wed", "thu", "fri", "sat", "sun" (got "monday")',
    ],
    [
      'no working days',
      { businessHours: { workingDays: [] } },
      'businessHours.workingDays: must be a list of at least 1, each one of "mon"',
    ],
    [
      'an opening time',
      { businessHours: { start: '9am' } },
      'businessHours.start: a time HH:MM on the 24-hour clock such as 09:00',
    ],
    [
      'closing before opening',
      { businessHours: { start: '18:00' } },
      'businessHours.end: closing time 17:00 must be later than opening time 18:00 (overnight hours are not supported)',
    ],
    [
      'a pool closing before the playbook opens',
      {
        pools: [
          { id: 'sdr', team: 'SDR', businessHours: { end: '08:00' } },
          { id: 'sales', team: 'Sales' },
        ],
      },
      'pools.0.businessHours.end: closing time 08:00 must be later than opening time 09:00',
    ],
    [
      'an owner opening after their pool closes',
      {
        pools: [
          { id: 'sdr', team: 'SDR', businessHours: { end: '12:00' } },
          { id: 'sales', team: 'Sales' },
        ],
        ownerHours: { '201': { start: '13:00' } },
      },
      'ownerHours.201.end: closing time 12:00 must be later than opening time 13:00',
    ],
    [
      'an owner hours key',
      { ownerHours: { kim: { timeZone: 'Asia/Seoul' } } },
      'ownerHours.kim: "kim" is not a valid key here; keys are a HubSpot owner id such as "12345678"',
    ],
    [
      'a holiday',
      { businessHours: { holidays: ['2026-12-25', '2026-02-30', '2026-12-31..2026-12-24'] } },
      'businessHours.holidays.1: a day YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD',
    ],
    [
      'a reminder fraction',
      { reminder: { windowFraction: 2 } },
      'reminder.windowFraction: must be a number from 0 to 1 (got 2)',
    ],
    [
      'an unknown field',
      { colour: 'blue' },
      'colour: unknown field; allowed fields here: name, fit, intent, thresholds',
    ],
    [
      'a domain',
      { fit: { ...DEFAULT_PLAYBOOK.fit, competitorDomains: ['https://rival.com/'] } },
      'fit.competitorDomains.0: a bare domain such as acme.com',
    ],
    [
      'a pool with neither team nor owners',
      { pools: [{ id: 'sdr' }, { id: 'sales', team: 'Sales' }] },
      'pools.0: set exactly one of "team"',
    ],
  ])('names the file, the field and what is allowed: %s', (_case, change, expected) => {
    const message = problemsOf(JSON.stringify({ ...DEFAULT_PLAYBOOK, ...change }), 'config/handoff.json');
    expect(message).toContain('Playbook config/handoff.json (HANDOFF_CONFIG) is invalid');
    expect(message).toContain(expected);
  });

  test('pools and owners may keep their own hours', () => {
    const loaded = loadPlaybook(
      stringify({
        ...DEFAULT_PLAYBOOK,
        businessHours: { timeZone: 'Europe/London', holidays: ['2026-12-25..2026-12-26'] },
        pools: [
          { id: 'sdr', team: 'SDR' },
          { id: 'sales', team: 'Sales', businessHours: { timeZone: 'America/New_York', end: '18:00' } },
        ],
        ownerHours: { '101': { timeZone: 'America/Los_Angeles' } },
      }),
      'handoff.yaml',
    );
    expect(loaded.businessHours).toMatchObject({ timeZone: 'Europe/London', start: '09:00' });
    expect(loaded.pools[1]?.businessHours).toEqual({ timeZone: 'America/New_York', end: '18:00' });
    expect(loaded.ownerHours).toEqual({ '101': { timeZone: 'America/Los_Angeles' } });
  });

  test('references to pools and reasons must exist', () => {
    const message = problemsOf(
      stringify({
        ...DEFAULT_PLAYBOOK,
        pools: [
          { id: 'sdr', team: 'SDR', fallback: 'overflow' },
          { id: 'sales', team: 'Sales' },
        ],
        disqualification: {
          ...DEFAULT_PLAYBOOK.disqualification,
          rules: { ...DEFAULT_PLAYBOOK.disqualification.rules, own_domain: 'internal' },
        },
      }),
      'handoff.yaml',
    );
    expect(message).toContain('pools.0.fallback: unknown pool "overflow"; pools are: sdr, sales');
    expect(message).toContain(
      'disqualification.rules.own_domain: unknown reason "internal"; reasons are: poor_fit',
    );
  });

  test('a file that does not parse names the file', () => {
    expect(problemsOf('thresholds: [', 'handoff.yaml')).toMatch(
      /^Playbook handoff.yaml \(HANDOFF_CONFIG\) is invalid:\n {2}- cannot be parsed: /,
    );
    expect(problemsOf('{"fit":', 'handoff.json')).toContain('cannot be parsed');
  });
});

test('playbookJsonSchema describes the file for editors', () => {
  const schema = playbookJsonSchema() as {
    $schema: string;
    properties: Record<string, unknown>;
    required: string[];
  };
  expect(schema.$schema).toMatch(/json-schema\.org/);
  expect(Object.keys(schema.properties)).toEqual(Object.keys(DEFAULT_PLAYBOOK));
  expect(schema.required).toEqual(expect.arrayContaining(['fit', 'intent', 'thresholds', 'pools']));
  expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
});
