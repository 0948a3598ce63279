import { DEFAULT_PLAYBOOK, playbookSchema } from '../../src/handoff';
import { explainContact, replayPlaybook } from '../../src/cli/handoff-commands';
import {
  PATHS,
  coldBatchReplies,
  newContacts,
  owner,
  searchAnswer,
  COMPANIES,
  replyOwners,
} from '../fixtures/portal-scenario';
import { batchResponse } from '../hubspot/fixtures';
import { HubSpotMock } from '../support/hubspot-mock';
import { decidedPortal } from '../support/decided-portal';

describe('npm run handoff -- explain', () => {
  it('prints the full decision for a contact, read live, without writing anything', async () => {
    const { store, context } = await decidedPortal();
    const contact = newContacts().find((c) => c.id === '1044');
    const mock = replyOwners(new HubSpotMock(), [
      owner('101', 'Sam', 'Ortiz', 'Sales'),
      owner('102', 'Ada', 'Lane', 'Sales'),
    ])
      .reply('POST', PATHS.contactsRead, 200, batchResponse([contact]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([COMPANIES.initech]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([]))
      .reply('POST', PATHS.contactSearch, 200, searchAnswer([]));

    const explanation = await explainContact(context, '1044');
    mock.done();
    expect(
      mock.calls.every(
        (call) => call.method === 'GET' || call.path.includes('search') || call.path.endsWith('batch/read'),
      ),
    ).toBe(true);
    // Decided now with the stored round robin (8 leads already split 4/4): Sam Ortiz is next.
    expect(explanation.decision).toMatchObject({ status: 'sales_ready', priority: 'high' });
    expect(explanation.stored).toMatchObject({ contactId: '1044', status: 'sales_ready', ownerId: '102' });
    expect(explanation.text).toContain('Contact 1044: sales_ready (high)');
    expect(explanation.text).toMatch(/Fit 85:/);
    expect(explanation.text).toMatch(/\+60 .*Demo request/);
    expect(explanation.text).toContain('Stored decision');
    expect(explanation.text).toContain('handoff_status = sales_ready');
    await store.close();
  });

  it('says so when the contact is not in the portal', async () => {
    const { store, context } = await decidedPortal();
    const mock = new HubSpotMock()
      .reply('GET', PATHS.owners, 200, { results: [] }, { query: { limit: '500', archived: 'false' } })
      .reply('GET', PATHS.owners, 200, { results: [] }, { query: { limit: '500', archived: 'true' } })
      .reply('POST', PATHS.contactsRead, 207, {
        ...batchResponse([]),
        numErrors: 1,
        errors: [
          {
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message: 'Could not get some CONTACT objects, they may be deleted or not exist.',
            context: { ids: ['424242'] },
            errors: [],
            links: {},
          },
        ],
      });
    const explanation = await explainContact(context, '424242');
    mock.done();
    expect(explanation.decision).toBeNull();
    expect(explanation.text).toContain('not in portal 62515');
    await store.close();
  });
});

describe('npm run handoff -- replay', () => {
  it('shows what a stricter intent threshold would change over the last decisions', async () => {
    const { store, context } = await decidedPortal();
    const mock = coldBatchReplies(new HubSpotMock(), newContacts());
    const candidate = playbookSchema.parse({
      ...JSON.parse(JSON.stringify(DEFAULT_PLAYBOOK)),
      thresholds: { ...DEFAULT_PLAYBOOK.thresholds, intent: 70 },
    });
    const progress: number[] = [];
    const result = await replayPlaybook(context, candidate, 500, (done) => progress.push(done));
    expect(result.compared).toBe(99);
    expect(progress).toEqual([99]);
    // The eight demo requests (intent 60) are no longer sales-ready: nurture, no owner.
    expect(result.changes.map((change) => change.contactId).sort()).toEqual([
      '1043',
      '1044',
      '1045',
      '1046',
      '1047',
      '1048',
      '1049',
      '1050',
    ]);
    expect(result.changes[0]).toMatchObject({
      before: { status: 'sales_ready' },
      after: { status: 'nurture', ownerId: null },
    });
    expect(
      mock.calls.filter(
        (call) => call.method !== 'GET' && !call.path.includes('search') && !call.path.endsWith('batch/read'),
      ),
    ).toEqual([]);
    await store.close();
  });
});
