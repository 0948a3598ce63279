import {
  decideHandoff,
  DEFAULT_PLAYBOOK,
  needsFollowUpTask,
  Playbook,
  playbookSchema,
} from '../../src/handoff';
import { company, contact, input, NOW, owner, OWNERS } from './fixtures';

/** CONTRACT §6: every lead handed to sales has an owner, a due time and a task. */

const ownerless = company('600', { name: 'Globex', domain: 'globex.com' });
const demoRequest = {
  jobtitle: 'Director of Operations',
  company: 'Globex',
  numemployees: '100-500',
  recent_conversion_event_name: 'Request a demo',
};
const ebook = { jobtitle: 'Analyst', company: 'Globex', recent_conversion_event_name: 'Download the ebook' };

const decide = (
  overrides: Partial<Parameters<typeof input>[0]> & Pick<Parameters<typeof input>[0], 'contact'>,
  playbook: Playbook = DEFAULT_PLAYBOOK,
) => decideHandoff(input(overrides), playbook, new Date(NOW));

const withPools = (pools: unknown[], extra: Record<string, unknown> = {}) =>
  playbookSchema.parse({ ...DEFAULT_PLAYBOOK, pools, ...extra });

describe('an existing account or duplicate nobody owns is routed like a new lead', () => {
  test('an ownerless account with sales-ready intent goes to Sales, high priority, due in 30 minutes, and says so', () => {
    const decision = decide({
      contact: contact('1', { ...demoRequest, email: 'jo@globex.com' }),
      companies: [ownerless],
    });
    expect(decision).toMatchObject({
      status: 'duplicate_or_existing',
      priority: 'high',
      owner: { ownerId: '101', source: 'pool' },
      slaDueAt: '2026-11-18T10:30:00.000Z',
    });
    expect(decision.reason).toBe(
      'Existing account Globex (globex.com): nobody at the account owns it, so routed like a new sales-ready lead (high priority): round robin in HubSpot team "Sales" to Sam Ortiz',
    );
    expect(decision.properties).toMatchObject({ handoff_owner: '101', handoff_sla_status: 'pending' });
    expect(needsFollowUpTask({ status: decision.status, ownerId: decision.owner?.ownerId })).toBe(true);
  });

  test('a duplicate whose twin has no owner and little intent goes to the SDR team', () => {
    const decision = decide({
      contact: contact('2', { ...ebook, email: 'jo@gmail.com' }),
      otherContacts: [contact('3', { email: 'JO@gmail.com' })],
    });
    expect(decision).toMatchObject({
      status: 'duplicate_or_existing',
      owner: { ownerId: '201', source: 'pool' },
    });
    expect(decision.slaDueAt).toBeDefined();
    expect(decision.reason).toMatch(
      /^Duplicate of contact JO@gmail\.com: the duplicate has no owner, so routed like a new needs-qualification lead \(low priority\): round robin in HubSpot team "SDR" to Kim Park$/,
    );
  });

  test('a routing rule applies to it as to a new lead', () => {
    const playbook = playbookSchema.parse({
      ...DEFAULT_PLAYBOOK,
      pools: [...DEFAULT_PLAYBOOK.pools, { id: 'big', owners: ['103'] }],
      routingRules: [{ name: 'Sales-ready to big', status: ['sales_ready'], pool: 'big' }],
    });
    const decision = decide(
      { contact: contact('4', { ...demoRequest, email: 'jo@globex.com' }), companies: [ownerless] },
      playbook,
    );
    expect(decision.owner).toMatchObject({ ownerId: '103', source: 'pool' });
  });

  test('a playbook that names a pool for existing accounts keeps it', () => {
    const playbook = playbookSchema.parse({
      ...DEFAULT_PLAYBOOK,
      routing: { ...DEFAULT_PLAYBOOK.routing, duplicate_or_existing: 'sales' },
    });
    const decision = decide(
      { contact: contact('5', { ...ebook, email: 'jo@globex.com' }), companies: [ownerless] },
      playbook,
    );
    expect(decision.owner).toMatchObject({ ownerId: '101', source: 'pool' });
    expect(decision.reason).not.toMatch(/routed like a new/);
  });
});

describe('a pool with nobody available goes to the fallback owner, with an alert', () => {
  const lead = contact('10', { ...demoRequest, email: 'jo@initech.com', company: 'Initech' });

  test('full pool (everyone at capacity): the least-loaded member, capacity ignored, and the reason says the pool was full', () => {
    const playbook = withPools([
      { id: 'sdr', team: 'SDR' },
      { id: 'sales', team: 'Sales', capacity: 2 },
    ]);
    const decision = decide({ contact: lead, openLeadsByOwner: { '101': 2, '102': 3, '103': 2 } }, playbook);
    expect(decision).toMatchObject({
      status: 'sales_ready',
      owner: { ownerId: '101', source: 'fallback_owner' },
      fallback: { kind: 'pool_full', poolId: 'sales' },
      slaDueAt: '2026-11-18T10:30:00.000Z',
    });
    expect(decision.reason).toBe(
      'Sales-ready (high): fit 85, intent 60 (Demo request): HubSpot team "Sales" was full (nobody could take a lead), so fallback owner Sam Ortiz',
    );
    // Taken outside the rotation: the round robin's turn is not advanced.
    expect(decision.routingState).toEqual({});
  });

  test("all members unavailable (days off): the playbook's fallback owner when it names one", () => {
    const playbook = withPools(
      [
        { id: 'sdr', team: 'SDR' },
        {
          id: 'sales',
          team: 'Sales',
          unavailable: { '101': ['2026-11-18'], '102': ['2026-11-16..2026-11-20'], '103': ['2026-11-18'] },
        },
      ],
      { fallbackOwner: '202' },
    );
    const decision = decide({ contact: lead }, playbook);
    expect(decision).toMatchObject({
      owner: { ownerId: '202', name: 'Lee Wong', source: 'fallback_owner' },
      fallback: { kind: 'pool_full', poolId: 'sales' },
    });
    expect(decision.reason).toMatch(/HubSpot team "Sales" was full .*, so fallback owner Lee Wong$/);
  });

  test('all members unavailable, no fallback owner named: the least-loaded of them', () => {
    const playbook = withPools([
      { id: 'sdr', team: 'SDR' },
      {
        id: 'sales',
        team: 'Sales',
        unavailable: { '101': ['2026-11-18'], '102': ['2026-11-18'], '103': ['2026-11-18'] },
      },
    ]);
    const decision = decide({ contact: lead, openLeadsByOwner: { '101': 4, '102': 1, '103': 2 } }, playbook);
    expect(decision.owner).toMatchObject({ ownerId: '102', source: 'fallback_owner' });
  });

  test('an empty pool (all members archived) goes on to the next pool, Sales by default', () => {
    const owners = [
      ...OWNERS.filter((o) => o.teams?.[0]?.name !== 'SDR'),
      owner('203', 'Gone Person', ['SDR'], true),
    ];
    const decision = decide({
      contact: contact('11', { email: 'jo@initech.com', recent_conversion_event_name: 'Request a demo' }),
      owners,
    });
    expect(decision).toMatchObject({
      status: 'needs_qualification',
      owner: { ownerId: '101', source: 'pool' },
      fallback: { kind: 'no_members', poolId: 'sdr' },
    });
    expect(decision.reason).toMatch(
      /HubSpot team "SDR" has no active owners, so round robin in HubSpot team "Sales" to Sam Ortiz$/,
    );
  });

  test('no such team: the playbook’s fallbackPool is the next pool', () => {
    const playbook = withPools(
      [
        { id: 'sdr', team: 'Inside Sales' },
        { id: 'sales', team: 'Sales' },
        { id: 'night', owners: ['103'] },
      ],
      { fallbackPool: 'night' },
    );
    const decision = decide(
      { contact: contact('12', { email: 'jo@initech.com', recent_conversion_event_name: 'Request a demo' }) },
      playbook,
    );
    expect(decision).toMatchObject({
      owner: { ownerId: '103' },
      fallback: { kind: 'no_members', poolId: 'sdr' },
    });
  });

  test('nobody active anywhere: no owner, and the alert still says why', () => {
    const decision = decide({
      contact: contact('13', { ...demoRequest, email: 'jo@initech.com', company: 'Initech' }),
      owners: [owner('301', 'Old Timer', ['Sales'], true)],
    });
    expect(decision).toMatchObject({ owner: null, fallback: { kind: 'no_members', poolId: 'sales' } });
    expect(decision.reason).toMatch(/no owner \(HubSpot team "Sales" has no active owners\)$/);
  });
});

describe('which decisions get a follow-up task', () => {
  test.each([
    ['sales_ready', '101', true],
    ['needs_qualification', '201', true],
    ['duplicate_or_existing', '102', true],
    ['duplicate_or_existing', null, false],
    ['sales_ready', null, false],
    ['nurture', null, false],
    ['disqualified', null, false],
  ] as const)('%s with owner %p → task %p', (status, ownerId, expected) => {
    expect(needsFollowUpTask({ status, ownerId })).toBe(expected);
  });
});
