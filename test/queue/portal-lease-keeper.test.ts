import { silentLogger } from '../../src/log';
import { PortalLeaseKeeper } from '../../src/queue/portal-lease-keeper';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { newEvent, T0 } from '../store/store-battery';

/** Two processes' keepers on one store, on a clock the test moves. */
describe('portal lease keeper', () => {
  let store: Store;
  let clock = T0;
  const keeper = (holder: string) =>
    new PortalLeaseKeeper({ store, logger: silentLogger, holder, leaseMs: 15_000, now: () => clock });
  const claimed = async (holder: PortalLeaseKeeper, rounds: number): Promise<number[]> => {
    const portals: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      const batch = await store.events.claim({
        owner: holder.holder,
        limit: 1,
        leaseMs: 60_000,
        now: clock,
        after: portals.at(-1),
        leases: holder.scope(),
      });
      if (batch[0]) portals.push(batch[0].portalId);
    }
    return [...new Set(portals)].sort();
  };

  beforeEach(async () => {
    clock = T0;
    store = await openStore('sqlite::memory:');
    for (const portalId of [1, 2, 3, 4]) {
      await store.events.insert(
        Array.from({ length: 5 }, (_, i) => newEvent(`p${portalId}-${i}`, portalId)),
        T0,
      );
    }
  });
  afterEach(async () => store.close());

  it('shares the busy portals with a process that starts later, within one round of each', async () => {
    const a = keeper('A');
    await a.round();
    expect(await claimed(a, 4)).toEqual([1, 2, 3, 4]);
    const b = keeper('B');
    await b.round();
    expect(await claimed(b, 4)).toEqual([]);
    clock += 5_000;
    expect((await a.round()).released).toEqual([3, 4]);
    expect(await claimed(b, 4)).toEqual([3, 4]);
    expect((await store.leases.list()).map((lease) => lease.holder)).toEqual(['A', 'A', 'B', 'B']);
  });

  it('hands every portal on at once when its process stops, and within one lease when it dies', async () => {
    const a = keeper('A');
    const b = keeper('B');
    await a.round();
    await claimed(a, 2);
    await b.round();
    await a.stop();
    expect(await claimed(b, 2)).toEqual([1, 2]);
    // B dies without stopping: C, started next, takes B's portals once their lease runs out.
    const c = keeper('C');
    await c.round();
    expect(await claimed(c, 4)).toEqual([3, 4]);
    clock += 15_000;
    await c.round();
    expect(await claimed(c, 8)).toEqual([1, 2, 3, 4]);
  });
});
