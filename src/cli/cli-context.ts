import type { Playbook } from '../handoff';
import { HubSpotCrm } from '../hubspot/crm';
import { IndexedCrm } from '../lead-context/indexed-crm';
import { LeadContextLoader } from '../lead-context/gather-lead-context';
import { readPlaybook } from '../playbooks/read-playbook';
import { openStore } from '../store/open-store';
import { cliClients } from './cli-clients';
import { loadCliConfig, type CliConfig } from './cli-config';
import type { Store } from '../store/store';

/** What a command-line tool needs to read a portal the way the running app does. */
export interface CliContext {
  config: CliConfig;
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

/**
 * The portal a tool works on: `--portal ID`, else HUBSPOT_PORTAL_ID. A static token only reaches
 * its own account, so with one, `--portal` must name that account (HUBSPOT_PORTAL_ID).
 */
export function portalToUse(config: CliConfig, argv: string[]): number {
  const text = optionValue(argv, '--portal');
  if (text !== undefined && !/^\d+$/.test(text)) {
    throw new Error('--portal needs the numeric HubSpot account id (Hub ID), for example --portal 12345678');
  }
  const asked = text === undefined ? undefined : Number(text);
  if (config.mode === 'static') {
    const own = config.hubspotPortalId;
    if (own === undefined) {
      throw new Error(
        asked === undefined
          ? 'HUBSPOT_PORTAL_ID: set it to the account HUBSPOT_ACCESS_TOKEN belongs to (its Hub ID)'
          : `HUBSPOT_PORTAL_ID: set it to ${asked} if HUBSPOT_ACCESS_TOKEN belongs to that account; a static token cannot be checked or pointed at another portal`,
      );
    }
    if (asked !== undefined && asked !== own) {
      throw new Error(
        `--portal ${asked}: HUBSPOT_ACCESS_TOKEN belongs to portal ${own} (HUBSPOT_PORTAL_ID); drop --portal, or use portal ${asked}'s token and id`,
      );
    }
    return own;
  }
  if (asked === undefined) throw new Error('--portal ID: name the installed HubSpot account to use');
  return asked;
}

export async function openCliContext(argv: string[]): Promise<CliContext> {
  const config = loadCliConfig(process.env, 'handoff');
  const portalId = portalToUse(config, argv);
  const store = await openStore(config.databaseUrl);
  const clients = cliClients(config, store);
  const crm = await clients.crmFor(portalId);
  const playbook = await readPlaybook(config.handoffConfigPath);
  return {
    config,
    store,
    portalId,
    playbook,
    // Matches as the app does: from the portal's CRM index once it is ready.
    loader: new LeadContextLoader({ crm, playbook, index: new IndexedCrm(store, portalId, Date.now) }),
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
