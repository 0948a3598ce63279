import { BenchWorld, type CreatedLead } from './bench-world';
import { percentile } from './figures';

const BUSY_PORTAL = 160_101;
const LEAD_PORTAL = 160_102;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SingleLeadFigures {
  idle: { p50Ms: number; p95Ms: number; leads: number };
  duringImport: { p50Ms: number; p95Ms: number; leads: number; importLeads: number };
}

/**
 * One lead at a time into a quiet portal, each waited for, with every HubSpot answer 100 ms late:
 * first with nothing else to do, then while another portal of the same deployment imports contacts.
 */
export async function singleLeadRun(size: {
  leads: number;
  importLeads: number;
  timeoutMs: number;
}): Promise<SingleLeadFigures> {
  const world = await BenchWorld.start({
    name: 'single-lead',
    portals: [BUSY_PORTAL, LEAD_PORTAL],
    database: 'sqlite',
    processes: 1,
    latencyMs: 100,
  });
  try {
    const idle = await oneByOne(world, size.leads, size.timeoutMs, 1);
    const importing = world.createLeads(BUSY_PORTAL, size.importLeads, 0);
    // The import's webhooks are flowing before the first measured lead.
    await sleep(1_000);
    const during = await oneByOne(world, size.leads, size.timeoutMs, 2);
    await importing;
    return {
      idle: { ...spread(idle), leads: idle.length },
      duringImport: { ...spread(during), leads: during.length, importLeads: size.importLeads },
    };
  } finally {
    await world.stop();
  }
}

async function oneByOne(
  world: BenchWorld,
  count: number,
  timeoutMs: number,
  seed: number,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const [lead] = (await world.createLeads(LEAD_PORTAL, 1, 0, seed * 1_000 + i)) as [CreatedLead];
    await world.waitWritten([lead], timeoutMs);
    // A lead not written within the timeout counts with the time waited: a lower bound, not a gap.
    const at = world.writtenAt([lead]).get(`${lead.portalId}:${lead.contactId}`) ?? Date.now();
    latencies.push(at - lead.createdAt);
    await sleep(200);
  }
  return latencies;
}

function spread(latencies: number[]): { p50Ms: number; p95Ms: number } {
  return { p50Ms: percentile(latencies, 0.5), p95Ms: percentile(latencies, 0.95) };
}
