import { DEFAULT_PLAYBOOK } from '../../src/handoff/default-playbook';
import { playbookSchema } from '../../src/handoff/playbook';
import { HubSpotCrm } from '../../src/hubspot/crm';
import { LeadContextLoader } from '../../src/lead-context/gather-lead-context';
import { FakeClock, testClient } from '../hubspot/fixtures';
import { HubSpotMock } from '../support/hubspot-mock';
import { coldBatchReplies, newContacts, PATHS } from '../fixtures/portal-scenario';

/** A playbook whose rules read a form field on the contact and two fields of the company. */
const playbook = playbookSchema.parse({
  ...DEFAULT_PLAYBOOK,
  routingRules: [
    {
      name: 'Payments, large companies',
      when: {
        all: [
          { property: 'product_interest', in: ['Payments'] },
          {
            any: [
              { property: 'company.annualrevenue', range: { min: 1e8 } },
              { property: 'company.hs_ideal_customer_profile', known: true },
            ],
          },
        ],
      },
      pool: 'sales',
    },
  ],
});

describe('the lead-context loader reads what the routing rules read', () => {
  it('asks for rule properties in the same batched calls, with no extra call per lead', async () => {
    const contacts = newContacts();
    const mock = coldBatchReplies(new HubSpotMock(), contacts);
    const clock = new FakeClock();
    const loader = new LeadContextLoader({
      crm: new HubSpotCrm(testClient({ clock })),
      now: clock.now,
      playbook,
    });
    await loader.load([...contacts.map((contact) => contact.id), '1100']);
    mock.done();
    expect(mock.calls).toHaveLength(10);

    const propertiesOf = (path: string) =>
      mock.calls
        .filter((call) => call.path.split('?')[0] === path)
        .map((call) => (call.body as { properties: string[] }).properties);
    const [contactRead] = propertiesOf(PATHS.contactsRead);
    expect(contactRead).toEqual(expect.arrayContaining(['product_interest', 'email', 'country']));
    expect(contactRead).not.toContain('annualrevenue');
    const companyReads = [...propertiesOf(PATHS.companySearch), ...propertiesOf(PATHS.companiesRead)];
    expect(companyReads).toHaveLength(4);
    for (const properties of companyReads) {
      expect(properties).toEqual(
        expect.arrayContaining(['annualrevenue', 'hs_ideal_customer_profile', 'numberofemployees']),
      );
    }
  });
});
