import type { Store } from '../../src/store/store';
import { decision } from './decision-battery';
import { T0 } from './store-battery';

/** Each decision keeps the playbook version id that made it (migration 0007), on every adapter. */
export function playbookVersionBattery(open: () => Promise<Store>): void {
  describe('the playbook version of each decision', () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    it('is stored with the decision and read back by every reader; decisions without one read null', async () => {
      await store.decisions.save(decision('601', { playbookVersion: 'pb-0123456789ab' }));
      await store.decisions.save(decision('602', { decidedAt: T0 + 1 }));
      const latest = await store.decisions.latest(62515, ['601', '602']);
      expect(latest.get('601')?.playbookVersion).toBe('pb-0123456789ab');
      expect(latest.get('602')?.playbookVersion).toBeNull();
      const listed = await store.decisions.list({ portalId: 62515, limit: 10 });
      expect(listed.map((row) => [row.contactId, row.playbookVersion])).toEqual([
        ['602', null],
        ['601', 'pb-0123456789ab'],
      ]);
      const reported = await store.reports.decisions({ portalId: 62515, from: T0, to: T0 + 10, limit: 10 });
      expect(reported.map((row) => row.playbookVersion)).toEqual(['pb-0123456789ab', null]);
    });
  });
}
