import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { PortalPlaybooks } from '../../src/playbooks/portal-playbooks';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { DEFAULT_PLAYBOOK, playbookSchema } from '../../src/handoff';
import { fallbackOwnerProblems } from '../../src/hubspot/fallback-owner-check';
import { hubspotPaths } from '../../src/hubspot/paths';
import { owner } from '../fixtures/portal-scenario';
import { HubSpotMock } from '../support/hubspot-mock';
import { testClient } from './fixtures';

/** Deliverable 5 of issue 11: the playbook's fallback owner must be an active HubSpot owner. */

const naming = (fallbackOwner: string) => playbookSchema.parse({ ...DEFAULT_PLAYBOOK, fallbackOwner });
const ACTIVE = { query: { limit: '500', archived: 'false' } };
const ARCHIVED = { query: { limit: '500', archived: 'true' } };

describe("the playbook's fallbackOwner, checked against HubSpot's owners", () => {
  it('an active owner passes with one owner listing', async () => {
    const mock = new HubSpotMock().reply(
      'GET',
      hubspotPaths.owners,
      200,
      { results: [owner('101', 'Sam', 'Ortiz', 'Sales')] },
      ACTIVE,
    );
    await expect(fallbackOwnerProblems(testClient(), naming('101'))).resolves.toEqual([]);
    mock.done();
  });

  it('an archived owner is refused, naming the field and the fix', async () => {
    const mock = new HubSpotMock()
      .reply('GET', hubspotPaths.owners, 200, { results: [owner('101', 'Sam', 'Ortiz', 'Sales')] }, ACTIVE)
      .reply(
        'GET',
        hubspotPaths.owners,
        200,
        { results: [owner('301', 'Old', 'Timer', 'Sales', true)] },
        ARCHIVED,
      );
    const problems = await fallbackOwnerProblems(testClient(), naming('301'));
    mock.done();
    expect(problems).toEqual([
      {
        name: 'fallbackOwner',
        message:
          'playbook field fallbackOwner: owner "301" is archived in HubSpot; set fallbackOwner to an active owner\'s id (HubSpot: Settings > Users & Teams), or remove it so a full pool\'s least-loaded member takes the lead',
      },
    ]);
  });

  it('an id that is no owner of the account is refused', async () => {
    const mock = new HubSpotMock()
      .reply('GET', hubspotPaths.owners, 200, { results: [owner('101', 'Sam', 'Ortiz', 'Sales')] }, ACTIVE)
      .reply('GET', hubspotPaths.owners, 200, { results: [] }, ARCHIVED);
    const [problem] = await fallbackOwnerProblems(testClient(), naming('999'));
    mock.done();
    expect(problem?.message).toMatch(
      /^playbook field fallbackOwner: "999" is not an owner in this HubSpot account; set fallbackOwner/,
    );
  });

  it('asks HubSpot nothing when the playbook names no fallback owner', async () => {
    const mock = new HubSpotMock();
    await expect(fallbackOwnerProblems(testClient(), DEFAULT_PLAYBOOK)).resolves.toEqual([]);
    expect(mock.calls).toEqual([]);
  });

  it('a fallback owner that is not an owner id is refused when the playbook loads', () => {
    const parsed = playbookSchema.safeParse({ ...DEFAULT_PLAYBOOK, fallbackOwner: 'Sam Ortiz' });
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({ path: ['fallbackOwner'], message: 'a HubSpot owner id such as "12345678"' }),
    ]);
  });
});

describe('saving a playbook on the admin page', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'handoff-save-'));
    store = await openStore(`sqlite:${join(dir, 'handoff.db')}`);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a fallbackOwner who is archived, naming the field, and saves nothing', async () => {
    const playbooks = new PortalPlaybooks({
      store,
      fallback: DEFAULT_PLAYBOOK,
      now: () => 1_800_000_000_000,
      // As the server wires it: the portal's owners, read from HubSpot.
      checkWithHubSpot: async (_portalId, playbook) =>
        (await fallbackOwnerProblems(testClient(), playbook)).map((problem) => problem.message),
    });
    const mock = new HubSpotMock()
      .reply('GET', hubspotPaths.owners, 200, { results: [owner('101', 'Sam', 'Ortiz', 'Sales')] }, ACTIVE)
      .reply(
        'GET',
        hubspotPaths.owners,
        200,
        { results: [owner('301', 'Old', 'Timer', 'Sales', true)] },
        ARCHIVED,
      );
    const text = toYaml({ ...DEFAULT_PLAYBOOK, fallbackOwner: '301' });
    await expect(
      playbooks.save(62515, { text, format: 'yaml', actor: 'revops@vendor.example', note: null }),
    ).rejects.toMatchObject({
      code: 'playbook_invalid',
      status: 422,
      details: {
        problems: [expect.stringMatching(/^playbook field fallbackOwner: owner "301" is archived/)],
      },
    });
    mock.done();
    expect(await store.playbooks.list({ portalId: 62515, limit: 5 })).toEqual([]);
  });
});
