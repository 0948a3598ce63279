import { formatTable, gateFailures } from '../../scripts/reliability/format-table';
import { info, zero, type TestResult } from '../../scripts/reliability/result';
import { runReliability } from '../../scripts/reliability/run-reliability';

/**
 * `npm run reliability` in its tiny form, end to end: app processes, the simulator, every test.
 * It asserts the harness's mechanics (every row, counts that add up, the table and the gate), not
 * the figures of the app as it is today: those are the suite's output, not its test.
 */

const postgresUrl = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;

const TESTS = [
  'signature mutation fuzz (webhooks, card)',
  'duplicate storm (each delivery 2-5×)',
  'lost answers on 30% of creates',
  '20% faults, rate limits on',
  'kill -9 loop, SQLite, 1 process',
  'kill -9 loop, PostgreSQL, 2 processes',
  'poison events',
  '30-minute HubSpot outage, compressed',
  'card tenant isolation fuzz (oauth)',
  'card tenant isolation fuzz (single-portal without HUBSPOT_PORTAL_ID)',
];

let results: TestResult[];
beforeAll(async () => {
  results = await runReliability({ form: 'tiny', postgresUrl });
}, 400_000);

const row = (test: string): TestResult => {
  const found = results.find((result) => result.test === test);
  if (!found) throw new Error(`no row for ${test}`);
  return found;
};
const counts = (test: string): Record<string, number> => row(test).counts ?? {};

it('runs every test to the end and gives each a row with its figures', () => {
  expect(results.map((result) => result.test)).toEqual(TESTS);
  for (const result of results) {
    expect(result.error).toBeUndefined();
    if (result.skipped) {
      expect(result.test).toContain('PostgreSQL');
      expect(postgresUrl).toBeUndefined();
      continue;
    }
    expect(result.checks.length).toBeGreaterThan(0);
    for (const check of result.checks) {
      if (check.goal === '0') expect(check.met).toBe(check.value === 0);
    }
  }
});

it('counts leads consistently: handled and lost add up, tasks and writes belong to leads', () => {
  const leadTests = TESTS.filter((test) => /storm|lost answers|faults|kill|outage/.test(test));
  for (const test of leadTests) {
    if (row(test).skipped) continue;
    const lead = counts(test);
    expect(lead.leads).toBeGreaterThan(0);
    expect(lead.handled! + lead.lost!).toBe(lead.leads);
    expect(lead.leadsWithTasks).toBeLessThanOrEqual(lead.handled!);
    expect(lead.tasks).toBeGreaterThanOrEqual(lead.leadsWithTasks!);
    expect(lead.tasksTwice).toBeLessThanOrEqual(lead.leadsWithTasks!);
    expect(lead.writes).toBeGreaterThanOrEqual(lead.handled!);
    expect(lead.identicalRewrites).toBeLessThan(Math.max(1, lead.writes!));
    expect(lead.rewritesAfterTaskFailure).toBeLessThanOrEqual(lead.identicalRewrites!);
  }
  expect(counts('kill -9 loop, SQLite, 1 process').kills).toBeGreaterThanOrEqual(1);
  const poison = counts('poison events');
  expect(poison.poisoned).toBeGreaterThan(0);
  expect(poison.deadPoison).toBeLessThanOrEqual(poison.poisoned!);
  expect(poison.leads! + poison.poisoned!).toBe(20);
  expect(counts('30-minute HubSpot outage, compressed').outageCalls).toBeGreaterThan(0);
});

it('sees what it measures: valid calls pass, mutations are sent, own contacts are shown', () => {
  const signatures = counts('signature mutation fuzz (webhooks, card)');
  expect(signatures.mutated).toBeGreaterThan(signatures.validCalls!);
  expect(signatures.validNot2xx).toBe(0);
  const oauth = counts('card tenant isolation fuzz (oauth)');
  expect(oauth.requests).toBeGreaterThan(0);
  // The markers are found where they must be, so a read across would be found too.
  expect(oauth.controlsShown).toBe(oauth.controls);
  // Without HUBSPOT_PORTAL_ID the token's portal is unknown: the card refuses, naming the setting.
  const single = counts('card tenant isolation fuzz (single-portal without HUBSPOT_PORTAL_ID)');
  expect(single.requests).toBeGreaterThan(0);
  expect(single.controlsRefused).toBe(single.controls);
});

it('prints one table line per test, and the gate names missed goals only', () => {
  expect(formatTable(results).split('\n')).toHaveLength(results.length + 2);
  const sample: TestResult = {
    test: 'sample',
    checks: [zero('lost', 2), zero('tasks twice', 0), info('kills', 3)],
    detail: '',
    seconds: 1,
  };
  expect(gateFailures([sample])).toEqual(['sample: lost 2 (goal 0)']);
  expect(formatTable([sample])).toContain(
    '| sample | lost 2, tasks twice 0, kills 3 | 0, 0, - | no (lost) |',
  );
});
