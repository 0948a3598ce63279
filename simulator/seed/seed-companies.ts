import type { Faker } from '@faker-js/faker';
import type { Owner, Portal } from '../portal';
import { ownersOf } from './seed-owners';
import { COUNTRIES, COUNTRY_DOMAINS, domainLabel, INDUSTRIES, MULTI_PART_SUFFIXES } from './vocabulary';

/** An existing company and the email domains its employees write from. */
export interface SeedAccount {
  companyId: string;
  name: string;
  /** How HubSpot holds its domain (for reports): `domain`, `www-domain`, `multi-part`, … */
  form: DomainForm;
  emailDomains: string[];
  parentId?: string;
}

type DomainForm =
  'domain' | 'www-domain' | 'multi-part' | 'additional' | 'website-only' | 'child' | 'name-only';

/** How often each form occurs, roughly as portals hold them. */
const FORMS: Array<{ weight: number; value: DomainForm }> = [
  { weight: 50, value: 'domain' },
  { weight: 8, value: 'www-domain' },
  { weight: 10, value: 'multi-part' },
  { weight: 8, value: 'additional' },
  { weight: 7, value: 'website-only' },
  { weight: 10, value: 'child' },
  { weight: 4, value: 'name-only' },
];

interface Shape {
  properties: Record<string, string>;
  emailDomains: string[];
}

/** The properties of one company in one form, its employees' email domains, and its own domain. */
function shapeOf(form: DomainForm, label: string, faker: Faker, parent?: SeedAccount): Shape {
  const com = `${label}.com`;
  switch (form) {
    case 'domain':
      return { properties: { domain: com, website: `https://www.${com}` }, emailDomains: [com, `eu.${com}`] };
    case 'www-domain':
      return { properties: { domain: `www.${com}`, website: `http://www.${com}/` }, emailDomains: [com] };
    case 'multi-part': {
      const domain = `${label}.${faker.helpers.arrayElement(MULTI_PART_SUFFIXES)}`;
      return {
        properties: { domain, website: `https://www.${domain}` },
        emailDomains: [domain, `mail.${domain}`],
      };
    }
    case 'additional': {
      const extra = [`${label}.io`, `${label}-group.de`];
      return {
        properties: { domain: com, hs_additional_domains: extra.join(';'), website: `https://${com}` },
        emailDomains: [com, ...extra],
      };
    }
    case 'website-only': {
      const host = `${label}.net`;
      const website = faker.helpers.arrayElement([
        `https://www.${host}/about`,
        `http://${host}`,
        `www.${host}`,
      ]);
      return { properties: { website }, emailDomains: [host] };
    }
    case 'child': {
      const base = domainLabel(parent?.name ?? label) || label;
      const domain = `${base}.${faker.helpers.arrayElement(COUNTRY_DOMAINS)}`;
      return {
        properties: {
          domain,
          website: `https://www.${domain}`,
          hs_parent_company_id: parent?.companyId ?? '',
        },
        emailDomains: [domain],
      };
    }
    case 'name-only':
      return { properties: {}, emailDomains: [] };
  }
}

/**
 * About `count` companies in every form HubSpot holds domains in: `domain` (bare or with `www.`),
 * `website` URLs, `hs_additional_domains`, multi-part suffixes (`.co.uk`), and subsidiaries with
 * `hs_parent_company_id`. Registrable domains are unique, so each email domain names one account.
 */
export function seedCompanies(
  portal: Portal,
  faker: Faker,
  owners: readonly Owner[],
  count: number,
  now: number,
) {
  const accounts: SeedAccount[] = [];
  const usedDomains = new Set<string>();
  const usedNames = new Set<string>();
  const sales = ownersOf(owners, 'Sales');
  const formerSales = ownersOf(owners, 'Sales', true);
  while (accounts.length < count) {
    let form = faker.helpers.weightedArrayElement(FORMS);
    const parents = accounts.filter((account) => account.form === 'domain' && !account.parentId);
    const parent =
      form === 'child' ? faker.helpers.arrayElement(parents.length > 0 ? parents : [undefined]) : undefined;
    if (form === 'child' && !parent) form = 'domain';
    const baseName = faker.company.name();
    const name = parent
      ? `${parent.name} ${faker.helpers.arrayElement(['GmbH', 'Europe', 'UK Ltd', 'Pty Ltd', 'SAS'])}`
      : baseName;
    const label = domainLabel(baseName);
    const shape = shapeOf(form, label, faker, parent);
    const registrable = shape.emailDomains.map((domain) => domain.replace(/^(eu|mail)\./, ''));
    if (!label || usedNames.has(name.toLowerCase()) || registrable.some((domain) => usedDomains.has(domain)))
      continue;
    registrable.forEach((domain) => usedDomains.add(domain));
    usedNames.add(name.toLowerCase());
    const owner = faker.helpers.maybe(
      () => faker.helpers.arrayElement(faker.datatype.boolean(0.9) ? sales : formerSales),
      { probability: 0.7 },
    );
    const created = now - faker.number.int({ min: 60, max: 2_000 }) * 86_400_000;
    const record = portal.create(
      'companies',
      {
        name,
        ...shape.properties,
        numberofemployees: String(
          faker.helpers.weightedArrayElement([
            { weight: 3, value: faker.number.int({ min: 2, max: 49 }) },
            { weight: 5, value: faker.number.int({ min: 50, max: 1000 }) },
            { weight: 2, value: faker.number.int({ min: 1001, max: 20_000 }) },
          ]),
        ),
        industry: faker.helpers.arrayElement(INDUSTRIES),
        country: faker.helpers.arrayElement(COUNTRIES),
        city: faker.location.city(),
        hubspot_owner_id: owner?.id ?? '',
        notes_last_updated: new Date(now - faker.number.int({ min: 1, max: 400 }) * 86_400_000).toISOString(),
      },
      { seeding: true, createdAt: created },
    );
    accounts.push({
      companyId: record.id,
      name,
      form,
      emailDomains: shape.emailDomains,
      ...(parent ? { parentId: parent.companyId } : {}),
    });
  }
  return { accounts, usedDomains, usedNames };
}
