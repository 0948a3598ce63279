import { seededRandom } from '../../simulator/random';
import type { NewDecision, NewEvent, Store } from '../../src/store/store';

/** A fixed "now" for seeded reports: 2026-11-20 12:00 UTC. */
export const SEED_NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
export const SEED_PORTAL_ID = 62515;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const random = seededRandom;

const SOURCES = [
  'Paid search / google',
  'Organic search',
  'Email marketing / webinar',
  'Referrals / g2',
  'Paid social / linkedin',
];
const OFFERS = [
  'Demo request',
  'Pricing page',
  'Ebook: RevOps guide',
  'Webinar: Handoff 101',
  'Contact sales',
];
const ENTRY_POINTS = [
  'https://example.com/pricing',
  'https://example.com/blog/lead-routing',
  'spring-webinar',
  'https://example.com/',
];
const POOLS = { sales: ['101', '102', '103'], sdr: ['201', '202'] } as const;
const REP_REASONS = ['poor_fit', 'no_clear_problem', 'low_intent', 'wrong_role'];

export interface SeedSummary {
  decisions: number;
  outcomes: number;
  /** Contact id and email of a routed lead, for audit searches. */
  sample: { contactId: string; email: string };
}

/**
 * A portal's three weeks of handoffs with webhook events and reps' outcomes, shaped like the app
 * stores them, for reports, the admin page and its screenshots.
 */
export async function seedReporting(
  store: Store,
  options: {
    count?: number;
    portalId?: number;
    /** Owner ids of the two routing pools (default: short fake ids); the browser suite passes the simulator's. */
    pools?: { sales: readonly string[]; sdr: readonly string[] };
  } = {},
): Promise<SeedSummary> {
  const next = random(20_261_120);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const portalId = options.portalId ?? SEED_PORTAL_ID;
  const count = options.count ?? 240;
  let outcomes = 0;
  let sample: SeedSummary['sample'] | undefined;
  for (let i = 0; i < count; i += 1) {
    const contactId = String(5_000 + i);
    const email = `lead${i}@company${i % 37}.example`;
    const created = SEED_NOW - Math.floor(next() * 21 * DAY) - 10 * MINUTE;
    const received = created + 400 + Math.floor(next() * 2_500);
    const decidedAt = received + 300 + Math.floor(next() * (next() < 0.1 ? 60_000 : 4_000));
    const roll = next();
    const status =
      roll < 0.45
        ? 'sales_ready'
        : roll < 0.6
          ? 'needs_qualification'
          : roll < 0.7
            ? 'duplicate_or_existing'
            : roll < 0.85
              ? 'nurture'
              : 'disqualified';
    const poolId = status === 'sales_ready' ? 'sales' : status === 'needs_qualification' ? 'sdr' : undefined;
    const ownerId = poolId
      ? pick((options.pools ?? POOLS)[poolId])
      : status === 'duplicate_or_existing'
        ? '301'
        : null;
    const source = pick(SOURCES);
    const properties: Record<string, string> = {
      handoff_status: status,
      handoff_source: next() < 0.93 ? source : '',
      handoff_entry_point: next() < 0.85 ? pick(ENTRY_POINTS) : '',
      handoff_offer: next() < 0.9 ? pick(OFFERS) : '',
      handoff_routed_at: new Date(decidedAt).toISOString(),
      handoff_disqualification_reason:
        status === 'disqualified' ? pick(['disposable_email', 'student_or_intern', 'competitor']) : '',
    };
    if (ownerId) properties.handoff_owner = ownerId;
    const eventKey = `${portalId}:seed:${contactId}`;
    const event: NewEvent = {
      portalId,
      eventKey,
      subscriptionType: 'object.creation',
      objectTypeId: '0-1',
      objectId: Number(contactId),
      occurredAt: created,
      payload: { seeded: true },
    };
    await store.events.insert([event], received);
    const decision: NewDecision = {
      portalId,
      contactId,
      round: 1,
      status,
      priority: status === 'sales_ready' ? 'high' : status === 'nurture' ? 'low' : ownerId ? 'medium' : null,
      ownerId,
      match: status === 'duplicate_or_existing' ? 'existing_account' : 'none',
      companyId: status === 'duplicate_or_existing' ? '9001' : null,
      dealId: null,
      reason: `${status.replace(/_/g, ' ')}: seeded lead from ${source}`,
      properties,
      record: {
        version: 1,
        contactId,
        decidedAt: new Date(decidedAt).toISOString(),
        playbook: 'built-in',
        inputs: {
          email,
          ...(next() < 0.8
            ? { jobtitle: pick(['VP Marketing', 'RevOps Manager', 'Director of Sales', 'Student']) }
            : {}),
          ...(next() < 0.75 ? { company: `Company ${i % 37}` } : {}),
          ...(next() < 0.6 ? { numemployees: '51-200' } : {}),
          ...(next() < 0.5 ? { industry: 'COMPUTER_SOFTWARE' } : {}),
          ...(next() < 0.7 ? { country: 'Germany' } : {}),
          conversions: [properties.handoff_offer].filter(Boolean),
        },
        checks: [
          {
            step: 1,
            rule: 'duplicate_or_existing',
            applied: status === 'duplicate_or_existing',
            detail: 'seeded',
          },
        ],
        fit: { score: 60, lines: [{ rule: 'seniority', points: 30, reason: 'seeded' }] },
        // A confidence as floating point sums it (0.8 + 0.14 is 0.9400000000000001), which the audit must not print raw.
        account: {
          candidates: [
            {
              companyId: String(9_000 + (i % 37)),
              name: `Company ${i % 37}`,
              confidence: 0.8 + 0.14,
              strength: 'strong',
            },
          ],
          chosenCompanyId: String(9_000 + (i % 37)),
        },
        intent: {
          score: 70,
          lines: [{ rule: 'conversion', points: 70, reason: 'seeded' }],
          explicit: [],
          conversions: [],
        },
        routing: {
          steps: [],
          source: poolId ? 'pool' : ownerId ? 'company_owner' : 'none',
          skipped: [],
          setContactOwner: true,
          ...(poolId ? { poolId } : {}),
          ...(ownerId ? { ownerId } : {}),
        },
      },
      eventKey,
      decidedAt,
      slaDueAt: ownerId ? decidedAt + 30 * MINUTE : null,
      slaStatus: ownerId ? 'pending' : 'not_applicable',
    };
    const id = await store.decisions.save(decision);
    if (id === null || !ownerId) continue;
    sample ??= { contactId, email };
    // Reps: most accept within minutes to hours; some qualify, a few become opportunities.
    const rep = next();
    const steps: Array<{ outcome: string; reasonId?: string }> = [];
    if (rep < 0.6) {
      steps.push({ outcome: 'accepted' });
      const further = next();
      if (further < 0.45) steps.push({ outcome: 'qualification_in_progress' });
      if (further < 0.25) steps.push({ outcome: 'qualified_opportunity' });
    } else if (rep < 0.78) {
      steps.push({ outcome: 'disqualified', reasonId: pick(REP_REASONS) });
    } else if (rep < 0.88) {
      steps.push({ outcome: 'no_response' });
    }
    let at = decidedAt + Math.floor(next() * (next() < 0.8 ? 40 : 600)) * MINUTE + 30_000;
    for (const [index, step] of steps.entries()) {
      if (at > SEED_NOW) break;
      const claim = await store.outcomes.claim({
        portalId,
        contactId,
        decisionId: id,
        idempotencyKey: `seed:${contactId}:${index}`,
        outcome: step.outcome,
        reasonId: step.reasonId ?? null,
        note: null,
        source: step.outcome === 'qualified_opportunity' ? 'deal_association' : 'card',
        actor: step.outcome === 'qualified_opportunity' ? 'deal:77' : `user:${ownerId}`,
        occurredAt: at,
      });
      if (claim.claimed) await store.outcomes.complete(claim.id, { handoff_outcome: step.outcome }, at);
      outcomes += 1;
      at += Math.floor(next() * 3 * DAY);
    }
  }
  return { decisions: count, outcomes, sample: sample as SeedSummary['sample'] };
}
