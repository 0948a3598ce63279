import pg from 'pg';
import { BenchWorld, type CreatedLead } from './bench-world';
import { limitFigures } from './figures';

const FIRST_PORTAL = 160_300;

export interface ProcessRunFigures {
  processes: number;
  leads: number;
  written: number;
  seconds: number;
  leadsPerSecond: number;
  /** Portals whose calls went over 110 per rolling 10 s or 5 searches per second. */
  breaches: number;
  tooMany: number;
  /** Events claimed more than once (a round-robin version clash retries its event). */
  retriedEvents: number;
  /** Most portals each process held at once (sampled each second): how the leases were shared. */
  leasesPerProcess: number[];
}

export interface ProcessesFigures {
  one: ProcessRunFigures;
  two: ProcessRunFigures;
  ratio: number;
}

/**
 * The same work for one app process and for two on one PostgreSQL: `perPortal` new contacts in each
 * of `portals` portals at once, from the first created to the last written.
 */
export async function processesRun(size: {
  databaseUrl: string;
  portals: number;
  perPortal: number;
  timeoutMs: number;
}): Promise<ProcessesFigures> {
  const one = await runWith(1, size);
  const two = await runWith(2, size);
  return { one, two, ratio: two.leadsPerSecond / one.leadsPerSecond };
}

async function runWith(
  processes: number,
  size: { databaseUrl: string; portals: number; perPortal: number; timeoutMs: number },
): Promise<ProcessRunFigures> {
  const portals = Array.from({ length: size.portals }, (_, i) => FIRST_PORTAL + i);
  const world = await BenchWorld.start({
    name: `processes_${processes}`,
    portals,
    database: size.databaseUrl,
    processes,
    seedSize: { companies: 300, contacts: 400 },
  });
  try {
    const started = Date.now();
    const leads: CreatedLead[] = [];
    for (const portalId of portals) leads.push(...(await world.createLeads(portalId, size.perPortal, 0)));
    const sampler = new LeaseSampler(world.databaseUrl);
    await world.waitWritten(leads, size.timeoutMs);
    const leasesPerProcess = await sampler.stop();
    const retriedEvents = await countRetried(world.databaseUrl);
    const written = world.writtenAt(leads);
    const seconds = (Math.max(started, ...written.values()) - started) / 1000;
    const limits = limitFigures(world.sim.callLog.entries.filter((call) => call.at >= started));
    return {
      processes,
      leads: leads.length,
      written: written.size,
      seconds,
      leadsPerSecond: written.size / Math.max(seconds, 0.001),
      breaches: limits.breaches,
      tooMany: limits.tooMany,
      leasesPerProcess,
      retriedEvents,
    };
  } finally {
    await world.stop();
  }
}

/** Reads the portal leases each second: the most portals each holder held at once. */
class LeaseSampler {
  private readonly most = new Map<string, number>();
  private readonly client: pg.Client;
  private readonly timer: NodeJS.Timeout;
  private reading: Promise<void> = Promise.resolve();

  constructor(url: string) {
    this.client = new pg.Client({ connectionString: url });
    this.reading = this.client.connect().then(() => undefined);
    this.timer = setInterval(() => {
      this.reading = this.reading.then(() => this.sample()).catch(() => undefined);
    }, 1_000);
  }

  private async sample(): Promise<void> {
    const { rows } = await this.client.query<{ holder: string; held: string }>(
      'select holder, count(*) as held from portal_leases where expires_at > $1 group by holder',
      [Date.now()],
    );
    for (const row of rows)
      this.most.set(row.holder, Math.max(this.most.get(row.holder) ?? 0, Number(row.held)));
  }

  async stop(): Promise<number[]> {
    clearInterval(this.timer);
    await this.reading;
    await this.client.end();
    return [...this.most.values()].sort((a, b) => b - a);
  }
}

async function countRetried(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ retried: string }>(
      'select count(*) as retried from webhook_events where attempts > 1',
    );
    return Number(rows[0]?.retried ?? 0);
  } finally {
    await client.end();
  }
}
