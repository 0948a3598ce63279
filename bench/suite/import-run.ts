import { BenchWorld, type CreatedLead } from './bench-world';
import { importFloor, isCrmCall, isIndexSync, isSearch, limitFigures, percentile } from './figures';

export const IMPORT_PORTAL = 160_001;

export interface ImportFigures {
  leads: number;
  written: number;
  wallMs: number;
  /** HubSpot CRM calls of the import, index sync excluded. */
  calls: number;
  searches: number;
  indexSyncCalls: number;
  callsPerLead: number;
  floorMs: number;
  floorCalls: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  busiestWindow: number;
  busiestSearchSecond: number;
  tooMany: number;
}

/**
 * A contact import as HubSpot delivers it: every new contact at once, each announced by a creation
 * webhook and one property change per subscribed property it was created with (about four), into
 * one portal, with the app in one process on SQLite. Measured from the first contact created to the
 * last decision written.
 */
export async function importRun(size: { leads: number; timeoutMs: number }): Promise<ImportFigures> {
  const world = await BenchWorld.start({
    name: 'import',
    portals: [IMPORT_PORTAL],
    database: 'sqlite',
    processes: 1,
  });
  try {
    const portal = world.portal(IMPORT_PORTAL);
    const tasksBefore = portal.stores.tasks.size;
    const started = Date.now();
    const leads = await world.createLeads(IMPORT_PORTAL, size.leads, 0);
    await world.waitWritten(leads, size.timeoutMs);
    return importFigures(world, leads, started, portal.stores.tasks.size - tasksBefore);
  } finally {
    await world.stop();
  }
}

function importFigures(
  world: BenchWorld,
  leads: CreatedLead[],
  started: number,
  tasks: number,
): ImportFigures {
  const written = world.writtenAt(leads);
  const lastWrite = Math.max(started, ...written.values());
  const latencies = leads.flatMap((lead) => {
    const at = written.get(`${lead.portalId}:${lead.contactId}`);
    return at === undefined ? [] : [at - lead.createdAt];
  });
  const during = world.sim.callLog.entries.filter(
    (call) => call.at >= started && call.at <= lastWrite && isCrmCall(call),
  );
  const work = during.filter((call) => !isIndexSync(call));
  // HubSpot has announced the import once the last contact exists (its webhook leaves within 50 ms).
  const arrivalMs = Math.max(0, ...leads.map((lead) => lead.createdAt - started));
  const floor = importFloor({ leads: leads.length, tasks, arrivalMs });
  const limits = limitFigures(work);
  return {
    leads: leads.length,
    written: written.size,
    wallMs: lastWrite - started,
    calls: work.length,
    searches: work.filter(isSearch).length,
    // The install's build (before the import) and any sync page during it.
    indexSyncCalls: world.indexSync.calls + during.length - work.length,
    callsPerLead: work.length / leads.length,
    floorMs: floor.ms,
    floorCalls: floor.calls,
    latencyP50Ms: percentile(latencies, 0.5),
    latencyP95Ms: percentile(latencies, 0.95),
    busiestWindow: limits.busiestStandard,
    busiestSearchSecond: limits.busiestSearch,
    tooMany: limits.tooMany,
  };
}
