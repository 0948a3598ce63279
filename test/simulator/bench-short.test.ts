import { bareEnv, runScript } from '../support/run-command';

/**
 * `npm run bench -- --short` end to end: the table's shape and that every figure is a number. The
 * goals are the bench's to report, not this test's to assert (figures depend on the machine).
 */
const databaseUrl = process.env.DATABASE_URL ?? '';

describe('npm run bench -- --short', () => {
  let result: { code: number | null; stdout: string; stderr: string };
  beforeAll(async () => {
    result = await runScript('bench/bench.ts', ['--short'], {
      env: bareEnv(databaseUrl.startsWith('postgres') ? { DATABASE_URL: databaseUrl } : {}),
    });
  }, 240_000);

  const rows = () =>
    result.stdout
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| Part') && !line.startsWith('| ---'))
      .map((line) =>
        line
          .slice(2, -2)
          .split(' | ')
          .map((cell) => cell.trim()),
      );

  it('finishes and prints one table with a goal beside each goal-bearing figure', () => {
    expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(result.stdout).toContain('| Part | Figure | Measured | Goal | Met |');
    for (const row of rows()) expect(row).toHaveLength(5);
    const sections = new Set(rows().map(([section]) => section?.replace(/\d[\d,]*/g, 'N')));
    expect([...sections]).toEqual([
      'Import of N contacts',
      'One lead, HubSpot answers N ms late (N leads each)',
      'Intake, signed N-event batches (sqlite)',
      'Memory',
      'N portals × N leads, PostgreSQL',
      'Machine',
    ]);
    const goals = rows().filter(([, , , goal]) => goal !== '');
    for (const [, figure, measured, , met] of goals) {
      if (measured?.startsWith('not run')) continue;
      expect({ figure, met: ['yes', 'no'].includes(met ?? '') }).toEqual({ figure, met: true });
    }
    expect(goals.map(([, figure]) => figure)).toEqual(
      expect.arrayContaining([
        'wall time ÷ floor',
        'HubSpot calls per lead',
        'busiest rolling 10 s window',
        '429 answers',
        'durable ÷ without insert',
      ]),
    );
  });

  it('measures every figure as a number (PostgreSQL parts only with a postgres:// DATABASE_URL)', () => {
    for (const [section, figure, measured] of rows()) {
      const postgresPart = section?.includes('PostgreSQL');
      if (postgresPart && !databaseUrl.startsWith('postgres')) {
        expect(measured).toMatch(/^not run \(set DATABASE_URL/);
        continue;
      }
      expect({ figure, measured: Number.isFinite(Number.parseFloat(measured ?? '')) }).toEqual({
        figure,
        measured: true,
      });
    }
    const written = rows().find(
      ([section, figure]) => section?.startsWith('Import') && figure === 'leads written',
    );
    expect(written?.[2]).toBe('500 of 500');
  });
});
