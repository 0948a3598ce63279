import { Faker, base, en } from '@faker-js/faker';
import type { Owner, Portal } from '../portal';
import { seedCompanies, type SeedAccount } from './seed-companies';
import { seedOwners } from './seed-owners';
import { seedContacts, seedDeals, type SeedContact } from './seed-people';

export interface SeedOptions {
  /** Same seed, same portal. */
  seed: number;
  companies?: number;
  contacts?: number;
  /** The portal's "now" for creation dates (default: the real clock). */
  now?: number;
}

/** What a seeded portal holds, for lead generators and tests. */
export interface SeedCatalog {
  owners: Owner[];
  accounts: SeedAccount[];
  contacts: SeedContact[];
  deals: number;
  /** Every registrable domain and company name in the portal: new companies must avoid them. */
  usedDomains: Set<string>;
  usedNames: Set<string>;
}

export function seededFaker(seed: number): Faker {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  return faker;
}

/** Fills a portal with owners, about 2,000 companies, deals and existing contacts, deterministically. */
export function seedPortal(portal: Portal, options: SeedOptions): SeedCatalog {
  const faker = seededFaker(options.seed);
  const now = options.now ?? Date.now();
  const owners = seedOwners(faker, new Date(now - 800 * 86_400_000).toISOString());
  portal.owners = owners;
  portal.seeding = true;
  try {
    const { accounts, usedDomains, usedNames } = seedCompanies(
      portal,
      faker,
      owners,
      options.companies ?? 2_000,
      now,
    );
    const deals = seedDeals(portal, faker, owners, accounts, now);
    const contacts = seedContacts(portal, faker, owners, accounts, options.contacts ?? 2_500, now);
    return { owners, accounts, contacts, deals, usedDomains, usedNames };
  } finally {
    portal.seeding = false;
  }
}
