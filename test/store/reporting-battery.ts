import type { NewOutcomeEvent, Store } from '../../src/store/store';
import { decision } from './decision-battery';
import { newEvent, T0 } from './store-battery';

function outcome(contactId: string, key: string, overrides: Partial<NewOutcomeEvent> = {}): NewOutcomeEvent {
  return {
    portalId: 62515,
    contactId,
    decisionId: null,
    idempotencyKey: key,
    outcome: 'accepted',
    reasonId: null,
    note: null,
    source: 'card',
    actor: 'user:77',
    occurredAt: T0 + 60_000,
    ...overrides,
  };
}

/** What reports and the admin page read: the same behaviour on every adapter. */
export function reportingBattery(open: () => Promise<Store>): void {
  describe('reporting reads and playbook versions', () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    it('lists a period of decisions with their webhook event, only of the portal asked', async () => {
      await store.events.insert([newEvent('e1', 62515, { occurredAt: T0 - 5_000 })], T0 - 2_000);
      await store.decisions.save(decision('1', { eventKey: 'e1', decidedAt: T0 }));
      await store.decisions.save(decision('2', { eventKey: 'no-such-event', decidedAt: T0 + 10 }));
      await store.decisions.save(decision('3', { decidedAt: T0 + 10_000 }));
      await store.decisions.save(decision('4', { portalId: 999, decidedAt: T0 }));
      const rows = await store.reports.decisions({ portalId: 62515, from: T0, to: T0 + 10_000, limit: 10 });
      expect(rows.map((row) => row.contactId)).toEqual(['1', '2']);
      expect(rows[0]?.event).toEqual({
        receivedAt: T0 - 2_000,
        occurredAt: T0 - 5_000,
        subscriptionType: 'object.creation',
      });
      expect(rows[1]?.event).toBeNull();
      expect(await store.reports.decisions({ portalId: 62515, from: 0, to: T0 * 2, limit: 1 })).toHaveLength(
        1,
      );
    });

    it('lists recorded outcomes of the period’s contacts, oldest first', async () => {
      await store.decisions.save(decision('1', { decidedAt: T0 }));
      await store.decisions.save(decision('2', { decidedAt: T0 - 86_400_000 }));
      for (const [contactId, key, at] of [
        ['1', 'b', T0 + 2],
        ['1', 'a', T0 + 1],
        ['2', 'c', T0 + 1],
      ] as const) {
        const claim = await store.outcomes.claim(outcome(contactId, key, { occurredAt: at }));
        if (claim.claimed) await store.outcomes.complete(claim.id, {}, at);
      }
      await store.outcomes.claim(outcome('1', 'pending'));
      const rows = await store.reports.outcomes({ portalId: 62515, from: T0, to: T0 + 1 });
      expect(rows.map((row) => row.idempotencyKey)).toEqual(['a', 'b']);
    });

    it('finds decisions by the email their record read, case-insensitively and literally', async () => {
      const record = (email: string) => ({ version: 1, inputs: { email, conversions: [] } });
      await store.decisions.save(decision('1', { record: record('Ana_Ops@Acme.com') }));
      await store.decisions.save(decision('2', { record: record('anaxops@acme.com') }));
      const found = await store.reports.decisionsByEmail(62515, 'ana_ops@acme.com ', 10);
      expect(found.map((row) => row.contactId)).toEqual(['1']);
      expect(await store.reports.decisionsByEmail(62515, '%', 10)).toEqual([]);
      expect(await store.reports.decisionsByEmail(999, 'ana_ops@acme.com', 10)).toEqual([]);
    });

    it('numbers playbook versions per portal; the newest comes first', async () => {
      const save = (portalId: number, text: string) =>
        store.playbooks.save({
          portalId,
          text,
          fileName: 'playbook.yaml',
          actor: 'admin-token',
          note: null,
          createdAt: T0,
        });
      expect(await save(62515, 'a')).toBe(1);
      expect(await save(62515, 'b')).toBe(2);
      expect(await save(999, 'c')).toBe(1);
      const versions = await store.playbooks.list({ portalId: 62515, limit: 10 });
      expect(versions.map((version) => [version.version, version.text])).toEqual([
        [2, 'b'],
        [1, 'a'],
      ]);
      expect(await store.playbooks.list({ portalId: 62515, limit: 10, version: 1 })).toEqual([
        expect.objectContaining({ version: 1, text: 'a', actor: 'admin-token' }),
      ]);
    });
  });
}
