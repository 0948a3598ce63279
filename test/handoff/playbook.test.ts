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
      high: { minutes: 30 },
      medium: { minutes: 240 },
      low: { businessDays: 2 },
    });
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
    for (const optional of ['matching', 'emailDomains', 'contactOwner', 'name']) delete small[optional];
    const loaded = loadPlaybook(stringify(small), 'small.yml');
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
      'responseExpectations.low: must be an object with fields minutes or an object with fields businessDays',
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
