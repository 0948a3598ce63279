import { HubSpotCrm } from '../../src/hubspot/crm';
import { hubspotPaths } from '../../src/hubspot/paths';
import { HANDOFF_GROUP, HANDOFF_PROPERTIES, ensureHandoffProperties } from '../../src/hubspot/properties';
import { HubSpotMock } from '../support/hubspot-mock';
import { asHubSpotProperty, batchResponse, hubspotError, testClient } from './fixtures';

const GROUP_PATH = hubspotPaths.propertyGroup('contacts', HANDOFF_GROUP.name);
const LIST_PATH = hubspotPaths.properties('contacts');
const CREATE_PATH = hubspotPaths.propertiesBatchCreate('contacts');
const groupAnswer = { name: 'sales_handoff', label: 'Sales handoff', displayOrder: -1, archived: false };

const emailProperty = asHubSpotProperty({
  name: 'email',
  label: 'Email',
  description: "A contact's email address",
  groupName: 'contactinformation',
  type: 'string',
  fieldType: 'text',
  formField: true,
});
const byName = (name: string) => HANDOFF_PROPERTIES.find((property) => property.name === name)!;
const writes = (mock: HubSpotMock) => mock.calls.filter((call) => call.method !== 'GET').length;

describe('HANDOFF_PROPERTIES', () => {
  it('defines every contact property of the contract with its exact shape', () => {
    expect(HANDOFF_PROPERTIES.map((property) => property.name)).toEqual([
      'handoff_status',
      'handoff_priority',
      'handoff_owner',
      'handoff_reason',
      'handoff_match',
      'handoff_matched_company_id',
      'handoff_matched_deal_id',
      'handoff_fit_score',
      'handoff_intent_score',
      'handoff_source',
      'handoff_entry_point',
      'handoff_offer',
      'handoff_routed_at',
      'handoff_sla_due_at',
      'handoff_first_action_at',
      'handoff_sla_status',
      'handoff_outcome',
      'handoff_disqualification_reason',
      'handoff_feedback_note',
      'handoff_stage',
      'handoff_mql_at',
      'handoff_sal_at',
      'handoff_sql_at',
      'handoff_opportunity_at',
      'handoff_next_step',
      'handoff_next_step_at',
      'handoff_lead_rating',
      'handoff_lead_rating_reason',
      'handoff_lead_rated_at',
    ]);
    expect(byName('handoff_stage').options?.map((option) => option.value)).toEqual([
      'mql',
      'sal',
      'sql',
      'opportunity',
      'recycled',
      'disqualified',
    ]);
    expect(byName('handoff_sal_at')).toMatchObject({ type: 'datetime', fieldType: 'date' });
    expect(HANDOFF_PROPERTIES.every((property) => property.groupName === 'sales_handoff')).toBe(true);
    expect(byName('handoff_owner')).toMatchObject({
      type: 'enumeration',
      fieldType: 'select',
      externalOptions: true,
      referencedObjectType: 'OWNER',
    });
    expect(byName('handoff_routed_at')).toMatchObject({ type: 'datetime', fieldType: 'date' });
    expect(byName('handoff_fit_score')).toMatchObject({ type: 'number', fieldType: 'number' });
    expect(byName('handoff_feedback_note')).toMatchObject({ type: 'string', fieldType: 'textarea' });
    expect(byName('handoff_status').options?.map((option) => option.value)).toEqual([
      'sales_ready',
      'needs_qualification',
      'nurture',
      'disqualified',
      'duplicate_or_existing',
    ]);
    // Sales' feedback (issue 11): marketing reports on these in HubSpot.
    expect(byName('handoff_next_step')).toMatchObject({ type: 'string', fieldType: 'text' });
    expect(byName('handoff_next_step_at')).toMatchObject({ type: 'datetime', fieldType: 'date' });
    expect(byName('handoff_lead_rating')).toMatchObject({ type: 'number', fieldType: 'number' });
    expect(byName('handoff_lead_rated_at')).toMatchObject({ type: 'datetime', fieldType: 'date' });
    expect(byName('handoff_lead_rating_reason')).toMatchObject({ type: 'enumeration', fieldType: 'select' });
    expect(byName('handoff_lead_rating_reason').options?.map((option) => option.value)).toEqual([
      'great_fit',
      'wrong_persona',
      'no_budget',
      'bad_data',
      'not_ready',
    ]);
  });
});

describe('ensureHandoffProperties', () => {
  it('creates the group and every property in one batch call, and writes nothing when run again', async () => {
    const mock = new HubSpotMock()
      .reply(
        'GET',
        GROUP_PATH,
        404,
        hubspotError('OBJECT_NOT_FOUND', 'Unable to find property group sales_handoff'),
      )
      .reply('POST', hubspotPaths.propertyGroups('contacts'), 201, groupAnswer)
      .reply('GET', LIST_PATH, 200, { results: [emailProperty] }, { query: { archived: 'false' } })
      .reply(
        'POST',
        CREATE_PATH,
        201,
        batchResponse(HANDOFF_PROPERTIES.map((property) => asHubSpotProperty(property))),
      );
    const report = await ensureHandoffProperties(new HubSpotCrm(testClient()));
    expect(report).toEqual({
      groupCreated: true,
      created: HANDOFF_PROPERTIES.map((property) => property.name),
      unchanged: [],
      optionsAdded: [],
      conflicts: [],
    });
    expect(mock.calls[1]?.body).toEqual({ name: 'sales_handoff', label: 'Sales handoff', displayOrder: -1 });
    expect((mock.calls[3]?.body as { inputs: unknown[] }).inputs).toHaveLength(29);
    expect(writes(mock)).toBe(2);

    // The second run sees what the first created, and writes nothing.
    const created = HANDOFF_PROPERTIES.map((property) => asHubSpotProperty(property));
    mock
      .reply('GET', GROUP_PATH, 200, groupAnswer)
      .reply('GET', LIST_PATH, 200, { results: [emailProperty, ...created] });
    const again = await ensureHandoffProperties(new HubSpotCrm(testClient()));
    expect(again).toMatchObject({ groupCreated: false, created: [], optionsAdded: [], conflicts: [] });
    expect(writes(mock)).toBe(2);
    mock.done();
  });

  it('makes no write call when everything already exists', async () => {
    const existing = HANDOFF_PROPERTIES.map((property) => asHubSpotProperty(property));
    const mock = new HubSpotMock()
      .reply('GET', GROUP_PATH, 200, groupAnswer)
      .reply('GET', LIST_PATH, 200, { results: [emailProperty, ...existing] });
    const report = await ensureHandoffProperties(testClient());
    expect(report.unchanged).toHaveLength(29);
    expect(report).toMatchObject({ groupCreated: false, created: [], optionsAdded: [], conflicts: [] });
    expect(writes(mock)).toBe(0);
    mock.done();
  });

  it("adds the playbook's own disqualification reasons as options, keeping every existing one", async () => {
    const existing = HANDOFF_PROPERTIES.map((property) => asHubSpotProperty(property));
    const mock = new HubSpotMock()
      .reply('GET', GROUP_PATH, 200, groupAnswer)
      .reply('GET', LIST_PATH, 200, { results: [emailProperty, ...existing] })
      .reply(
        'PATCH',
        hubspotPaths.property('contacts', 'handoff_disqualification_reason'),
        200,
        asHubSpotProperty(byName('handoff_disqualification_reason')),
      );
    const report = await ensureHandoffProperties(testClient(), {
      disqualificationReasons: [
        { id: 'poor_fit', label: 'Poor fit' },
        { id: 'no_budget', label: 'No budget this year' },
      ],
    });
    mock.done();
    expect(report.optionsAdded).toEqual([{ name: 'handoff_disqualification_reason', values: ['no_budget'] }]);
    const patch = mock.calls.find((call) => call.method === 'PATCH')!.body as {
      options: Array<{ value: string; label: string }>;
    };
    expect(patch.options.map((option) => option.value)).toEqual([
      'poor_fit',
      'no_clear_problem',
      'low_intent',
      'wrong_role',
      'no_response',
      'duplicate',
      'other',
      'no_budget',
    ]);
    expect(patch.options.at(-1)?.label).toBe('No budget this year');
  });

  it("adds the playbook's own rating reasons as options of the rating reason", async () => {
    const existing = HANDOFF_PROPERTIES.map((property) => asHubSpotProperty(property));
    const mock = new HubSpotMock()
      .reply('GET', GROUP_PATH, 200, groupAnswer)
      .reply('GET', LIST_PATH, 200, { results: [emailProperty, ...existing] })
      .reply(
        'PATCH',
        hubspotPaths.property('contacts', 'handoff_lead_rating_reason'),
        200,
        asHubSpotProperty(byName('handoff_lead_rating_reason')),
      );
    const report = await ensureHandoffProperties(testClient(), {
      ratingReasons: [
        { id: 'great_fit', label: 'Great fit' },
        { id: 'champion_found', label: 'Found a champion' },
      ],
    });
    mock.done();
    expect(report.optionsAdded).toEqual([{ name: 'handoff_lead_rating_reason', values: ['champion_found'] }]);
    const patch = mock.calls.find((call) => call.method === 'PATCH')!.body as {
      options: Array<{ value: string; label: string }>;
    };
    expect(patch.options.map((option) => option.value)).toEqual([
      'great_fit',
      'wrong_persona',
      'no_budget',
      'bad_data',
      'not_ready',
      'champion_found',
    ]);
  });

  it('reports a property of another shape without touching it, and only adds missing options', async () => {
    const reasons = byName('handoff_disqualification_reason');
    const revopsOption = { label: 'Budget', value: 'budget', hidden: false, displayOrder: 0 };
    const existing = [
      asHubSpotProperty(byName('handoff_fit_score'), { type: 'string', fieldType: 'text' }),
      asHubSpotProperty(byName('handoff_owner'), { externalOptions: false, referencedObjectType: undefined }),
      asHubSpotProperty(reasons, {
        options: [revopsOption, ...reasons.options!.filter((option) => option.value !== 'wrong_role')],
      }),
    ];
    const toCreate = HANDOFF_PROPERTIES.filter(
      (property) => !existing.some((found) => found.name === property.name),
    );
    const mock = new HubSpotMock()
      .reply('GET', GROUP_PATH, 200, groupAnswer)
      .reply('GET', LIST_PATH, 200, { results: existing })
      .reply(
        'PATCH',
        hubspotPaths.property('contacts', 'handoff_disqualification_reason'),
        200,
        asHubSpotProperty(reasons),
      )
      .reply(
        'POST',
        CREATE_PATH,
        201,
        batchResponse(toCreate.map((property) => asHubSpotProperty(property))),
      );

    const report = await ensureHandoffProperties(testClient());

    expect(report.conflicts.map((conflict) => conflict.name)).toEqual(['handoff_owner', 'handoff_fit_score']);
    expect(report.conflicts[1]?.message).toBe(
      'Contact property handoff_fit_score already exists as type string, field type text, but Handoff needs ' +
        'type number, field type number. Handoff left it unchanged and will not write it. Fix: in HubSpot, ' +
        'Settings → Properties → Contact properties, rename or delete handoff_fit_score, then run the setup again.',
    );
    expect(report.optionsAdded).toEqual([
      { name: 'handoff_disqualification_reason', values: ['wrong_role'] },
    ]);
    const patch = mock.calls.find((call) => call.method === 'PATCH')!.body as {
      options: Array<{ value: string }>;
    };
    expect(patch.options.map((option) => option.value)).toEqual([
      'budget',
      'poor_fit',
      'no_clear_problem',
      'low_intent',
      'no_response',
      'duplicate',
      'other',
      'wrong_role',
    ]);
    const created = (
      mock.calls.find((call) => call.path === CREATE_PATH)!.body as { inputs: Array<{ name: string }> }
    ).inputs;
    expect(created.map((input) => input.name)).not.toContain('handoff_fit_score');
    expect(created).toHaveLength(26);
    mock.done();
  });
});
