import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { classifyEmailDomain, hostnameOf } from '../../src/handoff/domains';
import type { CompanyCandidate } from '../../src/handoff/hubspot-records';
import { matchAccount } from '../../src/handoff/match-account';
import { company, contact, deal } from './fixtures';

function match(properties: Record<string, string>, companies: CompanyCandidate[]) {
  const email = properties.email;
  const emailHost = email ? hostnameOf(email) : undefined;
  return matchAccount({
    contact: contact('1', properties),
    emailHost,
    emailKind: emailHost ? classifyEmailDomain(emailHost, DEFAULT_PLAYBOOK.emailDomains) : undefined,
    companies,
    freeEmailNameMin: DEFAULT_PLAYBOOK.matching.freeEmailNameMin,
  });
}

describe('matchAccount by email domain', () => {
  test.each([
    ['jo@acme.com', { domain: 'acme.com' }],
    ['jo@ACME.COM', { domain: 'www.acme.com' }],
    ['jo@acme.com', { domain: '', website: 'https://www.acme.com/about-us' }],
    ['jo@acme.com', { domain: '', website: 'WWW.ACME.COM' }],
    ['jo@eu.acme.co.uk', { domain: 'acme.co.uk' }],
    ['jo@acme.co.uk', { domain: 'eu.acme.co.uk' }],
    ['jo@acme.de', { domain: 'acme.com', hs_additional_domains: 'acme.co.uk;acme.de' }],
  ])('%s matches a company with %p', (email, properties) => {
    const result = match({ email }, [company('10', { name: 'Acme', ...properties })]);
    expect(result.company?.id).toBe('10');
    expect(result.confidence).toBeGreaterThanOrEqual(0.9);
    expect(result.evidence.length).toBeGreaterThan(0);
  });

  test('other.co.uk does not match acme.co.uk', () => {
    const result = match({ email: 'jo@other.co.uk' }, [
      company('10', { name: 'Acme', domain: 'acme.co.uk' }),
    ]);
    expect(result.company).toBeUndefined();
  });

  test.each([['jo@gmail.com'], ['jo@outlook.com'], ['jo@mailinator.com']])(
    'a free or disposable address (%s) never matches by domain',
    (email) => {
      const gmailCompany = company('10', { name: 'Google', domain: email.split('@')[1] ?? '' });
      expect(match({ email }, [gmailCompany]).company).toBeUndefined();
    },
  );

  test('the exact host beats a registrable-domain match, and evidence says which', () => {
    const parent = company('10', { name: 'Acme Group', domain: 'acme.com' }, { contactCount: 50 });
    const emea = company('11', { name: 'Acme EMEA', domain: 'emea.acme.com', hs_parent_company_id: '10' });
    const result = match({ email: 'jo@emea.acme.com' }, [parent, emea]);
    expect(result.company?.id).toBe('11');
    expect(result.evidence[0]?.kind).toBe('exact_host');
  });

  test("a subsidiary's own domain matches the subsidiary, not the parent that also lists it", () => {
    const parent = company(
      '10',
      { name: 'Acme Group', domain: 'acme.com', hs_additional_domains: 'acme.de' },
      {
        contactCount: 90,
        deals: [deal('1', {})],
      },
    );
    const germany = company('12', { name: 'Acme GmbH', domain: 'acme.de', hs_parent_company_id: '10' });
    const result = match({ email: 'jo@acme.de' }, [parent, germany]);
    expect(result.company?.id).toBe('12');
    expect(result.tieBreak[0]).toEqual({ rule: 'subsidiary_over_parent', kept: ['12'], dropped: ['10'] });
  });
});

describe('tie-breakers, in their fixed order', () => {
  const twin = (id: string, extra: Partial<CompanyCandidate>, created = '2021-03-04T08:00:00.000Z') =>
    company(
      id,
      { name: `Acme ${id}`, domain: 'acme.com', createdate: created },
      { contactCount: 1, ...extra },
    );

  test('an open deal wins first; a closed deal does not count', () => {
    const closed = twin('1', {
      deals: [deal('9', { hs_is_closed: 'true', dealstage: 'closedwon' })],
      contactCount: 40,
    });
    const open = twin('2', { deals: [deal('8', {})] });
    const result = match({ email: 'jo@acme.com' }, [closed, open]);
    expect(result.company?.id).toBe('2');
    expect(result.tieBreak.map((step) => step.rule)).toEqual(['open_deal']);
  });

  test('then most contacts, then most recent activity, then the oldest', () => {
    expect(
      match({ email: 'jo@acme.com' }, [twin('1', { contactCount: 2 }), twin('2', { contactCount: 7 })])
        .company?.id,
    ).toBe('2');
    const recent = match({ email: 'jo@acme.com' }, [
      twin('1', { lastActivityAt: '2026-01-01T00:00:00.000Z' }),
      twin('2', { lastActivityAt: '2026-06-01T00:00:00.000Z' }),
    ]);
    expect(recent.company?.id).toBe('2');
    expect(recent.tieBreak.map((step) => step.rule)).toEqual(['most_recent_activity']);
    const oldest = match({ email: 'jo@acme.com' }, [
      twin('1', {}, '2022-01-01T00:00:00Z'),
      twin('2', {}, '2019-01-01T00:00:00Z'),
    ]);
    expect(oldest.company?.id).toBe('2');
    expect(oldest.tieBreak.map((step) => step.rule)).toEqual(['oldest']);
  });

  test('a tie that survives every breaker is flagged for review, not guessed', () => {
    const result = match({ email: 'jo@acme.com' }, [twin('1', {}), twin('2', {})]);
    expect(result.company).toBeUndefined();
    expect(result.review).toEqual({ reason: 'tie after every tie-breaker', companyIds: ['1', '2'] });
  });
});

describe('company names', () => {
  test('support a domain match as extra evidence', () => {
    const result = match({ email: 'jo@acme.com', company: 'ACME, Inc.' }, [
      company('10', { name: 'Acme Inc', domain: 'acme.com' }),
    ]);
    expect(result.evidence.map((item) => item.kind)).toEqual(['exact_host', 'company_name']);
    expect(result.confidence).toBeCloseTo(0.99);
  });

  test.each([
    ['U.S. Widgets & Co', 'US Widgets and Company'],
    ['Acme Ltd', 'ACME Limited'],
    ['Acme GmbH & Co. KG', 'acme'],
  ])('a free-email contact at "%s" matches "%s" on the name alone', (typed, stored) => {
    const result = match({ email: 'jo@gmail.com', company: typed }, [
      company('10', { name: stored, domain: 'x.com' }),
    ]);
    expect(result.company?.id).toBe('10');
    expect(result.evidence).toEqual([expect.objectContaining({ kind: 'company_name' })]);
  });

  test('a free-email contact with a merely similar name is not matched', () => {
    const result = match({ email: 'jo@gmail.com', company: 'Acme Software' }, [
      company('10', { name: 'Acme Soft', domain: 'x.com' }),
    ]);
    expect(result.company).toBeUndefined();
  });

  test('a work-email contact is never matched on the name alone', () => {
    const result = match({ email: 'jo@acme-widgets.com', company: 'Acme' }, [
      company('10', { name: 'Acme', domain: 'acme.com' }),
    ]);
    expect(result.company).toBeUndefined();
    expect(result.candidates[0]?.evidence[0]?.detail).toMatch(/^not enough alone/);
  });

  test('two companies with the same name are flagged for review', () => {
    const result = match({ email: 'jo@gmail.com', company: 'Acme' }, [
      company('10', { name: 'Acme', domain: 'acme.com' }),
      company('11', { name: 'ACME Ltd', domain: 'acme.co.uk' }),
    ]);
    expect(result.company).toBeUndefined();
    expect(result.review?.companyIds).toEqual(['10', '11']);
  });
});

test('a company HubSpot created with this contact is context, not an existing account', () => {
  const autoCreated = company(
    '10',
    { name: 'Newco', domain: 'newco.io', createdate: '2026-11-18T09:59:05.000Z', numberofemployees: '120' },
    { contactCount: 1, associatedWithContact: true },
  );
  const result = match({ email: 'jo@newco.io' }, [autoCreated]);
  expect(result.company).toBeUndefined();
  expect(result.contextCompany?.id).toBe('10');
  expect(result.candidates[0]?.createdWithContact).toBe(true);
});
