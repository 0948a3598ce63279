import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { decideHandoff, DEFAULT_PLAYBOOK, loadPlaybook, playbookVersionId } from '../../src/handoff';
import { company, contact, input, NOW, owner, OWNERS } from './fixtures';

const load = (name: string) =>
  loadPlaybook(readFileSync(join(__dirname, '..', '..', 'docs', 'examples', name), 'utf8'), name);

const TEAM_OWNERS = [
  ...OWNERS,
  owner('401', 'Eva Novak', ['EMEA AEs']),
  owner('411', 'Greta Hahn', ['EMEA Enterprise AEs']),
  owner('501', 'Wes Cole', ['NA West']),
  owner('511', 'Erin Shaw', ['NA East']),
  owner('601', 'Sol Reyes', ['Senior AEs']),
  owner('701', 'Pia Marx', ['Payments specialists']),
  owner('90001', 'Stra Tegic', []),
  owner('90011', 'Lena Ortiz', []),
  owner('90012', 'Lou Chan', []),
];

/** The company HubSpot creates from a new contact's domain: context for rules, not an existing account. */
const createdWithContact = (id: string, props: Record<string, string>) =>
  company(id, { createdate: '2026-11-18T09:59:40.000Z', ...props }, { contactCount: 1 });

/** A director asking for a demo: sales-ready, high priority under every example. */
const demo = (id: string, props: Record<string, string>) =>
  contact(id, {
    email: `jo${id}@northwind-${id}.com`,
    jobtitle: 'Director of Operations',
    numemployees: '250',
    recent_conversion_event_name: 'Demo request',
    ...props,
  });
/** No role, demo request: needs qualification. */
const noRole = (id: string, props: Record<string, string>) =>
  contact(id, {
    email: `x${id}@northwind-${id}.com`,
    recent_conversion_event_name: 'Request a demo',
    ...props,
  });

function decide(
  playbook: ReturnType<typeof load>,
  lead: ReturnType<typeof contact>,
  companies = [] as ReturnType<typeof company>[],
) {
  const decision = decideHandoff(input({ contact: lead, companies, owners: TEAM_OWNERS }), playbook, NOW);
  return {
    status: decision.status,
    owner: decision.owner?.name ?? null,
    rule: decision.record.routing.rule?.name ?? null,
    reason: decision.reason,
  };
}

describe('docs/examples/built-in.yaml', () => {
  it('is the built-in playbook itself, so it has the same version id', () => {
    const playbook = load('built-in.yaml');
    expect(playbook).toEqual(DEFAULT_PLAYBOOK);
    expect(playbookVersionId(playbook)).toBe(playbookVersionId(DEFAULT_PLAYBOOK));
  });
});

describe('docs/examples/territories-and-segments.yaml', () => {
  const playbook = load('territories-and-segments.yaml');
  const bigCo = createdWithContact('9100', {
    name: 'Big Co',
    domain: 'northwind-2006.com',
    numberofemployees: '5000',
  });
  test.each([
    [
      'UK enterprise by its company',
      demo('2006', { country: 'United Kingdom' }),
      [bigCo],
      'EMEA enterprise',
      'Greta Hahn',
    ],
    [
      'enterprise by the contact size, ISO code',
      demo('2001', { country: 'DE', numemployees: '2000' }),
      [],
      'EMEA enterprise',
      'Greta Hahn',
    ],
    ['EMEA mid-market, "UK"', demo('2002', { country: 'UK' }), [], 'EMEA', 'Eva Novak'],
    ['a territory inside a territory', demo('2003', { country: 'Norway' }), [], 'EMEA', 'Eva Novak'],
    [
      'US West by state name',
      demo('2004', { country: 'USA', state: 'California' }),
      [],
      'US West',
      'Wes Cole',
    ],
    [
      'rest of North America',
      demo('2005', { country: 'United States', state: 'NY' }),
      [],
      'North America',
      'Erin Shaw',
    ],
    [
      'strategic account by email domain',
      demo('2007', { email: 'cfo@eu.bigbank.com', country: 'UK' }),
      [],
      'Strategic accounts',
      'Stra Tegic',
    ],
  ])('%s', (_name, lead, companies, rule, ownerName) => {
    expect(decide(playbook, lead, companies)).toMatchObject({
      status: 'sales_ready',
      rule,
      owner: ownerName,
    });
  });

  test('a lead no rule covers routes as the built-in playbook does', () => {
    expect(decide(playbook, demo('2010', { country: 'Brazil' }))).toMatchObject({
      rule: null,
      owner: 'Sam Ortiz',
    });
    expect(decide(playbook, noRole('2011', { country: 'Germany' }))).toMatchObject({
      status: 'needs_qualification',
      rule: null,
      owner: 'Kim Park',
    });
  });

  test('the reason names the rule, its conditions, the pool and the owner', () => {
    expect(decide(playbook, demo('2001', { country: 'DE', numemployees: '2000' })).reason).toBe(
      'Sales-ready (high): fit 75, intent 60 (Demo request): Rule \'EMEA enterprise\' (status sales_ready, country in EMEA, size ≥ 1000) → round robin in HubSpot team "EMEA Enterprise AEs" to Greta Hahn',
    );
  });
});

describe('docs/examples/product-interest.yaml', () => {
  const playbook = load('product-interest.yaml');
  const enterprise = createdWithContact('9200', {
    name: 'Huge Inc',
    domain: 'northwind-3001.com',
    numberofemployees: '20000',
  });
  test.each([
    [
      'a high-priority enterprise demo',
      demo('3001', { product_interest: 'Payments' }),
      [enterprise],
      'sales_ready',
      'Enterprise demo',
      'Sol Reyes',
    ],
    [
      'Payments interest',
      demo('3002', { product_interest: 'payments' }),
      [],
      'sales_ready',
      'Payments',
      'Pia Marx',
    ],
    [
      'Payments interest needing qualification',
      noRole('3003', { product_interest: 'Card issuing' }),
      [],
      'needs_qualification',
      'Payments',
      'Pia Marx',
    ],
    [
      'Lending by the form message',
      demo('3004', { message: 'We need a LOAN platform' }),
      [],
      'sales_ready',
      'Lending',
      'Lena Ortiz',
    ],
    ['no product interest', demo('3005', {}), [], 'sales_ready', null, 'Sam Ortiz'],
  ])('%s', (_name, lead, companies, status, rule, ownerName) => {
    expect(decide(playbook, lead, companies)).toMatchObject({ status, rule, owner: ownerName });
  });

  test('a content reader gets no owner whatever their interest (nurture)', () => {
    const reader = contact('3006', {
      email: 'r@northwind-3006.com',
      jobtitle: 'Director of Operations',
      numemployees: '250',
      recent_conversion_event_name: 'Ebook download',
      product_interest: 'Payments',
    });
    expect(decide(playbook, reader)).toMatchObject({ status: 'nurture', owner: null, rule: null });
  });
});

describe("the README's routing-rules example", () => {
  it('is valid playbook data that routes as the README says', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Routing rules'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const base = parseYaml(
      readFileSync(join(__dirname, '..', '..', 'docs', 'examples', 'built-in.yaml'), 'utf8'),
    );
    const merged = {
      ...base,
      pools: [...base.pools, { id: 'emea_enterprise', team: 'EMEA Enterprise AEs' }],
      ...parseYaml(yaml),
    };
    const playbook = loadPlaybook(JSON.stringify(merged), 'readme.json');
    const lead = demo('2001', { country: 'Germany', numemployees: '2000' });
    expect(decide(playbook, lead)).toMatchObject({ rule: 'EMEA enterprise', owner: 'Greta Hahn' });
    expect(decide(playbook, demo('2002', { email: 'cfo@bigbank.com' }))).toMatchObject({
      rule: 'Strategic accounts',
      owner: 'Stra Tegic',
    });
  });
});
