import { startAdminHarness, type AdminHarness } from '../support/admin-harness';
import { SEED_NOW, SEED_PORTAL_ID } from '../support/seed-reporting';
import type { NewDecision } from '../../src/store/store';

/** CONTRACT §6 on the admin page: who is handed to sales with nobody accountable, by age. */

const HOUR = 3_600_000;

function decision(contactId: string, overrides: Partial<NewDecision>): NewDecision {
  return {
    portalId: SEED_PORTAL_ID,
    contactId,
    round: 1,
    status: 'sales_ready',
    priority: 'high',
    ownerId: '101',
    match: 'none',
    companyId: null,
    dealId: null,
    reason:
      'Sales-ready (high): fit 85, intent 60 (Demo request): round robin in HubSpot team "Sales" to Sam Ortiz',
    properties: {},
    record: { version: 1, contactId },
    eventKey: `${SEED_PORTAL_ID}:contact.creation:${contactId}`,
    decidedAt: SEED_NOW - HOUR,
    slaDueAt: SEED_NOW + HOUR,
    slaStatus: 'pending',
    ...overrides,
  };
}

interface AccountabilityJson {
  total: number;
  counts: Record<string, Record<string, number>>;
  leads: Array<{ contactId: string; missing: string[]; age: string }>;
  fallbacks: Array<{ contactId: string; kind: string; poolId: string; detail: string }>;
}

describe('/admin: handed to sales without owner, due time, task or first action', () => {
  let harness: AdminHarness;
  beforeEach(async () => {
    harness = await startAdminHarness();
  });
  afterEach(async () => harness.close());

  it('reads zero when every lead handed to sales has an owner, due time and task', async () => {
    const id = (await harness.store.decisions.save(decision('1', {}))) as number;
    await harness.store.decisions.markTasksCreated([id], SEED_NOW - HOUR);
    const { cookie } = await harness.signIn();
    const json = (await (
      await harness.request('/admin/api/accountability', { cookie })
    ).json()) as AccountabilityJson;
    expect(json).toMatchObject({ total: 0, leads: [], fallbacks: [] });
    const page = await (await harness.request('/admin', { cookie })).text();
    expect(page).toContain('None: every lead handed to sales has someone accountable.');
  });

  it('lists each lead with what it lacks and its age, counts them, and shows pool fallbacks', async () => {
    // An old existing-account lead nobody owns (before CONTRACT §6), and a fresh one without a task.
    await harness.store.decisions.save(
      decision('2', {
        status: 'duplicate_or_existing',
        ownerId: null,
        priority: 'low',
        slaDueAt: null,
        decidedAt: SEED_NOW - 3 * 24 * HOUR,
        reason: 'Existing account Globex: no owner (company Globex has no owner)',
      }),
    );
    await harness.store.decisions.save(decision('3', { decidedAt: SEED_NOW - 10 * 60_000 }));
    // Past due with no first action, sent to the fallback owner of a full pool.
    const full = (await harness.store.decisions.save(
      decision('4', {
        decidedAt: SEED_NOW - 5 * HOUR,
        slaDueAt: SEED_NOW - 4 * HOUR,
        record: {
          version: 1,
          contactId: '4',
          routing: {
            fallback: {
              kind: 'pool_full',
              poolId: 'sales',
              detail: 'HubSpot team "Sales" was full (nobody could take a lead)',
            },
          },
        },
      }),
    )) as number;
    await harness.store.decisions.markTasksCreated([full], SEED_NOW - 5 * HOUR);

    const { cookie } = await harness.signIn();
    const json = (await (
      await harness.request('/admin/api/accountability', { cookie })
    ).json()) as AccountabilityJson;
    expect(json.total).toBe(3);
    expect(json.leads).toEqual([
      expect.objectContaining({ contactId: '2', missing: ['owner', 'due_time', 'task'], age: 'over_1d' }),
      expect.objectContaining({ contactId: '4', missing: ['first_action'], age: '1h_to_1d' }),
      expect.objectContaining({ contactId: '3', missing: ['task'], age: 'under_1h' }),
    ]);
    expect(json.counts.task).toEqual({ under_1h: 1, '1h_to_1d': 0, over_1d: 1 });
    expect(json.counts.owner).toEqual({ under_1h: 0, '1h_to_1d': 0, over_1d: 1 });
    expect(json.fallbacks).toEqual([
      expect.objectContaining({ contactId: '4', kind: 'pool_full', poolId: 'sales' }),
    ]);

    const page = await (await harness.request('/admin', { cookie })).text();
    expect(page).toContain('3 leads need someone accountable.');
    expect(page).toContain('no owner, no due time, no task');
    expect(page).toContain('first action past due');
    expect(page).toContain('HubSpot team &#34;Sales&#34; was full (nobody could take a lead)');
  });

  it('answers 401 without a session', async () => {
    expect((await harness.request('/admin/api/accountability')).status).toBe(401);
  });
});
