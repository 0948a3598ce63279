import type { CallRecord } from '../../simulator/http/call-log';

/** HubSpot's limits for a public app, per installed portal. */
export const STANDARD_LIMIT = { calls: 110, windowMs: 10_000 };
export const SEARCH_LIMIT = { calls: 5, windowMs: 1_000 };
/** Records per batch call (read, update, create) HubSpot allows. */
export const BATCH_SIZE = 100;

export function isSearch(call: CallRecord): boolean {
  return call.endpoint.endsWith('/search');
}

/**
 * Paging a whole object type (`GET /crm/v3/objects/companies?after=…`): how a CRM index is built.
 * Reported apart from a lead's calls, as the issue asks.
 */
export function isIndexSync(call: CallRecord): boolean {
  return /^GET \/crm\/v3\/objects\/(companies|contacts|deals)$/.test(call.endpoint);
}

export function isCrmCall(call: CallRecord): boolean {
  return call.path.startsWith('/crm/');
}

/** The value below which `p` of the sorted values fall (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Most calls started inside any window of `windowMs` (rolling, as HubSpot counts). */
export function busiestWindow(calls: readonly CallRecord[], windowMs: number): number {
  const times = calls.map((call) => call.at).sort((a, b) => a - b);
  let busiest = 0;
  for (let end = 0, start = 0; end < times.length; end += 1) {
    while ((times[end] as number) - (times[start] as number) >= windowMs) start += 1;
    busiest = Math.max(busiest, end - start + 1);
  }
  return busiest;
}

/** Per portal: the busiest standard 10 s window and search second, and the windows over HubSpot's limits. */
export function limitFigures(calls: readonly CallRecord[]): {
  busiestStandard: number;
  busiestSearch: number;
  /** Portals whose calls went over a limit in some window (429s or not). */
  breaches: number;
  tooMany: number;
} {
  const portals = new Set(calls.map((call) => call.portalId));
  let busiestStandard = 0;
  let busiestSearch = 0;
  let breaches = 0;
  for (const portalId of portals) {
    const own = calls.filter((call) => call.portalId === portalId && isCrmCall(call));
    const standard = busiestWindow(
      own.filter((call) => !isSearch(call)),
      STANDARD_LIMIT.windowMs,
    );
    const search = busiestWindow(own.filter(isSearch), SEARCH_LIMIT.windowMs);
    busiestStandard = Math.max(busiestStandard, standard);
    busiestSearch = Math.max(busiestSearch, search);
    if (standard > STANDARD_LIMIT.calls || search > SEARCH_LIMIT.calls) breaches += 1;
  }
  return {
    busiestStandard,
    busiestSearch,
    breaches,
    tooMany: calls.filter((call) => call.status === 429).length,
  };
}

/**
 * The floor: the least wall time a perfect batcher needs for an import. It must read every new
 * contact, write every decision and create every task, in full batches of 100, and no search (it
 * matches against data it holds). HubSpot grants 110 calls per rolling 10 s, so C calls need at
 * least 10 s × (ceil(C / 110) − 1); and nothing can finish before the last webhook arrives.
 */
export function importFloor(input: { leads: number; tasks: number; arrivalMs: number }): {
  calls: number;
  ms: number;
} {
  const calls = 2 * Math.ceil(input.leads / BATCH_SIZE) + Math.ceil(input.tasks / BATCH_SIZE);
  const budgetMs = STANDARD_LIMIT.windowMs * Math.max(0, Math.ceil(calls / STANDARD_LIMIT.calls) - 1);
  return { calls, ms: Math.max(budgetMs, input.arrivalMs) };
}
