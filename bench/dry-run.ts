/**
 * Dry-run figures on the demo portal: `npm run demo`'s simulated HubSpot, N new contacts decided by
 * the running app, then the dry run over all of them three ways. (1) The unchanged playbook, as the
 * admin page now runs it: each lead against the version that decided it, round robin held. (2) The
 * same playbook the way the dry run used to work (fresh round robin threaded lead by lead, compared
 * with the stored owner), to show what holding the rotation removes. (3) A one-rule change: how many
 * leads it moves, against how many leads the rule matches.
 *
 *   npm run bench:dry-run -- [--size 200] [--seed 42]
 */
import { type CommandContext, replayPlaybook } from '../src/cli/handoff-commands';
import { DEFAULT_PLAYBOOK, type Playbook, playbookSchema } from '../src/handoff';
import { HubSpotCrm } from '../src/hubspot/crm';
import { decideLeads } from '../src/decisions/decide-in-order';
import { LeadContextLoader } from '../src/lead-context/gather-lead-context';
import { runDemo } from '../scripts/demo/run-demo';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i] ?? '', process.argv[i + 1] ?? '');
const size = Number(args.get('--size') ?? 200);
const seed = Number(args.get('--seed') ?? 42);

/** The old dry run: a fresh round robin advanced lead by lead, compared with what was stored. */
async function threadedChanges(context: CommandContext, playbook: Playbook): Promise<number> {
  const stored = (await context.store.decisions.list({ portalId: context.portalId, limit: size })).reverse();
  const lead = await context.loader.load(stored.map((decision) => decision.contactId));
  let changed = 0;
  const byId = new Map(stored.map((decision) => [decision.contactId, decision]));
  const order = stored.map((decision) => decision.contactId);
  for (const result of decideLeads(lead, order, {
    playbook,
    routingState: {},
    openLeadsByOwner: await context.store.decisions.openLeadsByOwner(context.portalId),
    now: Date.now,
  })) {
    if ('error' in result) continue;
    const before = byId.get(result.contactId);
    const ownerId = result.decision.owner?.ownerId ?? null;
    if (before && (before.status !== result.decision.status || before.ownerId !== ownerId)) changed += 1;
  }
  return changed;
}

async function main(): Promise<void> {
  const run = await runDemo({ size, seed, progress: false, timeoutMs: 120_000 });
  try {
    const crm = new HubSpotCrm(await run.app.clients.forPortal(run.portalId));
    const context: CommandContext = {
      store: run.app.store,
      portalId: run.portalId,
      playbook: DEFAULT_PLAYBOOK,
      loader: new LeadContextLoader({ crm }),
    };
    const unchanged = await replayPlaybook(context, playbookSchema.parse(DEFAULT_PLAYBOOK), size);
    console.log(
      `unchanged playbook, held round robin: ${unchanged.changes.length} of ${unchanged.compared} would change`,
    );
    const threaded = await threadedChanges(context, DEFAULT_PLAYBOOK);
    console.log(
      `unchanged playbook, old threaded dry run: ${threaded} of ${unchanged.compared} would change`,
    );

    const rule = {
      name: 'Managers to SDR',
      status: ['sales_ready'],
      when: { property: 'jobtitle', contains: 'manager' },
      pool: 'sdr',
    };
    const candidate = playbookSchema.parse({ ...DEFAULT_PLAYBOOK, routingRules: [rule] });
    const changed = await replayPlaybook(context, candidate, size);
    const kinds = new Map<string, number>();
    for (const change of changed.changes) {
      const key = (change.kinds ?? []).join('+');
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
    }
    const matched = changed.changes.filter((change) => change.after.rule === rule.name).length;
    console.log(
      `one rule added ('${rule.name}'): ${changed.changes.length} of ${changed.compared} would change, ${matched} of them by the rule; ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    );
    for (const change of changed.changes.slice(0, 3)) {
      console.log(
        `  ${change.contactId}: ${change.before.status}, ${change.before.ownerName ?? 'no owner'} (pool ${change.before.poolId ?? '-'}) -> ${change.after.status}, ${change.after.ownerName ?? 'no owner'} (pool ${change.after.poolId ?? '-'})`,
      );
    }
  } finally {
    await run.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
