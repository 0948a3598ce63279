import { loadConfig, type Config } from '../config';
import type { Playbook } from '../handoff';
import { HubSpotCrm } from '../hubspot/crm';
import { LeadContextLoader } from '../jobs/gather-lead-context';
import { readPlaybook } from '../read-playbook';
import { openStore } from '../store/open-store';
import { cliClients } from './cli-clients';
import type { Store } from '../store/store';

/** What a command-line tool needs to read a portal the way the running app does. */
export interface CliContext {
  config: Config;
  store: Store;
  portalId: number;
  playbook: Playbook;
  loader: LeadContextLoader;
  crm: HubSpotCrm;
  close(): Promise<void>;
}

export function optionValue(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index === -1 ? undefined : argv[index + 1];
}

export async function openCliContext(argv: string[]): Promise<CliContext> {
  const config = loadConfig(process.env);
  const portalText = optionValue(argv, '--portal');
  const portalId = portalText !== undefined ? Number(portalText) : config.hubspotPortalId;
  if (portalId === undefined || !Number.isInteger(portalId) || portalId <= 0) {
    throw new Error('Name the HubSpot account: --portal ID (or HUBSPOT_PORTAL_ID with a static token)');
  }
  const store = await openStore(config.databaseUrl);
  const clients = cliClients(config, store, portalId);
  const crm = new HubSpotCrm(await clients.forPortal(portalId));
  const playbook = await readPlaybook(config.handoffConfigPath);
  return {
    config,
    store,
    portalId,
    playbook,
    loader: new LeadContextLoader({ crm, playbook }),
    crm,
    close: () => store.close(),
  };
}

/** A one-line progress bar on stderr, so piped stdout stays clean. */
export function progressBar(total: number): { tick(done: number): void; end(): void } {
  const width = 30;
  const draw = (done: number) => {
    if (!process.stderr.isTTY) return;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
  };
  return {
    tick: draw,
    end: () => {
      if (process.stderr.isTTY) process.stderr.write('\n');
    },
  };
}
