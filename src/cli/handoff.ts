/**
 * `npm run handoff -- explain <contactId> [--portal ID] [--json]`: the full decision for a contact,
 * read live from HubSpot and decided with the current playbook, without writing anything.
 *
 * `npm run handoff -- replay --playbook FILE --last N [--portal ID]`: what a candidate playbook would
 * change (status and owner) over the last N stored decisions.
 */
import { readFile } from 'node:fs/promises';
import {
  decideHandoff,
  loadPlaybook,
  type HandoffDecision,
  type Playbook,
  type RoutingState,
} from '../handoff';
import { describeError } from '../errors';
import { openCliContext, optionValue, progressBar, type CliContext } from './cli-context';
import { formatDecision } from './format-decision';

const USAGE = `usage:
  npm run handoff -- explain <contactId> [--portal ID] [--json]
  npm run handoff -- replay --playbook FILE --last N [--portal ID]`;

async function decideBatch(
  context: CliContext,
  contactIds: string[],
  playbook: Playbook,
  routingState: RoutingState,
): Promise<{ decisions: HandoffDecision[]; missing: string[]; routingState: RoutingState }> {
  const lead = await context.loader.load(contactIds);
  const openLeads = { ...(await context.store.openLeadsByOwner(context.portalId)) };
  const decisions: HandoffDecision[] = [];
  let state = routingState;
  for (const contact of lead.contacts) {
    const decision = decideHandoff(
      {
        contact,
        companies: lead.companiesByContact.get(contact.id) ?? [],
        otherContacts: lead.otherContactsByContact.get(contact.id) ?? [],
        owners: lead.owners,
        openLeadsByOwner: openLeads,
        routingState: state,
      },
      playbook,
      Date.now(),
    );
    state = decision.routingState;
    decisions.push(decision);
  }
  return { decisions, missing: lead.missing, routingState: state };
}

async function explain(context: CliContext, argv: string[]): Promise<number> {
  const contactId = argv[1];
  if (!contactId || !/^\d+$/.test(contactId)) throw new Error(`explain needs a numeric contact id\n${USAGE}`);
  const stored = (await context.store.latestDecisions(context.portalId, [contactId])).get(contactId);
  const routing = (await context.store.getRoutingState(context.portalId)).state as RoutingState;
  const { decisions, missing } = await decideBatch(context, [contactId], context.playbook, routing);
  if (missing.length > 0 || !decisions[0]) {
    console.log(
      `Contact ${contactId} is not in portal ${context.portalId} (deleted, merged or never existed).`,
    );
    return 1;
  }
  if (argv.includes('--json')) {
    console.log(JSON.stringify({ decision: decisions[0], stored: stored ?? null }, null, 2));
    return 0;
  }
  console.log(formatDecision(decisions[0]));
  if (stored) {
    console.log(
      `\nStored decision (${new Date(stored.decidedAt).toISOString()}): ${stored.status}, owner ${stored.ownerId ?? 'none'}`,
    );
    console.log(`  ${stored.reason}`);
  } else {
    console.log('\nNo stored decision yet: Handoff has not handled this contact.');
  }
  return 0;
}

async function replay(context: CliContext, argv: string[]): Promise<number> {
  const file = optionValue(argv, '--playbook');
  const last = Number(optionValue(argv, '--last') ?? 100);
  if (!file || !Number.isInteger(last) || last <= 0)
    throw new Error(`replay needs --playbook FILE and --last N\n${USAGE}`);
  const candidate = loadPlaybook(await readFile(file, 'utf8'), file);
  const stored = await context.store.listDecisions({ portalId: context.portalId, limit: last });
  const ordered = [...stored].reverse();
  const bar = progressBar(ordered.length);
  let state: RoutingState = {};
  const changes: string[] = [];
  let compared = 0;
  for (let start = 0; start < ordered.length; start += 100) {
    const chunk = ordered.slice(start, start + 100);
    const result = await decideBatch(
      context,
      chunk.map((d) => d.contactId),
      candidate,
      state,
    );
    state = result.routingState;
    const byId = new Map(result.decisions.map((decision) => [decision.contactId, decision]));
    for (const before of chunk) {
      const after = byId.get(before.contactId);
      if (!after) continue;
      compared += 1;
      const ownerAfter = after.owner?.ownerId ?? null;
      if (after.status !== before.status || ownerAfter !== before.ownerId) {
        changes.push(
          `${before.contactId.padEnd(12)} ${before.status} -> ${after.status}   owner ${before.ownerId ?? 'none'} -> ${ownerAfter ?? 'none'}   ${after.reason}`,
        );
      }
    }
    bar.tick(Math.min(start + chunk.length, ordered.length));
  }
  bar.end();
  console.log(
    `Replayed ${compared} of the last ${stored.length} decisions with ${file}: ${changes.length} would change.`,
  );
  for (const change of changes) console.log(change);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const command = argv[0];
  if (command !== 'explain' && command !== 'replay') {
    console.error(USAGE);
    return 2;
  }
  const context = await openCliContext(argv);
  try {
    return command === 'explain' ? await explain(context, argv) : await replay(context, argv);
  } finally {
    await context.close();
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(`handoff: ${describeError(error)}`);
    process.exit(1);
  });
