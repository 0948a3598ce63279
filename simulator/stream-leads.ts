import { HANDOFF_PROPERTIES } from '../src/hubspot/property-definitions';
import { generateLeads } from './seed/new-leads';
import type { Simulator } from './start-simulator';

/**
 * Creates `count` new contacts in a portal, as form fills, at `perSecond`: HubSpot then sends the
 * subscribed app a creation webhook for each. Waits first until the app has created its Sales
 * handoff properties (it does at start-up), as a real install would before any lead arrives.
 */
export async function streamLeads(
  sim: Simulator,
  portalId: number,
  options: { count: number; perSecond: number; seed: number; say?: (line: string) => void },
): Promise<string[]> {
  const portal = sim.portal(portalId);
  const catalog = sim.catalogs.get(portalId);
  if (!catalog) throw new Error(`portal ${portalId} was not seeded`);
  const ready = () => HANDOFF_PROPERTIES.every((property) => portal.properties.contacts.has(property.name));
  if (!ready())
    options.say?.('  waiting for Handoff to create its properties (start it against this simulator)');
  while (!ready()) await sleep(250);
  const ids: string[] = [];
  const started = Date.now();
  for (const lead of generateLeads(catalog, { count: options.count, seed: options.seed })) {
    const due = started + (ids.length * 1000) / options.perSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    ids.push(portal.create('contacts', lead.properties, { changeSource: 'FORM' }).id);
  }
  options.say?.(`  created ${ids.length} new contacts; their creation webhooks are on the way`);
  return ids;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
