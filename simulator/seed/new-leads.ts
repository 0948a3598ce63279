import type { Faker } from '@faker-js/faker';
import { seededFaker, type SeedCatalog } from './seed-portal';
import { LeadFactory, mailboxVariant } from './lead-factory';
import { title } from './seed-people';
import {
  BUYING_CONVERSIONS,
  CONTENT_CONVERSIONS,
  DISPOSABLE_EMAIL_DOMAINS,
  domainLabel,
  EXECUTIVE_TITLES,
  FIT_RANGES,
  FREE_EMAIL_DOMAINS,
  JUNIOR_TITLES,
  MANAGER_TITLES,
  NEWSLETTER_CONVERSIONS,
  PRICING_CONVERSIONS,
  SENIOR_TITLES,
  STUDENT_TITLES,
  WEBINAR_CONVERSIONS,
} from './vocabulary';

export type LeadCase =
  | 'demo_buyer'
  | 'pricing_or_trial'
  | 'content_download'
  | 'webinar'
  | 'newsletter'
  | 'student'
  | 'free_email'
  | 'disposable'
  | 'existing_account'
  | 'duplicate_existing'
  | 'duplicate_in_stream'
  | 'missing_role'
  | 'missing_company';

/** A new contact to create, labelled with what a perfect matcher would find for it. */
export interface NewLead {
  index: number;
  case: LeadCase;
  properties: Record<string, string>;
  expected: {
    /** The existing company the contact belongs to, or null. */
    companyId: string | null;
    /** The contact it duplicates: an existing one, or an earlier lead of the same stream. */
    duplicateOf: { contactId: string } | { leadIndex: number } | null;
  };
}

const CASES: Array<{ weight: number; value: LeadCase }> = [
  { weight: 14, value: 'demo_buyer' },
  { weight: 6, value: 'pricing_or_trial' },
  { weight: 13, value: 'content_download' },
  { weight: 5, value: 'webinar' },
  { weight: 5, value: 'newsletter' },
  { weight: 5, value: 'student' },
  { weight: 6, value: 'free_email' },
  { weight: 4, value: 'disposable' },
  { weight: 22, value: 'existing_account' },
  { weight: 8, value: 'duplicate_existing' },
  { weight: 3, value: 'duplicate_in_stream' },
  { weight: 4, value: 'missing_role' },
  { weight: 5, value: 'missing_company' },
];

type Built = Omit<NewLead, 'index'>;

function build(factory: LeadFactory, faker: Faker, catalog: SeedCatalog, kind: LeadCase): Built | undefined {
  const none = { companyId: null, duplicateOf: null };
  const fitBuyer = (conversion: string, titles: readonly string[]): Built['properties'] => {
    const company = factory.newCompany();
    return {
      ...factory.person(company.domain),
      company: company.name,
      jobtitle: title(faker, titles),
      numemployees: faker.helpers.arrayElement(FIT_RANGES),
      ...factory.signals(conversion, true),
      message: faker.helpers.arrayElement([
        '',
        'We need faster lead routing before Q3.',
        'Evaluating tools for our SDR team this quarter.',
      ]),
    };
  };
  switch (kind) {
    case 'demo_buyer':
      return {
        case: kind,
        properties: fitBuyer(faker.helpers.arrayElement(BUYING_CONVERSIONS), [
          ...SENIOR_TITLES,
          ...EXECUTIVE_TITLES,
        ]),
        expected: none,
      };
    case 'pricing_or_trial':
      return {
        case: kind,
        properties: fitBuyer(faker.helpers.arrayElement(PRICING_CONVERSIONS), [
          ...SENIOR_TITLES,
          ...MANAGER_TITLES,
        ]),
        expected: none,
      };
    case 'content_download':
      return {
        case: kind,
        properties: fitBuyer(faker.helpers.arrayElement(CONTENT_CONVERSIONS), [
          ...SENIOR_TITLES,
          ...MANAGER_TITLES,
        ]),
        expected: none,
      };
    case 'webinar':
      return {
        case: kind,
        properties: fitBuyer(faker.helpers.arrayElement(WEBINAR_CONVERSIONS), MANAGER_TITLES),
        expected: none,
      };
    case 'newsletter':
      return {
        case: kind,
        properties: { ...fitBuyer(faker.helpers.arrayElement(NEWSLETTER_CONVERSIONS), JUNIOR_TITLES) },
        expected: none,
      };
    case 'student': {
      const domain = faker.datatype.boolean(0.6)
        ? faker.helpers.arrayElement(FREE_EMAIL_DOMAINS)
        : `${domainLabel(faker.location.city())}-university.edu`;
      return {
        case: kind,
        properties: {
          ...factory.person(domain),
          jobtitle: faker.helpers.arrayElement(STUDENT_TITLES),
          company: `${faker.location.city()} University`,
          ...factory.signals(faker.helpers.arrayElement(CONTENT_CONVERSIONS), false),
        },
        expected: none,
      };
    }
    case 'free_email': {
      const company = factory.newCompany();
      return {
        case: kind,
        properties: {
          ...factory.person(faker.helpers.arrayElement(FREE_EMAIL_DOMAINS)),
          company: company.name,
          jobtitle: title(faker, SENIOR_TITLES),
          numemployees: faker.helpers.arrayElement(FIT_RANGES),
          ...factory.signals(
            faker.helpers.arrayElement([...BUYING_CONVERSIONS, ...CONTENT_CONVERSIONS]),
            true,
          ),
        },
        expected: none,
      };
    }
    case 'disposable':
      return {
        case: kind,
        properties: {
          ...factory.person(faker.helpers.arrayElement(DISPOSABLE_EMAIL_DOMAINS)),
          company: factory.newCompany().name,
          jobtitle: title(faker, MANAGER_TITLES),
          ...factory.signals(faker.helpers.arrayElement(BUYING_CONVERSIONS), false),
        },
        expected: none,
      };
    case 'existing_account': {
      const account = faker.helpers.arrayElement(
        catalog.accounts.filter((candidate) => candidate.emailDomains.length > 0),
      );
      return {
        case: kind,
        properties: {
          ...factory.person(faker.helpers.arrayElement(account.emailDomains)),
          company: account.name,
          jobtitle: title(faker, [...SENIOR_TITLES, ...MANAGER_TITLES, ...JUNIOR_TITLES]),
          ...factory.signals(
            faker.helpers.arrayElement([
              ...BUYING_CONVERSIONS,
              ...CONTENT_CONVERSIONS,
              ...WEBINAR_CONVERSIONS,
            ]),
            true,
          ),
        },
        expected: { companyId: account.companyId, duplicateOf: null },
      };
    }
    case 'duplicate_existing': {
      const original = faker.helpers.arrayElement(
        catalog.contacts.filter((contact) => mailboxVariant(faker, contact.email) !== undefined),
      );
      const email = mailboxVariant(faker, original.email);
      if (!email || !factory.claim(email)) return undefined;
      const existing = catalog.contacts.find((contact) => contact.id === original.id);
      return {
        case: kind,
        properties: {
          email,
          firstname: '',
          lastname: '',
          jobtitle: title(faker, MANAGER_TITLES),
          ...factory.signals(faker.helpers.arrayElement(CONTENT_CONVERSIONS), false),
        },
        expected: { companyId: null, duplicateOf: { contactId: existing?.id ?? original.id } },
      };
    }
    case 'missing_role': {
      const properties = fitBuyer(faker.helpers.arrayElement(BUYING_CONVERSIONS), SENIOR_TITLES);
      return { case: kind, properties: { ...properties, jobtitle: '' }, expected: none };
    }
    case 'missing_company':
      return {
        case: kind,
        properties: {
          ...factory.person(faker.helpers.arrayElement(FREE_EMAIL_DOMAINS)),
          jobtitle: title(faker, SENIOR_TITLES),
          ...factory.signals(faker.helpers.arrayElement(BUYING_CONVERSIONS), true),
        },
        expected: none,
      };
    case 'duplicate_in_stream':
      return undefined;
  }
}

/**
 * `count` new contacts across the playbook's cases, deterministic by seed, each labelled with the
 * expected company and duplicate so match precision and recall can be computed. A duplicate within
 * the stream is a pair: a Gmail contact, then the same mailbox dotted or tagged a few leads later.
 */
export function generateLeads(catalog: SeedCatalog, options: { count: number; seed: number }): NewLead[] {
  const faker = seededFaker(options.seed);
  const factory = new LeadFactory(faker, catalog);
  const leads: NewLead[] = [];
  const pending: Array<{ at: number; lead: Built }> = [];
  while (leads.length < options.count) {
    const due = pending.findIndex((item) => item.at <= leads.length);
    if (due >= 0) {
      const [item] = pending.splice(due, 1);
      if (item) leads.push({ index: leads.length, ...item.lead });
      continue;
    }
    const kind = faker.helpers.weightedArrayElement(CASES);
    if (kind === 'duplicate_in_stream') {
      if (leads.length + 2 > options.count) continue;
      const first = factory.person('gmail.com');
      const properties = {
        ...first,
        jobtitle: title(faker, MANAGER_TITLES),
        ...factory.signals(faker.helpers.arrayElement(CONTENT_CONVERSIONS), false),
      };
      const variant = mailboxVariant(faker, first.email);
      if (!variant || !factory.claim(variant)) continue;
      const firstIndex = leads.length;
      leads.push({
        index: firstIndex,
        case: 'content_download',
        properties,
        expected: { companyId: null, duplicateOf: null },
      });
      pending.push({
        at: firstIndex + faker.number.int({ min: 1, max: 4 }),
        lead: {
          case: kind,
          properties: { ...properties, email: variant },
          expected: { companyId: null, duplicateOf: { leadIndex: firstIndex } },
        },
      });
      continue;
    }
    const built = build(factory, faker, catalog, kind);
    if (built) leads.push({ index: leads.length, ...built });
  }
  return leads.slice(0, options.count);
}
