import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { stringify as toYaml } from 'yaml';
import { evidenceCommand, suggestCommand } from '../../src/cli/evidence-commands';
import { EvidenceService } from '../../src/evidence/evidence-service';
import { DEFAULT_PLAYBOOK } from '../../src/handoff/default-playbook';
import { loadPlaybook } from '../../src/handoff/load-playbook';
import { PortalPlaybooks } from '../../src/playbooks/portal-playbooks';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { T0 } from '../support/evidence-leads';
import { seedEvidence } from '../support/seed-evidence';
import { simulatedMqls } from '../support/simulated-evidence';

const PORTAL = 62515;
const NOW = T0 + 5 * 86_400_000;

describe('npm run handoff -- evidence / suggest', () => {
  let store: Store;
  let service: EvidenceService;
  const progress: Array<[number, number]> = [];
  const context = () => ({
    evidence: service,
    portalId: PORTAL,
    now: NOW,
    progress: (done: number, total: number) => progress.push([done, total]),
  });

  // The store's reads behind the evidence, on PostgreSQL too when DATABASE_URL names one.
  const databaseUrl = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;
  const schema = `handoff_test_evidence_${process.pid}_${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    store = databaseUrl ? await openStore(databaseUrl, { schema }) : await openStore('sqlite::memory:');
    await seedEvidence(store, PORTAL, simulatedMqls(1500, 3));
    const playbooks = new PortalPlaybooks({ store, fallback: DEFAULT_PLAYBOOK, now: () => NOW, ttlMs: 0 });
    service = new EvidenceService({
      store,
      playbooks,
      ratings: async () => [
        { contactId: '1000', rating: 4 },
        { contactId: '1001', rating: 2 },
      ],
    });
  });
  afterAll(async () => {
    await store.close();
    if (!databaseUrl) return;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });

  it('prints the evidence tables with counts, intervals and the sample-size guard', async () => {
    const text = await evidenceCommand(context(), ['evidence', '--from', '2026-09-20', '--min', '30']);
    expect(text).toMatch(/^Evidence: 1500 decided leads, 1500 MQLs \(2026-09-20 to 2026-10-06/);
    const director = text.split('\n').find((line) => line.startsWith('fit.seniority: Director or VP'));
    // Points, leads, MQLs, then a rate with its interval and count, a lift with its interval.
    expect(director).toMatch(
      /^fit\.seniority: Director or VP\s+35\s+\d+\s+\d+\s.*\d+% \(\d+%–\d+%\) \d+\/\d+.*×\d\.\d\d \(\d\.\d\d–\d\.\d\d\)/,
    );
    expect(text).toContain('Source');
    expect(text).toMatch(/too few \(n=\d+\)/);
    // Two leads rated of 1500: the rule rows show the count behind the average.
    expect(director).toMatch(/too few \(n=[01]\)|\d\.\d \(n=\d\)/);
    expect(progress.at(-1)?.[0]).toBe(progress.at(-1)?.[1]);
  });

  it('serves the same numbers as CSV and JSON', async () => {
    const csv = await evidenceCommand(context(), ['evidence', '--from', '2026-09-20', '--csv']);
    const [header, ...lines] = csv.split('\r\n');
    expect(header?.split(',').slice(0, 4)).toEqual(['dimension', 'group', 'points', 'leads']);
    expect(lines.find((line) => line.startsWith('rule,fit.seniority: Director or VP,35,'))).toBeDefined();
    const json = JSON.parse(
      await evidenceCommand(context(), ['evidence', '--from', '2026-09-20', '--json']),
    ) as {
      leads: number;
      rows: Array<Record<string, unknown>>;
    };
    expect(json.leads).toBe(1500);
    expect(json.rows.find((row) => row.group === 'fit.seniority: Director or VP')?.mqls).toEqual(
      expect.any(Number),
    );
  });

  it('counts only the decisions of the playbook version asked for', async () => {
    const json = (version: string) =>
      evidenceCommand(context(), ['evidence', '--from', '2026-09-20', '--version', version, '--json']).then(
        (text) => JSON.parse(text) as { leads: number },
      );
    expect((await json('pb-seeded1')).leads).toBe(1500);
    expect((await json('pb-0ther')).leads).toBe(0);
  });

  it('refuses a bad goal or period with the fix', async () => {
    await expect(evidenceCommand(context(), ['evidence', '--version', 'v3'])).rejects.toThrow(
      /version must be a playbook version id such as pb-/,
    );
    await expect(suggestCommand(context(), ['suggest', '--keep-opportunities', '1.5'])).rejects.toThrow(
      /keep must be a share such as 0.9 or 90%/,
    );
  });

  it('prints the suggestion as a diff with its backtest, and writes it for replay', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'handoff-suggest-'));
    try {
      const out = join(dir, 'suggested.yaml');
      const text = await suggestCommand(context(), [
        'suggest',
        '--from',
        '2026-09-20',
        '--keep-opportunities',
        '75%',
        '--fewer-mqls',
        '0.2',
        '--out',
        out,
      ]);
      expect(text).toMatch(/Goal: keep at least 75% of the opportunities while sending 20% fewer MQLs: met/);
      expect(text).toContain('fit.companySize.2.points: 20 → 0  (fit.companySize: 1001+)');
      expect(text).toMatch(
        /kept: +\d+ MQLs, \d+ SQLs, \d+ opportunities \(([89]\d|7[5-9]|100)% of the opportunities, ([2-9]\d)% fewer MQLs\)/,
      );
      expect(text).toContain('By source:');
      expect(text).toMatch(/Leads that would change \(\d+, first 20\):/);
      const written = loadPlaybook(await readFile(out, 'utf8'), out);
      expect(written.fit.companySize[2]?.points).toBe(0);
      expect(written.name).toBe(DEFAULT_PLAYBOOK.name);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('edits a saved version in place, keeping what RevOps wrote around the points', async () => {
    const text = `# Our playbook: reviewed by RevOps every quarter\n${toYaml(DEFAULT_PLAYBOOK)}`;
    await store.playbooks.save({
      portalId: PORTAL,
      text,
      fileName: 'playbook.yaml',
      actor: 'test',
      note: null,
      createdAt: NOW,
    });
    const report = await service.suggest(PORTAL, {
      from: Date.parse('2026-09-20'),
      to: NOW,
      minSample: 20,
      goal: { keepOpportunities: 0.75, fewerMqls: 0.2 },
    });
    expect(report.baseVersion).toBe(1);
    const edited = await service.suggestionText(PORTAL, report.suggestion);
    expect(edited.format).toBe('yaml');
    expect(edited.text.startsWith('# Our playbook: reviewed by RevOps every quarter\n')).toBe(true);
    const read = loadPlaybook(edited.text, 'playbook.yaml');
    expect(read.fit.companySize.map((band) => band.points)).toEqual(
      report.suggestion.playbook.fit.companySize.map((band) => band.points),
    );
    expect(read.thresholds).toEqual(report.suggestion.playbook.thresholds);
  });
});
