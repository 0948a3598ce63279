import type { Store } from '../../src/store/store';
import { portal, T0 } from './store-battery';

/** Installed portals and OAuth states: the same behaviour on every adapter. */
export function portalBattery(open: () => Promise<Store>): void {
  let store: Store;

  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('portals', () => {
    it('round-trips and updates a portal', async () => {
      expect(await store.portals.get(42)).toBeNull();
      await store.portals.upsert(portal(42));
      expect(await store.portals.get(42)).toEqual(portal(42));
      const uninstalled = portal(42, {
        status: 'uninstalled',
        accessTokenCipher: null,
        refreshTokenCipher: null,
        accessTokenExpiresAt: null,
        scopes: [],
        updatedAt: T0 + 99,
      });
      await store.portals.upsert(uninstalled);
      expect(await store.portals.get(42)).toEqual(uninstalled);
    });

    it('lists the installed portals only', async () => {
      await store.portals.upsert(portal(3));
      await store.portals.upsert(portal(1));
      await store.portals.upsert(portal(2, { status: 'uninstalled', accessTokenCipher: null }));
      const installed = await store.portals.installed();
      expect(installed.map((record) => record.portalId).sort()).toEqual([1, 3]);
      expect(installed.find((record) => record.portalId === 1)).toEqual(portal(1));
    });
  });

  describe('OAuth state', () => {
    it('is single-use', async () => {
      await store.portals.saveOAuthState('hash-1', T0 + 600_000, T0);
      expect(await store.portals.consumeOAuthState('hash-1', T0 + 1)).toBe('ok');
      expect(await store.portals.consumeOAuthState('hash-1', T0 + 2)).toBe('used');
      await store.portals.saveOAuthState('hash-1', T0 + 600_000, T0 + 3);
      expect(await store.portals.consumeOAuthState('hash-1', T0 + 4)).toBe('used');
      expect(await store.portals.consumeOAuthState('never-issued', T0)).toBe('unknown');
    });

    it('expires', async () => {
      await store.portals.saveOAuthState('hash-2', T0 + 600_000, T0);
      expect(await store.portals.consumeOAuthState('hash-2', T0 + 600_000)).toBe('expired');
    });

    it('lets exactly one of several racing callbacks through', async () => {
      await store.portals.saveOAuthState('hash-3', T0 + 600_000, T0);
      const results = await Promise.all(
        Array.from({ length: 6 }, () => store.portals.consumeOAuthState('hash-3', T0 + 1)),
      );
      expect(results.filter((result) => result === 'ok')).toHaveLength(1);
      expect(results.filter((result) => result === 'used')).toHaveLength(5);
    });
  });
}
