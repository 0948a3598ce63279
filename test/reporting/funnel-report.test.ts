import type { LeadStage, StageCause } from '../../src/handoff/lead-stages';
import { loadFunnelFacts, funnelReport, parseFunnelQuery } from '../../src/reporting/funnel-report';
import { toCsv } from '../../src/reporting/metric-tables';
import { openStore } from '../../src/store/open-store';
import type { NewDecision, Store } from '../../src/store/store';

const PORTAL = 62515;
const T0 = Date.UTC(2026, 10, 2, 9, 0, 0); // Monday 2026-11-02 09:00 UTC
const H = 3_600_000;
const D = 24 * H;
const NOW = T0 + 10 * D;

type Step = [LeadStage, number, StageCause?];

interface Lead {
  contactId: string;
  source: string;
  ownerId: string | null;
  status?: string;
  record?: Record<string, unknown>;
  decidedAt: number;
  slaDueAt?: number | null;
  steps: Step[];
}

/**
 * Seven leads whose figures are worked out by hand below (times are hours after T0):
 * c1 paid: mql 0, sal 2, sql 26, opportunity 74 · c2 paid: mql 1, sal 5, recycled 53
 * c3 organic: mql 2, then a deal at 10 (sal and sql skipped) · c4 organic: mql 3, SLA due 4, nothing since
 * c5 disqualified by the playbook (never an MQL) · c6 paid, week 2: mql 169, sal 170, disqualified 199
 * c7 organic: mql 4, sal 5, nothing since.
 */
const LEADS: Lead[] = [
  {
    contactId: 'c1',
    source: 'Paid search',
    ownerId: '101',
    record: { inputs: { campaign: 'q4-brand', conversions: [] }, playbookVersion: 3 },
    decidedAt: T0,
    steps: [
      ['mql', 0],
      ['sal', 2],
      ['sql', 26],
      ['opportunity', 74, 'deal_association'],
    ],
  },
  {
    contactId: 'c2',
    source: 'Paid search',
    ownerId: '101',
    decidedAt: T0 + H,
    steps: [
      ['mql', 1],
      ['sal', 5],
      ['recycled', 53],
    ],
  },
  {
    contactId: 'c3',
    source: 'Organic search',
    ownerId: '102',
    record: { inputs: { firstTouchCampaign: 'spring-launch', conversions: [] } },
    decidedAt: T0 + 2 * H,
    steps: [
      ['mql', 2],
      ['sal', 10, 'skipped'],
      ['sql', 10, 'skipped'],
      ['opportunity', 10, 'deal_association'],
    ],
  },
  {
    contactId: 'c4',
    source: 'Organic search',
    ownerId: '102',
    decidedAt: T0 + 3 * H,
    slaDueAt: T0 + 4 * H,
    steps: [['mql', 3]],
  },
  {
    contactId: 'c5',
    source: 'Paid search',
    ownerId: null,
    status: 'disqualified',
    decidedAt: T0 + 3 * H,
    steps: [['disqualified', 3]],
  },
  {
    contactId: 'c6',
    source: 'Paid search',
    ownerId: '101',
    decidedAt: T0 + 169 * H,
    steps: [
      ['mql', 169],
      ['sal', 170],
      ['disqualified', 199],
    ],
  },
  {
    contactId: 'c7',
    source: 'Organic search',
    ownerId: '102',
    decidedAt: T0 + 4 * H,
    steps: [
      ['mql', 4],
      ['sal', 5],
    ],
  },
];

async function seed(store: Store): Promise<void> {
  for (const lead of LEADS) {
    const decision: NewDecision = {
      portalId: PORTAL,
      contactId: lead.contactId,
      round: 1,
      status: lead.status ?? 'sales_ready',
      priority: 'high',
      ownerId: lead.ownerId,
      match: 'none',
      companyId: null,
      dealId: null,
      reason: 'seeded',
      properties: { handoff_source: lead.source, handoff_offer: 'Demo request' },
      record: lead.record ?? { inputs: { conversions: [] }, routing: { poolId: 'sales' } },
      eventKey: `e-${lead.contactId}`,
      decidedAt: lead.decidedAt,
      slaDueAt: lead.slaDueAt ?? null,
      slaStatus: lead.slaDueAt ? 'pending' : null,
    };
    await store.decisions.save(decision);
    await store.stages.record(
      lead.steps.map(([stage, hours, cause]) => ({
        portalId: PORTAL,
        contactId: lead.contactId,
        round: 1,
        stage,
        enteredAt: T0 + hours * H,
        cause: cause ?? (stage === 'mql' ? 'decision' : 'card_action'),
        detail: null,
        recordedAt: T0 + hours * H + 1000,
      })),
    );
  }
}

let store: Store;
beforeAll(async () => {
  store = await openStore('sqlite::memory:');
  await seed(store);
});
afterAll(() => store.close());

async function report(query: Record<string, string>) {
  const parsed = parseFunnelQuery({ from: '2026-11-01', to: '2026-11-30', ...query }, NOW);
  const { facts } = await loadFunnelFacts(store, PORTAL, parsed);
  return funnelReport(facts, parsed, NOW);
}

describe('funnel reporting over stored decisions and stage transitions', () => {
  it('counts each stage with its rate over the stage before it (skipped stages counted), leaving out non-MQLs', async () => {
    const table = await report({ by: 'all' });
    expect(table.rows).toEqual([
      expect.objectContaining({
        key: 'All MQLs',
        mql: 6, // c5 was never handed to sales
        sal: 5,
        sal_rate: 0.8333, // 5 / 6
        sql: 2,
        sql_rate: 0.4, // 2 / 5
        opportunity: 2,
        opportunity_rate: 1, // 2 / 2
        mql_to_opportunity_rate: 0.3333,
        recycled: 1,
        disqualified: 1,
      }),
    ]);
  });

  it('times each stage from entry to the next stage reached, leaving out skipped and unfinished stays', async () => {
    const [row] = (await report({ by: 'all' })).rows;
    // In MQL: c1 2h, c2 4h, c3 8h, c6 1h, c7 1h (c4 is still there) → 1,1,2,4,8 h.
    expect(row).toMatchObject({ mql_time_n: 5, mql_time_p50_s: 2 * 3600, mql_time_p95_s: 8 * 3600 });
    // In SAL: c1 24h, c2 48h (to recycled), c6 29h (to disqualified); c3 skipped it, c7 still there.
    expect(row).toMatchObject({ sal_time_n: 3, sal_time_p50_s: 29 * 3600, sal_time_p95_s: 48 * 3600 });
    // In SQL: c1 48h; c3 skipped it.
    expect(row).toMatchObject({ sql_time_n: 1, sql_time_p50_s: 48 * 3600, sql_time_p95_s: 48 * 3600 });
  });

  it('cuts by source, campaign (source data 2, else first touch), owner, week and playbook version', async () => {
    const bySource = await report({ by: 'source' });
    expect(
      bySource.rows.map((row) => [row.key, row.mql, row.sal, row.sal_rate, row.sql, row.sql_rate]),
    ).toEqual([
      ['Organic search', 3, 2, 0.6667, 1, 0.5],
      ['Paid search', 3, 3, 1, 1, 0.3333],
    ]);
    const byCampaign = await report({ by: 'campaign' });
    expect(byCampaign.rows.map((row) => [row.key, row.mql])).toEqual([
      ['(none)', 4],
      ['q4-brand', 1],
      ['spring-launch', 1],
    ]);
    const byOwner = await report({ by: 'owner' });
    expect(byOwner.rows.map((row) => [row.key, row.mql, row.opportunity])).toEqual([
      ['101', 3, 1],
      ['102', 3, 1],
    ]);
    const byWeek = await report({ by: 'week' });
    expect(byWeek.rows.map((row) => [row.key, row.mql])).toEqual([
      ['2026-11-02', 5],
      ['2026-11-09', 1],
    ]);
    const byVersion = await report({ by: 'playbook_version' });
    expect(byVersion.rows.map((row) => [row.key, row.mql])).toEqual([
      ['(none)', 5],
      ['v3', 1],
    ]);
  });

  it('shows cohorts by MQL week with conversion within one, two and four weeks of MQL', async () => {
    const table = await report({ table: 'cohort' });
    expect(table.rows).toEqual([
      expect.objectContaining({
        key: '2026-11-02',
        age_days: 10, // NOW is 2026-11-12 09:00
        mql: 5,
        sal: 4,
        sql: 2,
        sql_within_1w_rate: 0.4, // c1 after 26h, c3 after 8h
        opportunity_within_1w_rate: 0.4, // c1 after 74h, c3 after 8h
        opportunity_within_4w_rate: 0.4,
      }),
      expect.objectContaining({
        key: '2026-11-09',
        age_days: 3,
        mql: 1,
        sal: 1,
        sql: 0,
        sql_within_1w_rate: 0,
      }),
    ]);
  });

  it('lists who to chase: the SLA breach and the lead stalled in SAL, longest wait first', async () => {
    const table = await report({ table: 'stalled' });
    expect(table.rows).toEqual([
      {
        contact_id: 'c4',
        owner: '102',
        stage: 'mql',
        since: new Date(T0 + 3 * H).toISOString(),
        waiting_s: (10 * 24 - 3) * 3600,
        reason: 'sla_breach',
        source: 'Organic search',
      },
      expect.objectContaining({
        contact_id: 'c7',
        stage: 'sal',
        reason: 'stalled_in_stage',
        waiting_s: 235 * 3600,
      }),
    ]);
    expect(toCsv(table).split('\r\n')[0]).toBe('contact_id,owner,stage,since,waiting_s,reason,source');
  });

  it('refuses an unknown table or dimension, naming the ones it takes', () => {
    expect(() => parseFunnelQuery({ table: 'pipeline' }, NOW)).toThrow(
      /table must be one of funnel, cohort, stalled/,
    );
    expect(() => parseFunnelQuery({ by: 'colour' }, NOW)).toThrow(/by must be one of all, source, campaign/);
    expect(() => parseFunnelQuery({ from: 'yesterday' }, NOW)).toThrow(/from must be a day YYYY-MM-DD/);
  });
});
