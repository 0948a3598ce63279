import { DEFAULT_PLAYBOOK, playbookSchema } from '../../src/handoff';
import { hubspotPaths } from '../../src/hubspot/paths';
import { missingRuleProperties } from '../../src/hubspot/rule-properties';
import { HubSpotMock } from '../support/hubspot-mock';
import { asHubSpotProperty, testClient } from './fixtures';

/** HubSpot's property listing answer for a few names (shape from GET /crm/v3/properties/{objectType}). */
const listing = (names: string[]) => ({
  results: names.map((name) =>
    asHubSpotProperty({
      name,
      label: name,
      description: '',
      groupName: 'contactinformation',
      type: 'string',
      fieldType: 'text',
      formField: true,
    }),
  ),
});

const rules = playbookSchema.parse({
  ...DEFAULT_PLAYBOOK,
  routingRules: [
    { name: 'Payments', when: { property: 'product_interest', equals: 'Payments' }, pool: 'sales' },
    {
      name: 'Big tech',
      when: {
        all: [
          { property: 'company.industry', equals: 'COMPUTER_SOFTWARE' },
          { property: 'company.annual_revenue_band', in: ['100m+'] },
        ],
      },
      pool: 'sales',
    },
  ],
}).routingRules;

describe('properties the routing rules read', () => {
  it('names each rule whose property the account lacks, with the fix, in one listing per object', async () => {
    const mock = new HubSpotMock()
      .reply('GET', hubspotPaths.properties('contacts'), 200, listing(['email', 'country']), {
        query: { archived: 'false' },
      })
      .reply('GET', hubspotPaths.properties('companies'), 200, listing(['name', 'industry']), {
        query: { archived: 'false' },
      });
    const missing = await missingRuleProperties(testClient(), rules);
    mock.done();
    expect(missing.map(({ rule, object, name }) => [rule, object, name])).toEqual([
      ['Payments', 'contact', 'product_interest'],
      ['Big tech', 'company', 'annual_revenue_band'],
    ]);
    expect(missing[1]?.message).toBe(
      `rule 'Big tech' reads company property "company.annual_revenue_band", which this HubSpot account does not have: create the property in HubSpot or correct the rule (property internal names, not labels)`,
    );
  });

  it('asks HubSpot nothing when the playbook has no rules', async () => {
    const mock = new HubSpotMock();
    await expect(missingRuleProperties(testClient(), DEFAULT_PLAYBOOK.routingRules)).resolves.toEqual([]);
    expect(mock.calls).toEqual([]);
  });
});
