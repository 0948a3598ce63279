import { describeError } from '../../src/errors';
import type { TestResult } from './result';
import { signatureFuzz } from './signature-fuzz';
import { tenantFuzz } from './tenant-fuzz';
import { killLoop, type KillLoopSize } from './kill-loop';
import { compressedOutage, poisonEvents, type OutageSize, type PoisonSize } from './poison-and-outage';
import { duplicateStorm, faultsWithRateLimits, lostAnswers, type StreamSize } from './lead-streams';

/** How big each test runs: `full` for release checks, `short` for CI, `tiny` for the suite's own test. */
export type Form = 'full' | 'short' | 'tiny';

export interface ReliabilityOptions {
  form: Form;
  /** A `postgres://` URL for the PostgreSQL kill loop; without it that test is skipped, saying so. */
  postgresUrl?: string;
  /** Runs only the tests whose name contains one of these. */
  only?: string[];
  /** Called with each result as it is known (the command prints progress). */
  onResult?: (result: TestResult) => void;
}

interface Sizes {
  signatureCalls: number;
  storm: StreamSize;
  lostAnswers: StreamSize;
  faults: StreamSize;
  killLoop: KillLoopSize;
  poison: PoisonSize;
  outage: OutageSize;
  tenantContacts: number;
}

const SIZES: Record<Form, Sizes> = {
  full: {
    signatureCalls: 15,
    storm: { leads: 300, perSecond: 50, settleMs: 120_000 },
    lostAnswers: { leads: 150, perSecond: 15, settleMs: 120_000 },
    faults: { leads: 150, perSecond: 50, settleMs: 120_000 },
    killLoop: { leads: 1_000, perSecond: 15, kills: 20, settleMs: 150_000 },
    poison: { leads: 300, poison: 10, perSecond: 50, settleMs: 120_000 },
    outage: { leads: 300, outageMinutes: 30, timeScale: 1 / 60, settleMs: 120_000 },
    tenantContacts: 40,
  },
  short: {
    signatureCalls: 4,
    storm: { leads: 40, perSecond: 50, settleMs: 60_000 },
    lostAnswers: { leads: 40, perSecond: 8, settleMs: 60_000 },
    faults: { leads: 30, perSecond: 30, settleMs: 60_000 },
    killLoop: { leads: 120, perSecond: 30, kills: 3, settleMs: 60_000 },
    poison: { leads: 60, poison: 4, perSecond: 50, settleMs: 60_000 },
    outage: { leads: 60, outageMinutes: 30, timeScale: 1 / 120, settleMs: 60_000 },
    tenantContacts: 8,
  },
  tiny: {
    signatureCalls: 1,
    storm: { leads: 10, perSecond: 20, settleMs: 30_000 },
    lostAnswers: { leads: 10, perSecond: 20, settleMs: 30_000 },
    faults: { leads: 10, perSecond: 20, settleMs: 30_000 },
    killLoop: { leads: 20, perSecond: 10, kills: 1, settleMs: 30_000 },
    poison: { leads: 20, poison: 2, perSecond: 20, settleMs: 30_000 },
    outage: { leads: 10, outageMinutes: 30, timeScale: 1 / 300, settleMs: 30_000 },
    tenantContacts: 2,
  },
};

function skipped(test: string, why: string): Promise<TestResult> {
  return Promise.resolve({ test, checks: [], detail: '', seconds: 0, skipped: why });
}

/** Runs the suite's tests one after another (they share two cores) and returns a row for each. */
export async function runReliability(options: ReliabilityOptions): Promise<TestResult[]> {
  const sizes = SIZES[options.form];
  const tests: Array<{ name: string; run: () => Promise<TestResult> }> = [
    { name: 'signature', run: () => signatureFuzz({ calls: sizes.signatureCalls }) },
    { name: 'storm', run: () => duplicateStorm(sizes.storm) },
    { name: 'lost-answers', run: () => lostAnswers(sizes.lostAnswers) },
    { name: 'faults', run: () => faultsWithRateLimits(sizes.faults) },
    {
      name: 'kill-sqlite',
      run: () => killLoop(sizes.killLoop, { label: 'SQLite, 1 process', processes: 1 }),
    },
    {
      name: 'kill-postgres',
      run: () =>
        options.postgresUrl
          ? killLoop(sizes.killLoop, {
              label: 'PostgreSQL, 2 processes',
              database: options.postgresUrl,
              processes: 2,
            })
          : skipped(
              'kill -9 loop, PostgreSQL, 2 processes',
              'no PostgreSQL: pass --database postgres://… or set DATABASE_URL',
            ),
    },
    { name: 'poison', run: () => poisonEvents(sizes.poison) },
    { name: 'outage', run: () => compressedOutage(sizes.outage) },
    { name: 'tenants-oauth', run: () => tenantFuzz({ contacts: sizes.tenantContacts }, 'oauth') },
    {
      name: 'tenants-single-portal',
      run: () => tenantFuzz({ contacts: sizes.tenantContacts }, 'single-portal without HUBSPOT_PORTAL_ID'),
    },
  ];
  const results: TestResult[] = [];
  for (const test of tests) {
    if (options.only && !options.only.some((name) => test.name.includes(name))) continue;
    const started = Date.now();
    let result: TestResult;
    try {
      result = await test.run();
    } catch (error) {
      result = {
        test: test.name,
        checks: [],
        detail: 'did not finish',
        seconds: (Date.now() - started) / 1000,
        error: describeError(error),
      };
    }
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}
