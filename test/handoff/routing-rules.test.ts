import fc from 'fast-check';
import { DEFAULT_PLAYBOOK, loadPlaybook, type Playbook, playbookSchema } from '../../src/handoff';
import { RouteLeadInput, routeLead } from '../../src/handoff/route-lead';
import { conditionHolds, describeRule, RuleCondition, RuleFacts } from '../../src/handoff/routing-rules';
import { countryCode, stateCode } from '../../src/handoff/territories';
import { contact, NOW, owner, OWNERS } from './fixtures';

const LISTS = {
  accountLists: { strategic: ['acme.com', 'globex.co.uk'] },
  territories: { EMEA: ['United Kingdom', 'DE', 'FRA', 'Nordics'], Nordics: ['SE', 'Norway', 'DK', 'FI'] },
};

const facts = (contactProps: Record<string, string>, companyProps?: Record<string, string>): RuleFacts => ({
  status: 'sales_ready',
  priority: 'high',
  contact: contactProps,
  company: companyProps,
});

describe('each operator', () => {
  const cases: Array<[string, RuleCondition, Record<string, string>, boolean]> = [
    [
      'equals: case and spacing folded',
      { property: 'industry', equals: 'computer software' },
      { industry: ' Computer  Software ' },
      true,
    ],
    ['equals: another value', { property: 'industry', equals: 'software' }, { industry: 'Hardware' }, false],
    [
      'equals: a number is compared as a number',
      { property: 'numemployees', equals: 250 },
      { numemployees: '250.0' },
      true,
    ],
    [
      'equals: a boolean as HubSpot writes it',
      { property: 'is_partner', equals: true },
      { is_partner: 'TRUE' },
      true,
    ],
    [
      'in: one of the list',
      { property: 'product_interest', in: ['Payments', 'Billing'] },
      { product_interest: 'billing' },
      true,
    ],
    [
      'in: none of the list',
      { property: 'product_interest', in: ['Payments'] },
      { product_interest: 'Billing' },
      false,
    ],
    [
      'contains: substring, any case',
      { property: 'jobtitle', contains: 'revenue' },
      { jobtitle: 'VP Revenue Ops' },
      true,
    ],
    [
      'contains: absent',
      { property: 'jobtitle', contains: 'finance' },
      { jobtitle: 'VP Revenue Ops' },
      false,
    ],
    [
      'range: inside, inclusive',
      { property: 'numemployees', range: { min: 1000 } },
      { numemployees: '1,000' },
      true,
    ],
    [
      'range: below the minimum',
      { property: 'numemployees', range: { min: 1000 } },
      { numemployees: '999' },
      false,
    ],
    [
      'range: between both bounds',
      { property: 'numemployees', range: { min: 50, max: 999 } },
      { numemployees: '999' },
      true,
    ],
    [
      'range: not a number',
      { property: 'numemployees', range: { max: 10 } },
      { numemployees: 'a few' },
      false,
    ],
    ['known: has a value', { property: 'phone', known: true }, { phone: '+44 20 7946 0000' }, true],
    ['known: blank is unknown', { property: 'phone', known: true }, { phone: '  ' }, false],
    ['known false: empty', { property: 'phone', known: false }, {}, true],
    [
      'inAccountList: work email, subdomain folded',
      { property: 'email', inAccountList: 'strategic' },
      { email: 'jo@eu.acme.com' },
      true,
    ],
    [
      'inAccountList: website of a listed account',
      { property: 'website', inAccountList: 'strategic' },
      { website: 'https://www.globex.co.uk/about' },
      true,
    ],
    [
      'inAccountList: another domain',
      { property: 'email', inAccountList: 'strategic' },
      { email: 'jo@initech.com' },
      false,
    ],
    [
      'inCountries: a territory',
      { property: 'country', inCountries: ['EMEA'] },
      { country: 'Germany' },
      true,
    ],
    [
      'inCountries: a territory inside a territory',
      { property: 'country', inCountries: ['EMEA'] },
      { country: 'norway' },
      true,
    ],
    [
      'inCountries: outside',
      { property: 'country', inCountries: ['EMEA'] },
      { country: 'United States' },
      false,
    ],
    [
      'inCountries: not a country',
      { property: 'country', inCountries: ['EMEA'] },
      { country: 'Europe-ish' },
      false,
    ],
    [
      'inStates: a state by name',
      { property: 'state', inStates: ['TX', 'CA'] },
      { state: 'California' },
      true,
    ],
    ['inStates: a census region', { property: 'state', inStates: ['US West'] }, { state: 'wa' }, true],
    [
      'inStates: outside the region',
      { property: 'state', inStates: ['us-west'] },
      { state: 'New York' },
      false,
    ],
    ['an empty property never matches an operator', { property: 'industry', equals: 'x' }, {}, false],
  ];
  test.each(cases)('%s', (_name, condition, props, expected) => {
    expect(conditionHolds(condition, facts(props), LISTS)).toBe(expected);
  });

  test("company.<name> reads the lead's company, not the contact", () => {
    const size = { property: 'company.numberofemployees', range: { min: 1000 } };
    expect(conditionHolds(size, facts({ numemployees: '5000' }, { numberofemployees: '20' }), LISTS)).toBe(
      false,
    );
    expect(conditionHolds(size, facts({}, { numberofemployees: '5000' }), LISTS)).toBe(true);
    expect(conditionHolds(size, facts({ numemployees: '5000' }), LISTS)).toBe(false);
  });
});

describe('all and any nest', () => {
  const emeaEnterprise: RuleCondition = {
    all: [
      { property: 'country', inCountries: ['EMEA'] },
      {
        any: [
          { property: 'numemployees', range: { min: 1000 } },
          { property: 'email', inAccountList: 'strategic' },
        ],
      },
    ],
  };
  test.each([
    [{ country: 'UK', numemployees: '5000' }, true],
    [{ country: 'UK', numemployees: '50', email: 'a@acme.com' }, true],
    [{ country: 'UK', numemployees: '50', email: 'a@initech.com' }, false],
    [{ country: 'US', numemployees: '5000' }, false],
  ])('%j → %s', (props, expected) => {
    expect(conditionHolds(emeaEnterprise, facts(props), LISTS)).toBe(expected);
  });
});

describe('territory normalisation', () => {
  test.each([
    ['UK', 'GB'],
    ['GB', 'GB'],
    ['gbr', 'GB'],
    ['United Kingdom', 'GB'],
    ['  united   kingdom ', 'GB'],
    ['Great Britain', 'GB'],
    ['USA', 'US'],
    ['United States', 'US'],
    ['U.S.A.', 'US'],
    ['de', 'DE'],
    ['Germany', 'DE'],
    ['276', 'DE'],
    ['Czechia', 'CZ'],
    ['Atlantis', undefined],
    ['', undefined],
  ])('country %j → %s', (text, code) => {
    expect(countryCode(text)).toBe(code);
  });

  test.each([
    ['tx', 'TX'],
    ['Texas', 'TX'],
    [' new  york ', 'NY'],
    ['District of Columbia', 'DC'],
    ['Narnia', undefined],
  ])('state %j → %s', (text, code) => {
    expect(stateCode(text)).toBe(code);
  });
});

/** The built-in playbook with territory pools and rules, as a RevOps team would add them. */
function withRules(rules: unknown[], extra: Record<string, unknown> = {}): Playbook {
  return playbookSchema.parse({
    ...DEFAULT_PLAYBOOK,
    pools: [
      ...DEFAULT_PLAYBOOK.pools,
      { id: 'emea', team: 'EMEA AEs' },
      { id: 'strategic', owners: ['102'] },
    ],
    accountLists: LISTS.accountLists,
    territories: LISTS.territories,
    routingRules: rules,
    ...extra,
  });
}

const EMEA_OWNERS = [
  ...OWNERS,
  owner('401', 'Eva Novak', ['EMEA AEs']),
  owner('402', 'Tom Berg', ['EMEA AEs']),
];

function route(overrides: Partial<RouteLeadInput>, playbook: Playbook) {
  return routeLead(
    {
      status: 'sales_ready',
      priority: 'high',
      contact: contact('1', { email: 'jo@initech.com', country: 'UK' }),
      company: undefined,
      duplicates: [],
      owners: EMEA_OWNERS,
      openLeadsByOwner: {},
      routingState: {},
      now: NOW,
      ...overrides,
    },
    playbook,
  );
}

describe('first match wins; no match keeps the default', () => {
  const playbook = withRules([
    { name: 'Strategic accounts', when: { property: 'email', inAccountList: 'strategic' }, owner: '103' },
    {
      name: 'EMEA',
      status: ['sales_ready'],
      when: { property: 'country', inCountries: ['EMEA'] },
      pool: 'emea',
    },
    { name: 'Everyone high', priority: ['high'], pool: 'strategic' },
  ]);

  test('the first matching rule chooses, even when later ones match too', () => {
    const result = route({ contact: contact('1', { email: 'jo@acme.com', country: 'UK' }) }, playbook);
    expect(result).toMatchObject({
      ownerId: '103',
      source: 'named_owner',
      rule: { index: 0, name: 'Strategic accounts' },
    });
  });

  test('a rule for another status is passed over', () => {
    const result = route({ status: 'needs_qualification' }, playbook);
    expect(result).toMatchObject({ ownerId: '102', poolId: 'strategic', rule: { index: 2 } });
  });

  test('a territory rule sends the lead to its pool', () => {
    const result = route({}, playbook);
    expect(result).toMatchObject({
      poolId: 'emea',
      rule: { name: 'EMEA', conditions: 'status sales_ready, country in EMEA' },
    });
    expect(['401', '402']).toContain(result.ownerId);
  });

  test('no rule matches: the status default of CONTRACT §4 applies', () => {
    const result = route({ status: 'needs_qualification', priority: 'low' }, playbook);
    expect(result).toMatchObject({ poolId: 'sdr', source: 'pool' });
    expect(result.rule).toBeUndefined();
  });

  test('nurture and disqualified leads get no owner, whatever the rules say', () => {
    for (const status of ['nurture', 'disqualified'] as const) {
      expect(route({ status }, playbook)).toMatchObject({ ownerId: undefined, source: 'none' });
    }
  });

  test("a rule's archived owner leaves the lead to the status default", () => {
    const archived = withRules([{ name: 'Old rep', owner: '301' }]);
    const result = route({}, archived);
    expect(result).toMatchObject({ source: 'pool', poolId: 'sales' });
    expect(result.steps.map((step) => step.outcome)).toContain('skipped');
  });

  test('an existing account keeps its owner before any rule (CONTRACT §4 rule 1)', () => {
    const result = route(
      {
        status: 'duplicate_or_existing',
        duplicates: [{ contactId: '7', email: 'jo@initech.com', ownerId: '101', evidence: 'same email' }],
      },
      playbook,
    );
    expect(result).toMatchObject({ ownerId: '101', source: 'duplicate_owner' });
  });
});

describe('validation names the rule and the field', () => {
  const problems = (rules: unknown[], extra: Record<string, unknown> = {}) => {
    try {
      loadPlaybook(
        JSON.stringify({
          ...DEFAULT_PLAYBOOK,
          pools: [...DEFAULT_PLAYBOOK.pools],
          routingRules: rules,
          ...extra,
        }),
        'p.json',
      );
    } catch (error) {
      return (error as { details: { problems: string[] } }).details.problems.join('\n');
    }
    return '';
  };

  test.each([
    [
      [{ name: 'EMEA', pool: 'emea' }],
      /routingRules\.0\.pool: rule 'EMEA': unknown pool "emea"; pools are: sdr, sales/,
    ],
    [
      [{ name: 'X', pool: 'sales', when: { property: 'country', startsWith: 'U' } }],
      /rule 'X': routingRules\.0\.when\.startsWith: unknown field; allowed fields here: .*equals.*inCountries/,
    ],
    [
      [{ name: 'X', pool: 'sales', when: { property: 'Country!', equals: 'UK' } }],
      /rule 'X': routingRules\.0\.when\.property: a HubSpot property name/,
    ],
    [
      [{ name: 'X', pool: 'sales', when: { property: 'deal.amount', equals: 1 } }],
      /rule 'X': routingRules\.0\.when\.property/,
    ],
    [
      [{ name: 'X', pool: 'sales', when: { property: 'country', equals: 'UK', in: ['US'] } }],
      /rule 'X': use exactly one operator .*got equals, in/,
    ],
    [
      [{ name: 'X', pool: 'sales', when: { all: [{ equals: 'UK' }] } }],
      /routingRules\.0\.when\.all\.0: rule 'X': a condition needs "property"/,
    ],
    [[{ name: 'X', pool: 'sales', owner: '101' }], /rule 'X': set exactly one of "pool"/],
    [
      [{ name: 'X', pool: 'sales', when: { property: 'country', inCountries: ['Atlantis'] } }],
      /inCountries\.0: rule 'X': "Atlantis" is neither a country/,
    ],
    [
      [{ name: 'X', pool: 'sales', when: { property: 'state', inStates: ['Narnia'] } }],
      /inStates\.0: rule 'X': "Narnia" is not a US state/,
    ],
    [
      [{ name: 'X', pool: 'sales', when: { property: 'email', inAccountList: 'vip' } }],
      /rule 'X': unknown account list "vip"/,
    ],
    [
      [{ name: 'X', pool: 'sales', status: ['nurture'] }],
      /rule 'X': routingRules\.0\.status\.0: must be one of "sales_ready", "needs_qualification", "duplicate_or_existing"/,
    ],
  ])('%j', (rules, message) => {
    expect(problems(rules)).toMatch(message);
  });

  test('a territory naming no country is refused', () => {
    expect(problems([], { territories: { EMEA: ['Europa'] } })).toMatch(
      /territories\.EMEA\.0: territory 'EMEA': "Europa" is neither/,
    );
  });
});

describe('routing is a pure function of its inputs and the round-robin state', () => {
  const playbook = withRules([
    { name: 'EMEA', when: { property: 'country', inCountries: ['EMEA'] }, pool: 'emea' },
    { name: 'Big', when: { property: 'numemployees', range: { min: 1000 } }, pool: 'strategic' },
  ]);
  const leadArb = fc.record({
    id: fc.integer({ min: 1, max: 10_000 }).map(String),
    country: fc.constantFrom('UK', 'Germany', 'US', 'Norway', ''),
    numemployees: fc.constantFrom('5', '5000', ''),
    status: fc.constantFrom('sales_ready', 'needs_qualification', 'nurture') as fc.Arbitrary<
      RouteLeadInput['status']
    >,
  });

  test('the same leads with the same starting state route the same way, and the state carries the turn', () => {
    fc.assert(
      fc.property(fc.array(leadArb, { maxLength: 12 }), (leads) => {
        const run = () => {
          let routingState: RouteLeadInput['routingState'] = {};
          return leads.map((lead) => {
            const result = route(
              {
                status: lead.status,
                contact: contact(lead.id, { country: lead.country, numemployees: lead.numemployees }),
                routingState,
              },
              playbook,
            );
            routingState = result.routingState;
            return [result.ownerId, result.poolId, result.rule?.name];
          });
        };
        expect(run()).toEqual(run());
      }),
    );
  });

  test('the rule and pool do not depend on the round-robin state; only the turn within the pool does', () => {
    fc.assert(
      fc.property(leadArb, fc.array(leadArb, { maxLength: 6 }), (lead, earlier) => {
        let routingState: RouteLeadInput['routingState'] = {};
        for (const other of earlier) {
          routingState = route(
            { contact: contact(other.id, { country: other.country }), routingState },
            playbook,
          ).routingState;
        }
        const leadContact = contact(lead.id, { country: lead.country, numemployees: lead.numemployees });
        const fresh = route({ status: lead.status, contact: leadContact }, playbook);
        const later = route({ status: lead.status, contact: leadContact, routingState }, playbook);
        expect([later.poolId, later.rule?.name, later.source]).toEqual([
          fresh.poolId,
          fresh.rule?.name,
          fresh.source,
        ]);
      }),
    );
  });
});

describe('how a rule reads in explanations', () => {
  test('conditions are spelled out, or named by their label', () => {
    const rule = {
      name: 'EMEA enterprise',
      status: ['sales_ready' as const],
      when: {
        all: [
          { property: 'country', inCountries: ['EMEA'] },
          {
            any: [
              { property: 'company.numberofemployees', range: { min: 1000 } },
              { property: 'email', inAccountList: 'strategic' },
            ],
          },
          { property: 'phone', known: false },
        ],
      },
      pool: 'emea',
    };
    expect(describeRule(rule)).toBe(
      'status sales_ready, country in EMEA, (company.numberofemployees ≥ 1000 or email in account list strategic), phone is unknown',
    );
    const labelled = {
      ...rule,
      when: { all: [rule.when.all[0]!, { ...rule.when.all[1]!, label: 'size ≥ 1000' }] },
    };
    expect(describeRule(labelled)).toBe('status sales_ready, country in EMEA, size ≥ 1000');
  });
});
