/**
 * `npm run handoff -- explain <contactId> [--portal ID] [--json]`: the full decision for a contact,
 * read live from HubSpot and decided with the current playbook, without writing anything.
 *
 * `npm run handoff -- replay --playbook FILE --last N [--portal ID]`: what a candidate playbook would
 * change (status and owner) over the last N stored decisions.
 *
 * `npm run handoff -- evidence [--from DAY --to DAY] [--version pb-…] [--min N] [--json|--csv]`:
 * which rules, score bands, sources, offers and priorities predict opportunities.
 *
 * `npm run handoff -- suggest [--keep-opportunities 0.9 --fewer-mqls 0.2] [--out FILE]`: points
 * and thresholds fitted to the period's outcomes for that goal, as a diff with its backtest.
 */
import { readFile } from 'node:fs/promises';
import { loadEnvFile } from '../env-file';
import { describeError } from '../errors';
import { explainStartupError } from '../startup-errors';
import { loadPlaybook } from '../handoff';
import { openCliContext, optionValue, progressBar, type CliContext } from './cli-context';
import { IndexedCrm } from '../lead-context/indexed-crm';
import { LeadContextLoader } from '../lead-context/gather-lead-context';
import { readingAlso } from '../lead-context/lead-context-properties';
import { loadPlaybookHistory } from '../playbooks/playbook-history';
import { formatReplay } from './format-replay';
import { explainContact, replayPlaybook } from './handoff-commands';
import { EvidenceService } from '../evidence/evidence-service';
import { PortalPlaybooks } from '../playbooks/portal-playbooks';
import { evidenceCommand, suggestCommand } from './evidence-commands';

const USAGE = `usage:
  npm run handoff -- explain <contactId> [--portal ID] [--json]
  npm run handoff -- replay --playbook FILE --last N [--portal ID]
  npm run handoff -- evidence [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--version pb-…] [--min N] [--json|--csv] [--portal ID]
  npm run handoff -- suggest [--keep-opportunities 0.9] [--fewer-mqls 0.2] [--out FILE] [evidence options]`;

async function explain(context: CliContext, argv: string[]): Promise<number> {
  const contactId = argv[1];
  if (!contactId || !/^\d+$/.test(contactId)) throw new Error(`explain needs a numeric contact id\n${USAGE}`);
  const explanation = await explainContact(context, contactId);
  if (argv.includes('--json')) {
    console.log(JSON.stringify({ decision: explanation.decision, stored: explanation.stored }, null, 2));
  } else {
    console.log(explanation.text);
  }
  return explanation.decision ? 0 : 1;
}

async function replay(context: CliContext, argv: string[]): Promise<number> {
  const file = optionValue(argv, '--playbook');
  const last = Number(optionValue(argv, '--last') ?? 100);
  if (!file || !Number.isInteger(last) || last <= 0) {
    throw new Error(`replay needs --playbook FILE and --last N (a whole number)\n${USAGE}`);
  }
  const candidate = loadPlaybook(await readFile(file, 'utf8'), file);
  const history = await loadPlaybookHistory(context.store, context.portalId, {
    playbook: context.playbook,
    label: 'HANDOFF_CONFIG',
  });
  // The versions compared with may read other properties than the candidate: read them all.
  const reads = readingAlso(
    candidate,
    history.list().map((known) => known.playbook),
  );
  const loader = new LeadContextLoader({
    crm: context.crm,
    playbook: reads,
    index: new IndexedCrm(context.store, context.portalId, Date.now),
  });
  let bar: ReturnType<typeof progressBar> | undefined;
  const result = await replayPlaybook({ ...context, loader, history }, candidate, last, (done, total) => {
    bar ??= progressBar(total);
    bar.tick(done);
  });
  bar?.end();
  console.log(formatReplay(result, file));
  return 0;
}

/** `evidence` and `suggest` read the store only; the progress bar moves a week of decisions at a time. */
async function evidenceOrSuggest(context: CliContext, argv: string[]): Promise<number> {
  const playbooks = new PortalPlaybooks({ store: context.store, fallback: context.playbook, now: Date.now });
  let bar: ReturnType<typeof progressBar> | undefined;
  const commandContext = {
    evidence: new EvidenceService({ store: context.store, playbooks }),
    portalId: context.portalId,
    now: Date.now(),
    progress: (done: number, total: number) => {
      bar ??= progressBar(total);
      bar.tick(done);
    },
  };
  const text =
    argv[0] === 'evidence'
      ? await evidenceCommand(commandContext, argv)
      : await suggestCommand(commandContext, argv);
  bar?.end();
  console.log(text);
  return 0;
}

const COMMANDS = ['explain', 'replay', 'evidence', 'suggest'];

async function main(argv: string[]): Promise<number> {
  const command = argv[0];
  if (!command || !COMMANDS.includes(command)) {
    console.error(USAGE);
    return 2;
  }
  loadEnvFile();
  const context = await openCliContext(argv);
  try {
    if (command === 'evidence' || command === 'suggest') return await evidenceOrSuggest(context, argv);
    return command === 'explain' ? await explain(context, argv) : await replay(context, argv);
  } finally {
    await context.close();
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    const line = explainStartupError(error, { databaseUrl: process.env.DATABASE_URL });
    console.error(`handoff: ${line ?? (error instanceof Error ? error.message : describeError(error))}`);
    process.exit(1);
  });
