import type { Faker } from '@faker-js/faker';
import type { Owner } from '../portal';

export const TEAMS = { Sales: '4101', SDR: '4102', Marketing: '4103' } as const;
export type TeamName = keyof typeof TEAMS;

/** How many owners each team has, and how many of them are archived (left the company). */
const ROSTER: Array<{ team: TeamName; active: number; archived: number }> = [
  { team: 'Sales', active: 7, archived: 1 },
  { team: 'SDR', active: 4, archived: 1 },
  { team: 'Marketing', active: 3, archived: 1 },
];

/** Owners in the teams Sales, SDR and Marketing; one SDR lead also sits in Marketing. */
export function seedOwners(faker: Faker, since: string): Owner[] {
  const owners: Owner[] = [];
  let n = 0;
  for (const { team, active, archived } of ROSTER) {
    for (let i = 0; i < active + archived; i += 1) {
      n += 1;
      const firstName = faker.person.firstName();
      const lastName = faker.person.lastName();
      owners.push({
        id: String(71_000_000 + n * 173),
        email: `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '') + '@handoff-vendor.example',
        firstName,
        lastName,
        userId: 9_100_000 + n,
        userIdIncludingInactive: 9_100_000 + n,
        type: 'PERSON',
        archived: i >= active,
        createdAt: since,
        updatedAt: since,
        teams: [{ id: TEAMS[team], name: team, primary: true }],
      });
    }
  }
  const sdrLead = owners.find((owner) => owner.teams[0]?.name === 'SDR' && !owner.archived);
  sdrLead?.teams.push({ id: TEAMS.Marketing, name: 'Marketing', primary: false });
  return owners;
}

export function ownersOf(owners: readonly Owner[], team: TeamName, archived = false): Owner[] {
  return owners.filter(
    (owner) => owner.archived === archived && owner.teams.some((member) => member.name === team),
  );
}
