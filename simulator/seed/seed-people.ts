import type { Faker } from '@faker-js/faker';
import type { Owner, Portal } from '../portal';
import type { SeedAccount } from './seed-companies';
import { ownersOf } from './seed-owners';
import {
  CLOSED_STAGES,
  CONTENT_CONVERSIONS,
  EMPLOYEE_RANGES,
  FREE_EMAIL_DOMAINS,
  FUNCTIONS,
  MANAGER_TITLES,
  OPEN_STAGES,
  SENIOR_TITLES,
  SOURCES,
} from './vocabulary';

export interface SeedContact {
  id: string;
  email: string;
  companyId: string | null;
}

const DAY = 86_400_000;

export function title(faker: Faker, patterns: readonly string[]): string {
  return faker.helpers.arrayElement(patterns).replace('{f}', faker.helpers.arrayElement(FUNCTIONS));
}

/** A person's address on a domain: `ann.lee@`, `alee@` or `ann@`. */
export function workAddress(faker: Faker, first: string, last: string, domain: string): string {
  const [f, l] = [first, last].map((part) => part.toLowerCase().replace(/[^a-z]/g, '') || 'x') as [
    string,
    string,
  ];
  const local = faker.helpers.arrayElement([`${f}.${l}`, `${f[0]}${l}`, `${f}`, `${f}_${l}`]);
  return `${local}@${domain}`;
}

/** Deals on about a third of the accounts: open ones (with owners) and closed won or lost. */
export function seedDeals(
  portal: Portal,
  faker: Faker,
  owners: readonly Owner[],
  accounts: readonly SeedAccount[],
  now: number,
): number {
  const sales = ownersOf(owners, 'Sales');
  const former = ownersOf(owners, 'Sales', true);
  let count = 0;
  for (const account of accounts) {
    if (!faker.datatype.boolean(0.35)) continue;
    const company = portal.mustGet('companies', account.companyId);
    for (let i = faker.number.int({ min: 1, max: 3 }); i > 0; i -= 1) {
      const open = faker.datatype.boolean(0.4);
      const ownerPool = open ? sales : faker.datatype.boolean(0.8) ? sales : former;
      const owner =
        company.properties.hubspot_owner_id && faker.datatype.boolean(0.6)
          ? company.properties.hubspot_owner_id
          : faker.helpers.arrayElement(ownerPool).id;
      const created = now - faker.number.int({ min: 5, max: 700 }) * DAY;
      const deal = portal.create(
        'deals',
        {
          dealname: `${account.name} - ${faker.helpers.arrayElement(['New business', 'Expansion', 'Renewal', 'Pilot'])}`,
          amount: String(faker.number.int({ min: 20, max: 400 }) * 500),
          pipeline: 'default',
          dealstage: faker.helpers.arrayElement(open ? OPEN_STAGES : CLOSED_STAGES),
          closedate: new Date(created + faker.number.int({ min: 20, max: 120 }) * DAY).toISOString(),
          hubspot_owner_id: owner,
        },
        { seeding: true, createdAt: created },
      );
      portal.associate('companies', account.companyId, 'deals', deal.id, 342);
      count += 1;
    }
  }
  return count;
}

/** Contacts already in the portal: most at accounts (associated), some on free email addresses. */
export function seedContacts(
  portal: Portal,
  faker: Faker,
  owners: readonly Owner[],
  accounts: readonly SeedAccount[],
  count: number,
  now: number,
): SeedContact[] {
  const withDomains = accounts.filter((account) => account.emailDomains.length > 0);
  const sales = ownersOf(owners, 'Sales');
  const contacts: SeedContact[] = [];
  const used = new Set<string>();
  while (contacts.length < count) {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const account = faker.datatype.boolean(0.75) ? faker.helpers.arrayElement(withDomains) : undefined;
    const email = account
      ? workAddress(faker, first, last, account.emailDomains[0] as string)
      : workAddress(faker, first, last, faker.helpers.arrayElement(FREE_EMAIL_DOMAINS)).replace('_', '.');
    if (used.has(email.toLowerCase())) continue;
    used.add(email.toLowerCase());
    const record = portal.create(
      'contacts',
      {
        email,
        firstname: first,
        lastname: last,
        jobtitle: title(faker, faker.datatype.boolean(0.3) ? SENIOR_TITLES : MANAGER_TITLES),
        company: account?.name ?? '',
        numemployees: faker.helpers.arrayElement(EMPLOYEE_RANGES),
        lifecyclestage: faker.helpers.arrayElement([
          'subscriber',
          'lead',
          'marketingqualifiedlead',
          'opportunity',
          'customer',
        ]),
        hubspot_owner_id: faker.datatype.boolean(0.4) ? faker.helpers.arrayElement(sales).id : '',
        hs_analytics_source: faker.helpers.arrayElement(SOURCES),
        first_conversion_event_name: faker.helpers.arrayElement(CONTENT_CONVERSIONS),
        num_conversion_events: String(faker.number.int({ min: 1, max: 6 })),
      },
      { seeding: true, createdAt: now - faker.number.int({ min: 10, max: 900 }) * DAY },
    );
    if (account) portal.associate('contacts', record.id, 'companies', account.companyId, 279);
    contacts.push({ id: record.id, email, companyId: account?.companyId ?? null });
  }
  return contacts;
}
