import { DAY_MS, HOUR_MS, dayStart } from './simulated-clock';

/** One thing a rep does to a lead, at a simulated time. */
export type RepStep =
  | { at: number; contactId: string; kind: 'card'; action: 'accept' | 'opportunity_created' }
  | { at: number; contactId: string; kind: 'card'; action: 'disqualify'; reasonId: string }
  | { at: number; contactId: string; kind: 'activity'; type: 'calls' | 'emails' | 'meetings' }
  | { at: number; contactId: string; kind: 'no_response' }
  | { at: number; contactId: string; kind: 'deal' };

/** How reps treat a source's leads: the chance of each step given the one before. */
export interface SourceRates {
  /** Accepted (card or first logged activity) within days. */
  accept: number;
  /** Of accepted: qualified (an SQL). */
  qualify: number;
  /** Of qualified: a deal opened and associated (an opportunity). */
  opportunity: number;
  /** Of MQLs: a deal straight away, before anyone accepted (skips SAL and SQL). */
  directDeal: number;
  /** Of those never accepted: marked `no_response` in HubSpot after a few days (else left waiting). */
  noResponse: number;
  /** Of accepted but not qualified: disqualified on the card with a reason (else still worked). */
  disqualify: number;
}

/**
 * Seeded rates by `hs_analytics_source`, shaped like a B2B funnel: referrals and paid search
 * convert best, social and newsletters least. They make the dashboard's cuts differ by source.
 */
export const SOURCE_RATES: Record<string, SourceRates> = {
  REFERRALS: {
    accept: 0.9,
    qualify: 0.55,
    opportunity: 0.6,
    directDeal: 0.06,
    noResponse: 0.7,
    disqualify: 0.3,
  },
  PAID_SEARCH: {
    accept: 0.8,
    qualify: 0.4,
    opportunity: 0.5,
    directDeal: 0.03,
    noResponse: 0.6,
    disqualify: 0.4,
  },
  DIRECT_TRAFFIC: {
    accept: 0.75,
    qualify: 0.35,
    opportunity: 0.45,
    directDeal: 0.03,
    noResponse: 0.6,
    disqualify: 0.4,
  },
  ORGANIC_SEARCH: {
    accept: 0.7,
    qualify: 0.3,
    opportunity: 0.4,
    directDeal: 0.02,
    noResponse: 0.6,
    disqualify: 0.45,
  },
  EMAIL_MARKETING: {
    accept: 0.6,
    qualify: 0.2,
    opportunity: 0.35,
    directDeal: 0.01,
    noResponse: 0.5,
    disqualify: 0.5,
  },
  PAID_SOCIAL: {
    accept: 0.5,
    qualify: 0.15,
    opportunity: 0.3,
    directDeal: 0.01,
    noResponse: 0.5,
    disqualify: 0.55,
  },
  SOCIAL_MEDIA: {
    accept: 0.5,
    qualify: 0.15,
    opportunity: 0.3,
    directDeal: 0.01,
    noResponse: 0.5,
    disqualify: 0.55,
  },
};
const OTHER_SOURCES: SourceRates = {
  accept: 0.65,
  qualify: 0.25,
  opportunity: 0.4,
  directDeal: 0.02,
  noResponse: 0.55,
  disqualify: 0.45,
};

/** Reps work 08:00–18:00 UTC; a step that falls outside moves to the next working morning. */
function workingTime(at: number, random: () => number): number {
  const hour = (at - dayStart(at)) / HOUR_MS;
  if (hour >= 8 && hour < 18) return at;
  const morning = dayStart(at) + (hour >= 18 ? DAY_MS : 0) + 8 * HOUR_MS;
  return morning + Math.floor(random() * 3 * HOUR_MS);
}

const hours = (min: number, max: number, random: () => number) =>
  Math.round((min + random() * (max - min)) * HOUR_MS);

/**
 * What the owner does with one routed lead over the following weeks, drawn once when the lead is
 * handed over: accept (on the card, or by logging a first call), work it with calls, emails and
 * meetings, qualify it, open a deal; or disqualify it with a reason, mark it `no_response`, or let
 * it wait. Steps past the end of the month simply never happen.
 */
export function planRepWork(
  lead: { contactId: string; source: string | undefined; mqlAt: number; opportunityChance?: number },
  reasons: readonly string[],
  random: () => number,
): RepStep[] {
  const rates = withOpportunityChance(
    SOURCE_RATES[lead.source ?? ''] ?? OTHER_SOURCES,
    lead.opportunityChance,
  );
  const contactId = lead.contactId;
  const steps: RepStep[] = [];
  let at = lead.mqlAt;
  const after = (min: number, max: number) => (at = workingTime(at + hours(min, max, random), random));
  const activity = (): RepStep => ({
    at,
    contactId,
    kind: 'activity',
    type: random() < 0.6 ? 'calls' : random() < 0.7 ? 'emails' : 'meetings',
  });
  if (random() < rates.directDeal) {
    after(2, 48);
    return [{ at, contactId, kind: 'deal' }];
  }
  if (random() >= rates.accept) {
    if (random() >= rates.noResponse) return [];
    after(72, 144);
    return [{ at, contactId, kind: 'no_response' }];
  }
  // Half the reps click accept on the card; the others just call, which HubSpot logs as activity.
  after(0.2, 20);
  steps.push(
    random() < 0.5
      ? { at, contactId, kind: 'card', action: 'accept' }
      : { at, contactId, kind: 'activity', type: 'calls' },
  );
  const touches = 1 + Math.floor(random() * 3);
  for (let n = 0; n < touches; n += 1) {
    after(18, 60);
    steps.push(activity());
  }
  if (random() < rates.qualify) {
    after(4, 72);
    steps.push({ at, contactId, kind: 'card', action: 'opportunity_created' });
    if (random() < rates.opportunity) {
      after(24, 200);
      steps.push({ at, contactId, kind: 'deal' });
    }
  } else if (random() < rates.disqualify) {
    after(4, 96);
    const reasonId = reasons[Math.floor(random() * reasons.length)] ?? 'poor_fit';
    steps.push({ at, contactId, kind: 'card', action: 'disqualify', reasonId });
  }
  return steps;
}

/**
 * The lead's own chance of becoming an opportunity (true-effects.ts) replaces its source's: the
 * accepted path (accept × qualify × opportunity) then reaches a deal with that chance, split
 * evenly between qualifying and opening the deal. Acceptance still varies by source.
 */
function withOpportunityChance(rates: SourceRates, chance: number | undefined): SourceRates {
  if (chance === undefined) return rates;
  const step = Math.sqrt(Math.min(1, Math.max(0, chance - rates.directDeal) / rates.accept));
  return { ...rates, qualify: step, opportunity: step };
}
