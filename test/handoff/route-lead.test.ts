import { DEFAULT_PLAYBOOK, Playbook, playbookSchema } from '../../src/handoff';
import type { DuplicateContact } from '../../src/handoff/match-duplicates';
import { RouteLeadInput, routeLead } from '../../src/handoff/route-lead';
import { company, contact, deal, NOW, owner, OWNERS } from './fixtures';

function route(overrides: Partial<RouteLeadInput>, playbook: Playbook = DEFAULT_PLAYBOOK) {
  return routeLead(
    {
      status: 'duplicate_or_existing',
      contact: contact('1', { email: 'jo@acme.com' }),
      company: undefined,
      duplicates: [],
      owners: OWNERS,
      openLeadsByOwner: {},
      routingState: {},
      now: NOW,
      ...overrides,
    },
    playbook,
  );
}

const duplicate = (ownerId: string | undefined): DuplicateContact => ({
  contactId: '7',
  email: 'jo@acme.com',
  ownerId,
  evidence: 'same email',
});

describe('existing account owner order', () => {
  const deals = [
    deal('80', { hubspot_owner_id: '103', hs_lastmodifieddate: '2026-09-01T00:00:00.000Z' }),
    deal('81', {
      hubspot_owner_id: '101',
      hs_lastmodifieddate: '2026-11-01T00:00:00.000Z',
      dealname: 'Acme renewal',
    }),
    deal('82', {
      hubspot_owner_id: '102',
      hs_lastmodifieddate: '2026-11-10T00:00:00.000Z',
      hs_is_closed: 'true',
    }),
  ];

  test("the owner of the company's most recently updated open deal comes first (a newer closed deal does not count)", () => {
    const result = route({ company: company('10', { hubspot_owner_id: '102' }, { deals }) });
    expect(result).toMatchObject({ ownerId: '101', source: 'open_deal_owner', deal: { id: '81' } });
  });

  test('then the company owner when there is no open deal', () => {
    const closedOnly = [deal('82', { hubspot_owner_id: '101', hs_is_closed: 'true' })];
    const result = route({ company: company('10', { hubspot_owner_id: '102' }, { deals: closedOnly }) });
    expect(result).toMatchObject({ ownerId: '102', source: 'company_owner' });
    expect(result.deal).toBeUndefined();
  });

  test("then the duplicate contact's owner", () => {
    const result = route({
      company: company('10', {}),
      duplicates: [duplicate(undefined), duplicate('103')],
    });
    expect(result).toMatchObject({ ownerId: '103', source: 'duplicate_owner' });
    expect(result.steps.map((step) => `${step.step}:${step.outcome}`)).toEqual([
      'company_owner:skipped',
      'duplicate_owner:skipped',
      'duplicate_owner:chosen',
    ]);
  });

  test('an archived deal owner is passed over for the company owner', () => {
    const stale = [deal('83', { hubspot_owner_id: '301' })];
    const result = route({ company: company('10', { hubspot_owner_id: '102' }, { deals: stale }) });
    expect(result).toMatchObject({ ownerId: '102', source: 'company_owner' });
    expect(result.steps[0]?.detail).toMatch(/archived/);
  });

  test('no owner anywhere: routed like a new lead of its qualification (CONTRACT §6, was: no owner)', () => {
    const result = route({ company: company('10', {}) });
    expect(result).toMatchObject({
      ownerId: '201',
      source: 'pool',
      poolId: 'sdr',
      routedAs: 'needs_qualification',
    });
  });
});

describe('pools', () => {
  test('sales-ready goes round robin in the team named Sales, skipping archived owners', () => {
    const result = route({ status: 'sales_ready' });
    expect(result).toMatchObject({ ownerId: '101', source: 'pool', poolId: 'sales' });
    expect(result.skipped).toContainEqual({ ownerId: '301', reason: 'archived in HubSpot', poolId: 'sales' });
    expect(result.routingState.sales?.members['101']).toEqual({ served: 1 });
  });

  test('needs-qualification goes to the team named SDR; an empty team falls back to Sales, with the reason', () => {
    expect(route({ status: 'needs_qualification' })).toMatchObject({ ownerId: '201', poolId: 'sdr' });
    const noSdr = route({
      status: 'needs_qualification',
      owners: OWNERS.filter((o) => o.teams?.[0]?.name !== 'SDR'),
    });
    expect(noSdr).toMatchObject({ ownerId: '101', source: 'pool', poolId: 'sales' });
    expect(noSdr.steps.map((step) => step.detail)).toEqual([
      'HubSpot team "SDR" has no owners',
      'HubSpot team "SDR" has no active owners: next pool HubSpot team "Sales"',
      'round robin in HubSpot team "Sales"',
    ]);
  });

  test('team names match case-insensitively and on any team, not only the primary one', () => {
    const owners = [owner('900', 'Pat Doe', ['Marketing', 'sales'])];
    expect(route({ status: 'sales_ready', owners }).ownerId).toBe('900');
  });

  test('disqualified and nurture get no owner', () => {
    expect(route({ status: 'disqualified' }).ownerId).toBeUndefined();
    expect(route({ status: 'nurture' }).ownerId).toBeUndefined();
  });

  test('capacity, unavailable days, weights, explicit owners and the fallback pool', () => {
    const playbook = playbookSchema.parse({
      ...DEFAULT_PLAYBOOK,
      pools: [
        { id: 'sdr', team: 'SDR', capacity: 3, unavailable: { '202': ['2026-11-18'] }, fallback: 'overflow' },
        { id: 'sales', team: 'Sales' },
        { id: 'overflow', owners: ['103', '102'], weights: { '102': 3 } },
      ],
    });
    const result = route({ status: 'needs_qualification', openLeadsByOwner: { '201': 3 } }, playbook);
    expect(result).toMatchObject({ ownerId: '102', poolId: 'overflow' });
    expect(result.skipped).toEqual([
      { ownerId: '201', reason: 'at capacity (3 of 3 open handoffs)', poolId: 'sdr' },
      { ownerId: '202', reason: 'unavailable (2026-11-18)', poolId: 'sdr' },
      { ownerId: '103', reason: 'not next in turn (0 served)', poolId: 'overflow' },
    ]);
  });
});

describe('contact owner policy', () => {
  test.each([
    ['if_empty', undefined, true],
    ['if_empty', '555', false],
    ['never', undefined, false],
    ['always', '555', true],
  ] as const)('%s with current owner %p → write hubspot_owner_id: %p', (policy, current, expected) => {
    const playbook = { ...DEFAULT_PLAYBOOK, contactOwner: policy };
    const props: Record<string, string> = { email: 'jo@acme.com' };
    if (current) props.hubspot_owner_id = current;
    expect(route({ status: 'sales_ready', contact: contact('1', props) }, playbook).setContactOwner).toBe(
      expected,
    );
  });
});
