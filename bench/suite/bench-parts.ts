import { atLeast, atMost, type BenchRow } from './bench-table';
import { importRun } from './import-run';
import { intakeRun } from './intake-run';
import { processesRun } from './processes-run';
import { rssRun } from './rss-run';
import { singleLeadRun } from './single-lead-run';

/** The counts of one bench run (`--short` scales them down, same shape). */
export interface BenchSize {
  importLeads: number;
  importTimeoutMs: number;
  singleLeads: number;
  singleImportLeads: number;
  intakeSeconds: number;
  rssEvents: number;
  rssSampleMs: number;
  portals: number;
  perPortal: number;
  processTimeoutMs: number;
}

export type Progress = (what: string) => void;

const seconds = (ms: number) => ms / 1000;

export async function importPart(size: BenchSize, progress: Progress): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  progress(`importing ${size.importLeads} contacts`);
  const imp = await importRun({ leads: size.importLeads, timeoutMs: size.importTimeoutMs });
  const part = `Import of ${imp.leads} contacts`;
  rows.push(
    { section: part, figure: 'leads written', value: imp.written, unit: `of ${imp.leads}` },
    {
      section: part,
      figure: 'wall time, first webhook → last write',
      value: seconds(imp.wallMs),
      unit: 's',
      digits: 1,
    },
    {
      section: part,
      figure: `floor (perfect batcher: ${imp.floorCalls} calls)`,
      value: seconds(imp.floorMs),
      unit: 's',
      digits: 1,
    },
    {
      section: part,
      figure: 'wall time ÷ floor',
      value: imp.wallMs / Math.max(imp.floorMs, 1),
      unit: '×',
      digits: 2,
      goal: atMost(1.2, '≤ 1.2×'),
    },
    { section: part, figure: 'HubSpot calls (index sync excluded)', value: imp.calls, unit: '' },
    { section: part, figure: 'of which searches', value: imp.searches, unit: '' },
    { section: part, figure: 'index sync calls (reported apart)', value: imp.indexSyncCalls, unit: '' },
    {
      section: part,
      figure: 'HubSpot calls per lead',
      value: imp.callsPerLead,
      unit: '',
      digits: 3,
      goal: atMost(0.05, '≤ 0.05'),
    },
    {
      section: part,
      figure: 'latency webhook → written, p50',
      value: seconds(imp.latencyP50Ms),
      unit: 's',
      digits: 1,
    },
    {
      section: part,
      figure: 'latency webhook → written, p95',
      value: seconds(imp.latencyP95Ms),
      unit: 's',
      digits: 1,
    },
    {
      section: part,
      figure: 'busiest rolling 10 s window',
      value: imp.busiestWindow,
      unit: 'calls',
      goal: atMost(110, '≤ 110'),
    },
    {
      section: part,
      figure: 'busiest second of searches',
      value: imp.busiestSearchSecond,
      unit: 'searches',
      goal: atMost(5, '≤ 5'),
    },
    { section: part, figure: '429 answers', value: imp.tooMany, unit: '', goal: atMost(0, '0') },
  );

  return rows;
}

export async function singleLeadPart(size: BenchSize, progress: Progress): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  progress('single leads at 100 ms HubSpot latency, idle and during another portal’s import');
  const single = await singleLeadRun({
    leads: size.singleLeads,
    importLeads: size.singleImportLeads,
    timeoutMs: 60_000,
  });
  const lead = `One lead, HubSpot answers 100 ms late (${single.idle.leads} leads each)`;
  const p95 = atMost(1.5, 'p95 ≤ 1.5 s');
  rows.push(
    {
      section: lead,
      figure: 'idle: webhook → written, p50',
      value: seconds(single.idle.p50Ms),
      unit: 's',
      digits: 2,
    },
    {
      section: lead,
      figure: 'idle: webhook → written, p95',
      value: seconds(single.idle.p95Ms),
      unit: 's',
      digits: 2,
      goal: p95,
    },
    {
      section: lead,
      figure: `during a ${single.duringImport.importLeads}-contact import elsewhere: p50`,
      value: seconds(single.duringImport.p50Ms),
      unit: 's',
      digits: 2,
    },
    {
      section: lead,
      figure: `during a ${single.duringImport.importLeads}-contact import elsewhere: p95`,
      value: seconds(single.duringImport.p95Ms),
      unit: 's',
      digits: 2,
      goal: p95,
    },
  );

  return rows;
}

export async function intakePart(size: BenchSize, progress: Progress): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  progress('webhook intake');
  const intake = await intakeRun({ seconds: size.intakeSeconds, connections: 10 });
  const intakePart = `Intake, signed 100-event batches (${intake.database})`;
  rows.push(
    { section: intakePart, figure: 'route without insert', value: intake.withoutInsert, unit: 'events/s' },
    { section: intakePart, figure: 'route with durable insert', value: intake.durable, unit: 'events/s' },
    {
      section: intakePart,
      figure: 'durable ÷ without insert',
      value: intake.ratio,
      unit: '×',
      digits: 2,
      goal: atLeast(0.5, '≥ 0.5×'),
    },
  );

  return rows;
}

export async function memoryPart(size: BenchSize, progress: Progress): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  progress(`memory with ${size.rssEvents} events queued`);
  const rss = await rssRun({ events: size.rssEvents, sampleMs: size.rssSampleMs });
  const rssPart = 'Memory';
  rows.push(
    { section: rssPart, figure: 'app RSS, idle after start', value: rss.baselineMiB, unit: 'MiB' },
    { section: rssPart, figure: `app RSS with ${rss.queued} events queued`, value: rss.rssMiB, unit: 'MiB' },
  );

  return rows;
}

export async function processesPart(size: BenchSize, progress: Progress): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const procPart = `${size.portals} portals × ${size.perPortal} leads, PostgreSQL`;
  const databaseUrl = process.env.DATABASE_URL ?? '';
  if (databaseUrl.startsWith('postgres')) {
    progress('1 vs 2 processes on PostgreSQL');
    const proc = await processesRun({
      databaseUrl,
      portals: size.portals,
      perPortal: size.perPortal,
      timeoutMs: size.processTimeoutMs,
    });
    rows.push(
      { section: procPart, figure: '1 process', value: proc.one.leadsPerSecond, unit: 'leads/s', digits: 1 },
      {
        section: procPart,
        figure: '2 processes',
        value: proc.two.leadsPerSecond,
        unit: 'leads/s',
        digits: 1,
      },
      {
        section: procPart,
        figure: '2 ÷ 1 processes',
        value: proc.ratio,
        unit: '×',
        digits: 2,
        goal: atLeast(1.6, '≥ 1.6×'),
      },
      {
        section: procPart,
        figure: 'portals over a limit (1 / 2 processes)',
        value: proc.one.breaches + proc.two.breaches,
        unit: `(${proc.one.breaches} / ${proc.two.breaches})`,
        goal: atMost(0, '0'),
      },
      {
        section: procPart,
        figure: 'events retried (a round-robin version clash retries one), 2 processes',
        value: proc.two.retriedEvents,
        unit: `(1 process: ${proc.one.retriedEvents})`,
      },
      {
        section: procPart,
        figure: 'most portals leased per process, 2 processes',
        value: proc.two.leasesPerProcess[0] ?? 0,
        unit: `(${proc.two.leasesPerProcess.join(' / ') || 'none'})`,
      },
      {
        section: procPart,
        figure: '429 answers (1 / 2 processes)',
        value: proc.one.tooMany + proc.two.tooMany,
        unit: `(${proc.one.tooMany} / ${proc.two.tooMany})`,
        goal: atMost(0, '0'),
      },
    );
  } else {
    for (const figure of ['1 process', '2 processes', '2 ÷ 1 processes']) {
      rows.push({ section: procPart, figure, value: null, unit: 'set DATABASE_URL to a postgres:// URL' });
    }
  }
  return rows;
}
