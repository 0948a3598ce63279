import type { Simulator } from '../../simulator/start-simulator';
import type { Metrics } from '../../src/metrics';
import type { StoredDecision, Store } from '../../src/store/store';
import type { NewLead } from '../../simulator/seed/new-leads';

const FOR_SALES = ['sales_ready', 'needs_qualification', 'duplicate_or_existing'];

/** A lead the demo created in the simulated portal. */
export interface StreamedLead {
  lead: NewLead;
  contactId: string;
}

export interface MatchScore {
  expected: number;
  found: number;
  correct: number;
  precision: number;
  recall: number;
}

export interface DemoSummary {
  portalId: number;
  leads: number;
  decided: number;
  written: number;
  /** Simulated contacts whose `handoff_status` equals the stored decision's status. */
  verifiedOnContacts: number;
  byStatus: Record<string, number>;
  byPriority: Record<string, number>;
  /** Team → owner name → leads routed to them. */
  ownersByTeam: Record<string, Record<string, number>>;
  accounts: MatchScore;
  duplicates: MatchScore;
  /** Webhook received → properties written, milliseconds. */
  latencyMs: { median: number; p95: number; max: number };
  hubspotCalls: number;
  callsPerLead: number;
  callsByEndpoint: Record<string, number>;
  rateLimited: { total: number; search: number; standard: number };
  faultsInjected: number;
  tasksCreated: number;
  /** Tasks for next steps reps recorded on the card (their marker's purpose is `next-…`). */
  nextStepTasks: number;
  /**
   * CONTRACT §6: leads meant for sales (sales-ready, needs qualification, existing account or
   * duplicate) that the simulated portal shows without an owner, a due time or a task. Should be 0.
   */
  handedToSalesUnaccountable: number;
  /**
   * CONTRACT §7: parked leads decided again after a new signal (debounced re-decisions run), and
   * those the re-decision handed to sales as a new round.
   */
  secondChance: { redecided: number; handedToSales: number };
  webhooks: { deliveries: number; failed: number; dropped: number };
  /** Issue 16: the CRM index build (list calls) and the searches left per lead. */
  crmIndex: { phase: string; records: number; calls: number; seconds: number; version: number };
  /** Search calls of the run (matching and the index sweep), per lead. */
  searchesPerLead: number;
  /** Decisions that matched against the CRM index rather than search. */
  decidedFromIndex: number;
}

function score(pairs: Array<{ expected: string | null; found: string | null }>): MatchScore {
  const expected = pairs.filter((pair) => pair.expected !== null).length;
  const found = pairs.filter((pair) => pair.found !== null).length;
  const correct = pairs.filter((pair) => pair.expected !== null && pair.found === pair.expected).length;
  return {
    expected,
    found,
    correct,
    precision: found === 0 ? 1 : correct / found,
    recall: expected === 0 ? 1 : correct / expected,
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** The first duplicate contact a decision names (its stored record lists them). */
function duplicateIdOf(decision: StoredDecision | undefined): string | null {
  const record = decision?.record as { duplicates?: Array<{ contactId?: unknown }> } | undefined;
  const id = record?.duplicates?.[0]?.contactId;
  return typeof id === 'string' ? id : null;
}

/** The demo's figures, read from the app's stored state and the simulator's records. */
export async function summarise(
  store: Store,
  sim: Simulator,
  portalId: number,
  streamed: readonly StreamedLead[],
  metrics?: Pick<Metrics, 'secondChances'>,
): Promise<DemoSummary> {
  const ids = streamed.map((item) => item.contactId);
  const decisions = await store.decisions.latest(portalId, ids);
  const contactIdOfLead = new Map(streamed.map((item) => [item.lead.index, item.contactId]));
  const portal = sim.portal(portalId);
  const owners = new Map(portal.owners.map((owner) => [owner.id, owner]));
  const all = [...decisions.values()];

  const ownersByTeam: DemoSummary['ownersByTeam'] = {};
  for (const decision of all) {
    if (!decision.ownerId) continue;
    const owner = owners.get(decision.ownerId);
    const team = owner?.teams.find((member) => member.primary)?.name ?? 'no team';
    const name = owner ? `${owner.firstName} ${owner.lastName}` : decision.ownerId;
    const members = (ownersByTeam[team] ??= {});
    members[name] = (members[name] ?? 0) + 1;
  }

  const events = await store.events.list({ portalId, limit: 1_000_000 });
  const receivedAt = new Map<string, number>();
  for (const event of events) {
    if (event.objectTypeId !== '0-1' || !event.subscriptionType.endsWith('creation')) continue;
    const id = String(event.objectId);
    receivedAt.set(id, Math.min(receivedAt.get(id) ?? Infinity, event.receivedAt));
  }
  // A new contact's first round: a later round (a second chance) was written days after the webhook.
  const latencies = all
    .filter((decision) => decision.round === 1)
    .flatMap((decision) => {
      const received = receivedAt.get(decision.contactId);
      return decision.writtenAt !== null && received !== undefined ? [decision.writtenAt - received] : [];
    })
    .sort((a, b) => a - b);

  // Re-decisions that found a new signal (the app's counter); jobs that found nothing new are not counted.
  const redecided = metrics
    ? (await metrics.secondChances.get()).values.reduce((total, value) => total + value.value, 0)
    : 0;
  const rounds = await store.decisions.list({ portalId, limit: 1_000_000 });
  const handedAgain = rounds.filter((decision) => decision.eventKey.startsWith('second-chance:')).length;

  const calls = sim.callLog.entries.filter((entry) => entry.portalId === portalId);
  const limited = calls.filter((entry) => entry.status === 429);
  const nextStepTasks = portal.stores.tasks
    .live()
    .filter((task) => /\[handoff [\w-]+-next-[\w-]+\]/.test(task.properties.hs_task_body ?? '')).length;
  const searchLimited = limited.filter((entry) => entry.path.endsWith('/search')).length;
  const deliveries = sim.webhooks.deliveries.filter((delivery) => delivery.portalId === portalId);
  const index = await store.crmIndex.state(portalId);
  const searches = calls.filter((entry) => entry.path.endsWith('/search')).length;

  return {
    portalId,
    leads: streamed.length,
    decided: all.length,
    written: all.filter((decision) => decision.writtenAt !== null).length,
    verifiedOnContacts: all.filter(
      (decision) => portal.get('contacts', decision.contactId)?.properties.handoff_status === decision.status,
    ).length,
    byStatus: tally(all.map((decision) => decision.status)),
    byPriority: tally(all.map((decision) => decision.priority ?? 'none')),
    ownersByTeam,
    accounts: score(
      streamed.map(({ lead, contactId }) => ({
        expected: lead.expected.companyId,
        found: decisions.get(contactId)?.companyId ?? null,
      })),
    ),
    duplicates: score(
      streamed.map(({ lead, contactId }) => {
        const duplicateOf = lead.expected.duplicateOf;
        const expected =
          duplicateOf === null
            ? null
            : 'contactId' in duplicateOf
              ? duplicateOf.contactId
              : (contactIdOfLead.get(duplicateOf.leadIndex) ?? null);
        return { expected, found: duplicateIdOf(decisions.get(contactId)) };
      }),
    ),
    latencyMs: {
      median: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      max: latencies.at(-1) ?? 0,
    },
    hubspotCalls: calls.length,
    callsPerLead: streamed.length === 0 ? 0 : calls.length / streamed.length,
    callsByEndpoint: tally(calls.map((entry) => entry.endpoint)),
    rateLimited: { total: limited.length, search: searchLimited, standard: limited.length - searchLimited },
    faultsInjected: calls.filter((entry) => entry.fault !== undefined).length,
    tasksCreated: portal.stores.tasks.size - nextStepTasks,
    nextStepTasks,
    handedToSalesUnaccountable: streamed.filter(({ contactId }) => {
      const properties = portal.get('contacts', contactId)?.properties ?? {};
      if (!FOR_SALES.includes(properties.handoff_status ?? '')) return false;
      const hasTask = portal.associations.count('contacts', contactId, 'tasks') > 0;
      return !properties.handoff_owner || !properties.handoff_sla_due_at || !hasTask;
    }).length,
    secondChance: { redecided, handedToSales: handedAgain },
    webhooks: {
      deliveries: deliveries.length,
      failed: deliveries.filter((delivery) => delivery.outcome !== 200 && delivery.outcome !== 204).length,
      dropped: sim.webhooks.dropped.length,
    },
    crmIndex: {
      phase: index.phase,
      records: index.records,
      calls: index.calls,
      seconds:
        index.startedAt !== null && index.finishedAt !== null
          ? (index.finishedAt - index.startedAt) / 1000
          : 0,
      version: index.version,
    },
    searchesPerLead: streamed.length === 0 ? 0 : searches / streamed.length,
    decidedFromIndex: all.filter((decision) => (decision.indexVersion ?? null) !== null).length,
  };
}
