import { DEFAULT_PLAYBOOK, playbookSchema, playbookVersionId } from '../../src/handoff';
import { formatReplay } from '../../src/cli/format-replay';
import { replayPlaybook } from '../../src/cli/handoff-commands';
import type { Store } from '../../src/store/store';
import { coldBatchReplies, newContacts } from '../fixtures/portal-scenario';
import { HubSpotMock } from '../support/hubspot-mock';
import { DECIDED_AT, DECIDED_PORTAL_ID, decidedPortal } from '../support/decided-portal';

const PORTAL_ID = DECIDED_PORTAL_ID;
const NOW = DECIDED_AT;
const DEMO_LEADS = ['1043', '1044', '1045', '1046', '1047', '1048', '1049', '1050'];

const copy = () => JSON.parse(JSON.stringify(DEFAULT_PLAYBOOK)) as typeof DEFAULT_PLAYBOOK;

describe('replay and dry run against the version that decided each lead', () => {
  it('stores the playbook version id with every decision', async () => {
    const { store } = await decidedPortal();
    const decisions = await store.decisions.list({ portalId: PORTAL_ID, limit: 500 });
    expect(decisions).toHaveLength(99);
    expect(new Set(decisions.map((decision) => decision.playbookVersion))).toEqual(
      new Set([playbookVersionId(DEFAULT_PLAYBOOK)]),
    );
    await store.close();
  });

  it('reports 0 changes for the unchanged playbook, though the round robin has moved on since', async () => {
    const { store, context } = await decidedPortal();
    const mock = coldBatchReplies(new HubSpotMock(), newContacts());
    // A fresh parse of the same playbook: another object, the same version.
    const result = await replayPlaybook(context, playbookSchema.parse(copy()), 500);
    mock.done();
    expect(result).toMatchObject({ compared: 99, skipped: 0, changes: [], inferred: 0 });
    expect(result.versions).toEqual([
      { id: playbookVersionId(DEFAULT_PLAYBOOK), label: 'built-in playbook', leads: 99 },
    ]);
    await store.close();
  });

  it('a one-rule change reports exactly the leads it moves, with pool, rule and owner names', async () => {
    const { store, context } = await decidedPortal();
    const mock = coldBatchReplies(new HubSpotMock(), newContacts());
    const base = copy();
    const candidate = playbookSchema.parse({
      ...base,
      pools: [...base.pools, { id: 'mid_market', owners: ['102'] }],
      routingRules: [
        {
          name: 'Mid-market',
          status: ['sales_ready'],
          when: { property: 'numemployees', range: { min: 200, max: 999 } },
          pool: 'mid_market',
        },
      ],
    });
    const result = await replayPlaybook(context, candidate, 500);
    mock.done();
    expect(result.compared).toBe(99);
    expect(result.changes.map((change) => change.contactId).sort()).toEqual(DEMO_LEADS);
    for (const change of result.changes) {
      expect(change).toMatchObject({
        before: { status: 'sales_ready', poolId: 'sales', rule: null },
        after: {
          status: 'sales_ready',
          poolId: 'mid_market',
          rule: 'Mid-market',
          ownerId: '102',
          ownerName: 'Ada Lane',
        },
      });
      expect(change.after.reason).toContain("Rule 'Mid-market' (status sales_ready, numemployees 200–999) →");
      expect(change.kinds?.[0]).toBe('pool');
    }
    const text = formatReplay(result, 'mid-market.yaml');
    expect(text).toContain(
      'Replayed 99 decisions with mid-market.yaml (0 contacts gone from HubSpot): 8 would change.',
    );
    expect(text).toMatch(
      /^1043 +pool(\+owner)? +sales_ready, (Sam Ortiz|Ada Lane) \(pool sales\) {2}-> {2}sales_ready, Ada Lane \(rule 'Mid-market', pool mid_market\)$/m,
    );
    await store.close();
  });

  it('compares decisions stored before version ids with the version running when they were decided', async () => {
    const { store, context } = await decidedPortal();
    // Decisions as stored before migration 0007: no version id, one saved version running since.
    await store.playbooks.save({
      portalId: PORTAL_ID,
      text: JSON.stringify({ ...copy(), thresholds: { ...DEFAULT_PLAYBOOK.thresholds, intent: 70 } }),
      fileName: 'playbook.json',
      actor: 'admin-token',
      note: 'stricter',
      createdAt: NOW + 60_000,
    });
    const mock = coldBatchReplies(new HubSpotMock(), newContacts());
    const unversioned = (await store.decisions.list({ portalId: PORTAL_ID, limit: 500 })).map((decision) => ({
      ...decision,
      playbookVersion: null,
    }));
    const legacyStore = Object.create(store, {
      decisions: { value: Object.create(store.decisions, { list: { value: async () => unversioned } }) },
    }) as Store;
    const result = await replayPlaybook(
      { ...context, store: legacyStore },
      playbookSchema.parse(copy()),
      500,
    );
    mock.done();
    // Decided before the stricter version was saved: the built-in one decided them, unchanged.
    expect(result).toMatchObject({ compared: 99, changes: [], inferred: 99 });
    await store.close();
  });
});
