import type { Faker } from '@faker-js/faker';
import type { SeedCatalog } from './seed-portal';
import { workAddress } from './seed-people';
import { CONTENT_CONVERSIONS, COUNTRIES, domainLabel, NEW_COMPANY_SUFFIXES, SOURCES } from './vocabulary';

/** The same mailbox written another way, for providers that deliver both to one inbox. */
export function mailboxVariant(faker: Faker, email: string): string | undefined {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const tag = `+${faker.helpers.arrayElement(['news', 'promo', 'hs', 'events'])}`;
  const recase = (text: string) =>
    text.replace(/(^|\.)([a-z])/g, (_m, dot: string, letter: string) => dot + letter.toUpperCase());
  if (domain === 'gmail.com') {
    return faker.helpers.arrayElement([
      `${local.replace(/\./g, '')}${tag}@gmail.com`,
      `${recase(local)}${tag}@Gmail.com`,
      local.includes('.')
        ? `${local.replace(/\./g, '')}@gmail.com`
        : `${local.slice(0, 2)}.${local.slice(2)}@gmail.com`,
    ]);
  }
  // Outlook, iCloud and Proton ignore `+tags` but not dots; case never matters.
  if (['outlook.com', 'hotmail.com', 'icloud.com', 'proton.me'].includes(domain))
    return `${recase(local)}${tag}@${domain}`;
  return undefined;
}

export class LeadFactory {
  private readonly used = new Set<string>();

  constructor(
    private readonly faker: Faker,
    private readonly catalog: SeedCatalog,
  ) {
    for (const contact of catalog.contacts) this.used.add(contact.email.toLowerCase());
  }

  /** A company no account of the portal matches, by domain or by name. */
  newCompany(): { name: string; domain: string } {
    for (;;) {
      const name = this.faker.company.name();
      const label = domainLabel(name);
      const domain = `${label}.${this.faker.helpers.arrayElement(NEW_COMPANY_SUFFIXES)}`;
      if (!label || this.catalog.usedNames.has(name.toLowerCase()) || this.catalog.usedDomains.has(domain))
        continue;
      this.catalog.usedDomains.add(domain);
      this.catalog.usedNames.add(name.toLowerCase());
      return { name, domain };
    }
  }

  /** A person and an address not yet used in the portal. */
  person(domain: string): { firstname: string; lastname: string; email: string } {
    for (;;) {
      const firstname = this.faker.person.firstName();
      const lastname = this.faker.person.lastName();
      const email = workAddress(this.faker, firstname, lastname, domain);
      if (this.used.has(email.toLowerCase())) continue;
      this.used.add(email.toLowerCase());
      return { firstname, lastname, email };
    }
  }

  claim(email: string): boolean {
    if (this.used.has(email.toLowerCase())) return false;
    this.used.add(email.toLowerCase());
    return true;
  }

  /** Marketing signals a new contact arrives with. */
  signals(conversion: string, engaged: boolean): Record<string, string> {
    const f = this.faker;
    return {
      recent_conversion_event_name: conversion,
      first_conversion_event_name: f.datatype.boolean(0.7)
        ? conversion
        : f.helpers.arrayElement(CONTENT_CONVERSIONS),
      num_conversion_events: String(f.number.int({ min: 1, max: engaged ? 4 : 2 })),
      hs_analytics_source: f.helpers.arrayElement(SOURCES),
      hs_analytics_source_data_1: f.helpers.arrayElement(['google', 'linkedin', 'newsletter', 'g2', '']),
      hs_analytics_first_url: `https://www.handoff-demo.example/${f.helpers.arrayElement(['pricing', 'blog/lead-routing', 'demo', 'guides/sla'])}`,
      hs_analytics_num_page_views: String(f.number.int({ min: 1, max: engaged ? 30 : 6 })),
      hs_analytics_num_visits: String(f.number.int({ min: 1, max: engaged ? 12 : 3 })),
      country: f.helpers.arrayElement(COUNTRIES),
      lifecyclestage: 'lead',
    };
  }
}
