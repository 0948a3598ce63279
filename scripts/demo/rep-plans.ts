import { DAY_MS, HOUR_MS, dayStart } from './simulated-clock';

/** One thing a rep does to a lead, at a simulated time. */
export type RepStep =
  | { at: number; contactId: string; kind: 'card'; action: 'accept' | 'opportunity_created' | 'no_response' }
  | { at: number; contactId: string; kind: 'card'; action: 'disqualify'; reasonId: string }
  | { at: number; contactId: string; kind: 'activity'; type: 'calls' | 'emails' | 'meetings' }
  /** A call nobody answered or an email nobody replied to: what the no-response sweep counts. */
  | { at: number; contactId: string; kind: 'attempt'; type: 'calls' | 'emails' }
  | { at: number; contactId: string; kind: 'no_response' }
  | { at: number; contactId: string; kind: 'deal' }
  | { at: number; contactId: string; kind: 'rate'; rating: number; reasonId?: string }
  | { at: number; contactId: string; kind: 'next_step'; what: string; dueAt: number };

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
  /**
   * Of those never accepted: no response (else left waiting). Half the reps try a few times and let
   * Handoff's sweep notice; the others give up after a few days and say so on the card or in HubSpot.
   */
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
  const rates = withOpportunityChance(ratesOf(lead.source), lead.opportunityChance);
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
    if (random() < 0.5) return unansweredAttempts(lead.contactId, after, random);
    after(72, 144);
    return [
      random() < 0.5
        ? { at, contactId, kind: 'card', action: 'no_response' }
        : { at, contactId, kind: 'no_response' },
    ];
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
 * A rep's cadence with no answer: a first call within the day, then a call or an email every two to
 * four days, three or four tries in all. Handoff's policy (3 attempts over 7 business days) then
 * recycles the lead by itself.
 */
function unansweredAttempts(
  contactId: string,
  after: (min: number, max: number) => number,
  random: () => number,
): RepStep[] {
  const tries = 3 + Math.floor(random() * 2);
  const steps: RepStep[] = [{ at: after(0.5, 20), contactId, kind: 'attempt', type: 'calls' }];
  for (let n = 1; n < tries; n += 1) {
    const at = after(40, 90);
    steps.push({ at, contactId, kind: 'attempt', type: random() < 0.6 ? 'calls' : 'emails' });
  }
  return steps;
}
/** Next steps reps write on the card, in their words. */
const NEXT_STEPS = [
  'Call to book a demo',
  'Send pricing and a case study',
  'Follow up on the trial',
  'Loop in their team lead',
];
/** The rating reason a rep gives with a disqualification's low rating. */
const LOW_RATING_REASON: Record<string, string> = {
  poor_fit: 'wrong_persona',
  wrong_role: 'wrong_persona',
  no_clear_problem: 'not_ready',
  low_intent: 'no_budget',
};

/**
 * The feedback a rep leaves on the card while working a lead, drawn from its plan: a next step
 * (what and when) after most acceptances on the card, and a quality rating once the rep knows the lead,
 * high for what qualified, low for what was disqualified, middling for what is still being worked,
 * so ratings follow the source's fit. Its own random stream, so the plan's other steps stay as seeded.
 */
export function planRepFeedback(
  plan: readonly RepStep[],
  rates: { accept: number },
  random: () => number,
): RepStep[] {
  const first = plan[0];
  const last = plan.at(-1);
  if (!first || !last || first.kind === 'deal') return [];
  const { contactId } = first;
  const steps: RepStep[] = [];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  // Reps who work leads on the card (they accepted there) write their next step there too.
  const onCard = first.kind === 'card';
  if (onCard && random() < 0.75) {
    const dueAt = workingTime(first.at + hours(20, 72, random), random);
    steps.push({ at: first.at + 60_000, contactId, kind: 'next_step', what: pick(NEXT_STEPS), dueAt });
  }
  const qualified = plan.some((step) => step.kind === 'card' && step.action === 'opportunity_created');
  const disqualified = plan.find((step) => step.kind === 'card' && step.action === 'disqualify');
  // Rated once the rep knows: at the qualifying or disqualifying click, else on accepting it.
  const at = (qualified || disqualified ? last.at : first.at) + 5 * 60_000;
  if (qualified && random() < 0.8) {
    steps.push({ at, contactId, kind: 'rate', rating: random() < 0.6 ? 5 : 4, reasonId: 'great_fit' });
  } else if (disqualified?.kind === 'card' && disqualified.action === 'disqualify' && random() < 0.75) {
    const reasonId = LOW_RATING_REASON[disqualified.reasonId] ?? 'bad_data';
    steps.push({ at, contactId, kind: 'rate', rating: random() < 0.5 ? 1 : 2, reasonId });
  } else if (last.kind === 'no_response' && random() < 0.3) {
    steps.push({ at, contactId, kind: 'rate', rating: 2, reasonId: 'not_ready' });
  } else if (onCard && random() < 0.6) {
    // Still being worked: a better source reads a little better.
    steps.push({ at, contactId, kind: 'rate', rating: random() < rates.accept - 0.3 ? 4 : 3 });
  }
  return steps;
}

/** The source's rates (a source the table lacks gets the middle ones). */
export function ratesOf(source: string | undefined): SourceRates {
  return SOURCE_RATES[source ?? ''] ?? OTHER_SOURCES;
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
