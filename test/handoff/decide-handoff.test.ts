import {
  decideHandoff,
  DEFAULT_PLAYBOOK,
  HANDOFF_PROPERTY_NAMES,
  HandoffDecision,
  playbookSchema,
} from '../../src/handoff';
import { company, contact, deal, input, NOW, OWNERS } from './fixtures';

const acme = company(
  '500',
  {
    name: 'Acme Ltd',
    domain: 'acme.co.uk',
    website: 'https://www.acme.co.uk',
    hubspot_owner_id: '102',
    numberofemployees: '300',
  },
  {
    contactCount: 12,
    deals: [
      deal('70', {
        dealname: 'Acme pilot',
        hubspot_owner_id: '103',
        hs_is_closed: 'true',
        dealstage: 'closedwon',
        hs_lastmodifieddate: '2026-11-17T00:00:00.000Z',
      }),
      deal('71', {
        dealname: 'Acme renewal',
        hubspot_owner_id: '101',
        hs_lastmodifieddate: '2026-11-01T00:00:00.000Z',
      }),
    ],
  },
);

const demoDirector = {
  jobtitle: 'Director of Operations',
  company: 'Acme Ltd',
  numemployees: '100-500',
  recent_conversion_event_name: 'Request a demo',
  num_conversion_events: '1',
  hs_analytics_source: 'PAID_SEARCH',
  hs_analytics_source_data_1: 'google',
  hs_analytics_source_data_2: 'q4-brand-campaign',
  hs_analytics_first_url: 'https://vendor.example/pricing?utm_source=google',
};

const decide = (...args: Parameters<typeof input>) =>
  decideHandoff(input(...args), DEFAULT_PLAYBOOK, new Date(NOW));

describe('CONTRACT §4 end to end', () => {
  test('1. existing account by a co.uk subdomain: the open deal owner, in one line a rep reads', () => {
    const decision = decide({
      contact: contact('9001', { ...demoDirector, email: 'Jo.Smith@EU.acme.co.uk' }),
      companies: [acme],
    });
    expect(decision.reason).toBe(
      "Existing account Acme Ltd (acme.co.uk): open deal 'Acme renewal' owned by Sam Ortiz",
    );
    expect(decision).toMatchObject({
      status: 'duplicate_or_existing',
      priority: 'high',
      owner: { ownerId: '101', name: 'Sam Ortiz', source: 'open_deal_owner' },
      setContactOwner: true,
      match: 'open_opportunity',
      matchedCompanyId: '500',
      matchedDealId: '71',
      slaDueAt: '2026-11-18T10:30:00.000Z',
    });
  });

  test('1. a closed deal does not decide the owner: the company owner does', () => {
    const closedOnly = { ...acme, deals: acme.deals.filter((d) => d.properties.hs_is_closed === 'true') };
    const decision = decide({
      contact: contact('9002', { email: 'kim@acme.co.uk' }),
      companies: [closedOnly],
    });
    expect(decision).toMatchObject({
      match: 'existing_account',
      owner: { ownerId: '102', source: 'company_owner' },
    });
    expect(decision.properties.handoff_matched_deal_id).toBe('');
    expect(decision.reason).toBe('Existing account Acme Ltd (acme.co.uk): company owner Ada Lane');
  });

  test('1. an additional domain matches, and an existing contact owner is left alone', () => {
    const withExtra = company('600', {
      name: 'Globex',
      domain: 'globex.com',
      hs_additional_domains: 'globex.de;globex.fr',
      hubspot_owner_id: '103',
    });
    const decision = decide({
      contact: contact('9003', { email: 'hans@globex.de', hubspot_owner_id: '555' }),
      companies: [withExtra],
    });
    expect(decision).toMatchObject({
      matchedCompanyId: '600',
      owner: { ownerId: '103' },
      setContactOwner: false,
    });
    expect(decision.properties.handoff_owner).toBe('103');
    expect(Object.keys(decision.properties)).not.toContain('hubspot_owner_id');
  });

  test("1. a duplicate contact by gmail dots and +tag: the duplicate's owner", () => {
    const existing = contact('42', { email: 'josmith@gmail.com', hubspot_owner_id: '202' });
    const decision = decide({
      contact: contact('9004', { email: 'Jo.Smith+demo@gmail.com' }),
      otherContacts: [existing],
    });
    expect(decision).toMatchObject({
      status: 'duplicate_or_existing',
      match: 'duplicate_contact',
      owner: { ownerId: '202', source: 'duplicate_owner' },
    });
    expect(decision.reason).toBe('Duplicate of contact josmith@gmail.com: owned by Lee Wong');
  });

  test('1. a free email domain never matches a company by domain', () => {
    const gmailCo = company('700', { name: 'Google', domain: 'gmail.com', hubspot_owner_id: '101' });
    const decision = decide({
      contact: contact('9005', { email: 'jo@gmail.com', recent_conversion_event_name: 'Ebook' }),
      companies: [gmailCo],
    });
    expect(decision.match).toBe('none');
    expect(decision.status).toBe('needs_qualification');
  });

  test('2. disqualified: disposable email, reason recorded, no owner', () => {
    const decision = decide({ contact: contact('9006', { ...demoDirector, email: 'jo@mailinator.com' }) });
    expect(decision).toMatchObject({
      status: 'disqualified',
      priority: null,
      owner: null,
      disqualificationReason: 'poor_fit',
    });
    expect(decision.properties).toMatchObject({
      handoff_outcome: 'disqualified',
      handoff_disqualification_reason: 'poor_fit',
      handoff_owner: '',
      handoff_priority: '',
      handoff_sla_status: 'not_applicable',
      handoff_sla_due_at: '',
    });
    expect(decision.reason).toBe('Disqualified, Poor fit: disposable email domain mailinator.com');
  });

  test('2. disqualified: an intern', () => {
    const decision = decide({
      contact: contact('9007', { ...demoDirector, email: 'jo@initech.com', jobtitle: 'Sales Intern' }),
    });
    expect(decision).toMatchObject({ status: 'disqualified', disqualificationReason: 'wrong_role' });
  });

  test('3. needs qualification: SDR round robin; with no SDR team the lead goes to Sales (§6) and says why', () => {
    const lead = contact('9008', { email: 'jo@initech.com', recent_conversion_event_name: 'Request a demo' });
    expect(decide({ contact: lead })).toMatchObject({
      status: 'needs_qualification',
      owner: { ownerId: '201' },
    });
    const noSdr = decide({ contact: lead, owners: OWNERS.filter((o) => o.teams?.[0]?.name !== 'SDR') });
    expect(noSdr).toMatchObject({
      status: 'needs_qualification',
      owner: { ownerId: '101', source: 'pool' },
      fallback: { kind: 'no_members', poolId: 'sdr' },
    });
    expect(noSdr.reason).toBe(
      'Needs qualification (high): missing role; fit 20, intent 60 (Demo request): HubSpot team "SDR" has no active owners, so round robin in HubSpot team "Sales" to Sam Ortiz',
    );
    expect(noSdr.properties.handoff_sla_status).toBe('pending');
  });

  test('4. sales-ready: Sales round robin, high for a demo, due in 30 minutes; a replay changes nothing', () => {
    const lead = contact('9009', { ...demoDirector, email: 'jo@initech.com', company: 'Initech' });
    const first = decide({ contact: lead });
    expect(first).toMatchObject({
      status: 'sales_ready',
      priority: 'high',
      owner: { ownerId: '101', source: 'pool' },
    });
    expect(first.reason).toBe(
      'Sales-ready (high): fit 85, intent 60 (Demo request): round robin in HubSpot team "Sales" to Sam Ortiz',
    );
    expect(first.properties.handoff_sla_due_at).toBe('2026-11-18T10:30:00.000Z');
    const redelivered = decide({ contact: lead });
    expect(redelivered).toEqual(first);
    const next = decide({
      contact: contact('9010', { ...lead.properties }),
      routingState: first.routingState,
    });
    expect(next.owner?.ownerId).toBe('102');
    const again = decide({ contact: lead, routingState: next.routingState });
    expect(again.owner?.ownerId).toBe('101');
    expect(again.routingState).toEqual(next.routingState);
  });

  test('4. sales-ready without explicit intent is medium, due in 4 hours', () => {
    const lead = contact('9011', {
      ...demoDirector,
      email: 'jo@initech.com',
      recent_conversion_event_name: 'Webinar',
      num_conversion_events: '4',
      hs_analytics_num_page_views: '40',
      hs_analytics_num_visits: '12',
    });
    expect(decide({ contact: lead })).toMatchObject({
      status: 'sales_ready',
      priority: 'medium',
      slaDueAt: '2026-11-18T14:00:00.000Z',
    });
  });

  test('5. nurture: good fit, low intent, low priority, no owner', () => {
    const decision = decide({
      contact: contact('9012', {
        ...demoDirector,
        email: 'jo@initech.com',
        recent_conversion_event_name: 'Ebook download',
      }),
    });
    expect(decision).toMatchObject({ status: 'nurture', priority: 'low', owner: null });
    expect(decision.reason).toBe('Nurture: fit 85, intent 15 (Content download)');
  });

  test('ambiguous accounts are flagged for review in the reason, not guessed', () => {
    const twin = (id: string, name: string) =>
      company(id, { name, domain: 'acme.com', createdate: '2021-03-04T08:00:00.000Z' }, { contactCount: 2 });
    const decision = decide({
      contact: contact('9013', { ...demoDirector, email: 'jo@acme.com' }),
      companies: [twin('1', 'Acme Inc'), twin('2', 'Acme Corp')],
    });
    expect(decision.match).toBe('none');
    expect(decision.reason).toMatch(/; possible account Acme Inc or Acme Corp, please review$/);
    expect(decision.record.account.review?.companyIds).toEqual(['1', '2']);
  });
});

describe('the written properties', () => {
  const decisions: HandoffDecision[] = [
    decide({ contact: contact('1', { ...demoDirector, email: 'jo@eu.acme.co.uk' }), companies: [acme] }),
    decide({ contact: contact('2', { ...demoDirector, email: 'jo@mailinator.com' }) }),
    decide({ contact: contact('3', { email: 'jo@initech.com', recent_conversion_event_name: 'Demo' }) }),
    decide({ contact: contact('4', { ...demoDirector, email: 'jo@initech.com' }) }),
    decide({
      contact: contact('5', {
        ...demoDirector,
        email: 'jo@initech.com',
        recent_conversion_event_name: 'Newsletter',
      }),
    }),
  ];

  test.each(decisions.map((decision) => [decision.status, decision] as const))(
    '%s: only CONTRACT §3 names, string values HubSpot accepts',
    (_status, decision) => {
      const properties = decision.properties as Record<string, string>;
      for (const name of Object.keys(properties)) expect(HANDOFF_PROPERTY_NAMES).toContain(name);
      for (const value of Object.values(properties)) expect(typeof value).toBe('string');
      expect([
        'sales_ready',
        'needs_qualification',
        'nurture',
        'disqualified',
        'duplicate_or_existing',
      ]).toContain(properties.handoff_status);
      expect(['high', 'medium', 'low', '']).toContain(properties.handoff_priority);
      expect(['none', 'existing_account', 'open_opportunity', 'duplicate_contact']).toContain(
        properties.handoff_match,
      );
      expect(['pending', 'not_applicable']).toContain(properties.handoff_sla_status);
      expect(properties.handoff_routed_at).toBe('2026-11-18T10:00:00.000Z');
      expect(Number(properties.handoff_fit_score)).toBeGreaterThanOrEqual(0);
      expect(Number(properties.handoff_intent_score)).toBeLessThanOrEqual(100);
      expect(properties.handoff_reason?.length).toBeGreaterThan(0);
      expect(properties).not.toHaveProperty('handoff_first_action_at');
      expect(properties).not.toHaveProperty('handoff_feedback_note');
    },
  );

  test('marketing context is frozen from the analytics and conversion properties', () => {
    expect(decisions[0]?.properties).toMatchObject({
      handoff_source: 'Paid search / google',
      handoff_entry_point: 'https://vendor.example/pricing?utm_source=google',
      handoff_offer: 'Request a demo',
    });
    const campaignOnly = decide({
      contact: contact('6', {
        hs_analytics_source: 'EMAIL_MARKETING',
        hs_analytics_source_data_2: 'nov-newsletter',
        first_conversion_event_name: 'Newsletter',
      }),
    });
    expect(campaignOnly.marketing).toEqual({
      source: 'Email marketing',
      entryPoint: 'nov-newsletter',
      offer: 'Newsletter',
    });
  });

  test('the decision record keeps inputs, rules fired, scores with reasons, candidates and routing', () => {
    const record = decisions[0]?.record;
    expect(record).toMatchObject({
      version: 1,
      contactId: '1',
      playbook: DEFAULT_PLAYBOOK.name,
      inputs: {
        email: 'jo@eu.acme.co.uk',
        emailDomain: 'eu.acme.co.uk',
        emailKind: 'work',
        conversions: ['Request a demo'],
        // The funnel report's campaign cut reads it from here.
        campaign: 'q4-brand-campaign',
      },
      checks: [{ step: 1, rule: 'duplicate_or_existing', applied: true }],
      account: {
        chosenCompanyId: '500',
        candidates: [expect.objectContaining({ companyId: '500', strength: 2 })],
      },
      routing: { ownerId: '101', source: 'open_deal_owner', setContactOwner: true },
    });
    expect(record?.fit.lines.map((line) => line.rule)).toContain('fit.seniority');
    const pooled = decisions[3]?.record.routing;
    expect(pooled?.skipped).toEqual(
      expect.arrayContaining([
        { ownerId: '301', reason: 'archived in HubSpot', poolId: 'sales' },
        { ownerId: '102', reason: 'not next in turn (0 served)', poolId: 'sales' },
      ]),
    );
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });
});

describe('the SLA clock runs in the owner’s hours', () => {
  // NOW is Wednesday 10:00Z: 02:00 in Los Angeles, 05:00 in New York, 19:00 in Tokyo.
  const playbook = playbookSchema.parse({
    ...DEFAULT_PLAYBOOK,
    pools: [
      { id: 'sdr', team: 'SDR', businessHours: { timeZone: 'Asia/Tokyo' } },
      { id: 'sales', team: 'Sales', businessHours: { timeZone: 'America/Los_Angeles' } },
    ],
    ownerHours: { '102': { timeZone: 'America/New_York', start: '08:00' } },
  });
  const decideWith = (...args: Parameters<typeof input>) => decideHandoff(input(...args), playbook, NOW);
  const engaged = {
    ...demoDirector,
    recent_conversion_event_name: 'Webinar',
    num_conversion_events: '4',
    hs_analytics_num_page_views: '40',
    hs_analytics_num_visits: '12',
  };
  const mediumLead = contact('9100', { ...engaged, email: 'jo@initech.com' });

  test('a medium lead from the Los Angeles pool waits for 09:00 Pacific, then 4 hours', () => {
    const decision = decideWith({ contact: mediumLead });
    expect(decision).toMatchObject({ priority: 'medium', owner: { ownerId: '101', source: 'pool' } });
    // 09:00 PST is 17:00Z.
    expect(decision.properties.handoff_sla_due_at).toBe('2026-11-18T21:00:00.000Z');
    expect(decision.properties.handoff_sla_status).toBe('pending');
  });

  test('a demo request stays 30 minutes round the clock, whatever the pool’s hours', () => {
    const lead = contact('9101', { ...demoDirector, email: 'jo@initech.com', company: 'Initech' });
    expect(decideWith({ contact: lead }).slaDueAt).toBe('2026-11-18T10:30:00.000Z');
  });

  test('an owner’s own hours win over the pool’s', () => {
    const first = decideWith({ contact: mediumLead });
    const second = decideWith({
      contact: contact('9102', { ...mediumLead.properties }),
      routingState: first.routingState,
    });
    expect(second.owner?.ownerId).toBe('102');
    // New York from 08:00: 08:00 EST is 13:00Z, plus 4 hours.
    expect(second.slaDueAt).toBe('2026-11-18T17:00:00.000Z');
  });

  test('a low lead from the Tokyo pool at 19:00 there: the close of Friday in Tokyo', () => {
    const lead = contact('9103', { email: 'jo@initech.com', recent_conversion_event_name: 'Webinar' });
    const decision = decideWith({ contact: lead });
    expect(decision).toMatchObject({
      status: 'needs_qualification',
      priority: 'low',
      owner: { ownerId: '201' },
    });
    // Two business days from Thursday 09:00 JST: Friday 17:00 JST is 08:00Z.
    expect(decision.slaDueAt).toBe('2026-11-20T08:00:00.000Z');
  });

  test('an account owner, not from a pool: their own hours, else the playbook’s', () => {
    const owned = (ownerId: string) =>
      decideWith({
        contact: contact('9104', { ...engaged, email: 'kim@acme.co.uk' }),
        companies: [{ ...acme, deals: [], properties: { ...acme.properties, hubspot_owner_id: ownerId } }],
      });
    expect(owned('102')).toMatchObject({
      priority: 'medium',
      owner: { ownerId: '102', source: 'company_owner' },
      slaDueAt: '2026-11-18T17:00:00.000Z',
    });
    // Owner 103 keeps no hours and came from no pool: 09:00–17:00 UTC.
    expect(owned('103')).toMatchObject({
      owner: { ownerId: '103', source: 'company_owner' },
      slaDueAt: '2026-11-18T14:00:00.000Z',
    });
  });
});
