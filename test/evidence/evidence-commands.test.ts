import { evidenceCommand, suggestCommand } from '../../src/cli/evidence-commands';
import { EvidenceService } from '../../src/evidence/evidence-service';
import { DEFAULT_PLAYBOOK } from '../../src/handoff/default-playbook';
import { loadPlaybook } from '../../src/handoff/load-playbook';
import { PortalPlaybooks } from '../../src/portal-playbooks';
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

  beforeAll(async () => {
    store = await openStore('sqlite::memory:');
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
  afterAll(() => store.close());

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
      expect(text).toMatch(/fit\.companySize\.2\.points: 20 → 0/);
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
});
