import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlaybook } from '../../src/handoff/load-playbook';
import { openStore } from '../../src/store/open-store';
import { bareEnv, runScript } from '../support/run-command';
import { seedEvidence } from '../support/seed-evidence';
import { simulatedMqls } from '../support/simulated-evidence';

/** The README's `npm run handoff -- evidence` and `-- suggest`, run as commands over a stored month. */
describe('npm run handoff -- evidence / suggest, as a command', () => {
  const folder = mkdtempSync(join(tmpdir(), 'handoff-evidence-cli-'));
  const databaseUrl = `sqlite:${join(folder, 'handoff.db')}`;
  const env = bareEnv({
    HUBSPOT_ACCESS_TOKEN: 'pat-na1-x',
    HUBSPOT_PORTAL_ID: '123',
    DATABASE_URL: databaseUrl,
  });

  beforeAll(async () => {
    const store = await openStore(databaseUrl);
    await seedEvidence(store, 123, simulatedMqls(800, 5));
    await store.close();
  });

  it('prints the evidence as CSV on stdout, and nothing of HubSpot is called', async () => {
    const result = await runScript(
      'src/cli/handoff.ts',
      ['evidence', '--from', '2026-09-20', '--to', '2026-10-10', '--csv'],
      { env },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trim().split(/\r?\n/);
    expect(header).toMatch(/^dimension,group,points,leads,mqls,/);
    expect(rows.find((row) => row.startsWith('rule,fit.seniority: Director or VP,35,'))).toBeDefined();
  });

  it('writes the suggestion for replay with --out', async () => {
    const out = join(folder, 'suggested.yaml');
    const result = await runScript(
      'src/cli/handoff.ts',
      [
        'suggest',
        '--from',
        '2026-09-20',
        '--to',
        '2026-10-10',
        '--keep-opportunities',
        '0.7',
        '--fewer-mqls',
        '0.2',
        '--out',
        out,
      ],
      { env },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Playbook diff against version in use (fallback):');
    expect(result.stdout).toContain(`Wrote the suggested playbook to ${out}`);
    expect(loadPlaybook(await readFile(out, 'utf8'), out).name).toBe('Default playbook');
  });

  it('names a bad option and its fix', async () => {
    const result = await runScript('src/cli/handoff.ts', ['suggest', '--fewer-mqls', 'lots'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('fewer must be a share such as 0.9 or 90%');
  });
});
