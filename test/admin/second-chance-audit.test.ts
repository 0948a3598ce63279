import { startAdminHarness, type AdminHarness } from '../support/admin-harness';
import { decision } from '../store/decision-battery';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-02T09:00:00.000Z');

describe('the audit shows a second chance (CONTRACT §7)', () => {
  let harness: AdminHarness;
  afterEach(async () => harness?.close());

  it('lists the re-decision as the contact’s next round, with the signal that earned it', async () => {
    harness = await startAdminHarness();
    const record = { version: 1, contactId: '3001', inputs: { email: 'ada@northwind.com', conversions: [] } };
    await harness.store.decisions.save(
      decision('3001', {
        status: 'nurture',
        priority: 'low',
        ownerId: null,
        reason: 'Nurture (low): fit 85, intent 20',
        record,
        decidedAt: T0 - 3 * DAY,
        slaDueAt: null,
        slaStatus: 'not_applicable',
      }),
    );
    await harness.store.decisions.save(
      decision('3001', {
        round: 2,
        reason: 'Second chance: job title filled in (VP Marketing) → Sales-ready (high): fit 85, intent 60',
        record,
        eventKey: 'second-chance:62515:3001:1:29610015',
        decidedAt: T0,
      }),
    );
    const { cookie } = await harness.signIn();
    const page = await (await harness.request('/admin/audit?q=ada%40northwind.com', { cookie })).text();
    expect(page).toMatch(/Contact 3001, round 2:/);
    expect(page).toContain('Second chance: job title filled in (VP Marketing) → Sales-ready (high)');
    expect(page).toMatch(/Contact 3001, round 1:/);
  });
});
