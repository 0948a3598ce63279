import type { NewDecision } from '../../src/store/store';
import { decision } from '../store/decision-battery';
import { startAdminHarness, type AdminHarness } from '../support/admin-harness';
import { SEED_NOW, SEED_PORTAL_ID } from '../support/seed-reporting';

interface RatingJson {
  portalId: number;
  name: string;
  by: string;
  columns: string[];
  rows: Array<Record<string, string | number | null>>;
}

const DAY = 86_400_000;
const PERIOD = 'from=2026-11-01&to=2026-11-20';

/** A handoff of the period from a source, offer and campaign. */
function handoff(
  contactId: string,
  source: string,
  offer: string,
  campaign: string | null,
  extra: Partial<NewDecision> = {},
) {
  return decision(contactId, {
    portalId: SEED_PORTAL_ID,
    eventKey: `${SEED_PORTAL_ID}:rating-seed:${contactId}`,
    decidedAt: SEED_NOW - 5 * DAY,
    properties: {
      handoff_status: 'sales_ready',
      handoff_owner: '111',
      handoff_source: source,
      handoff_offer: offer,
    },
    record: { version: 1, contactId, inputs: campaign ? { campaign } : {} },
    ...extra,
  });
}

describe('/admin ratings: JSON, CSV and the dashboard section', () => {
  let harness: AdminHarness;
  let cookie: string;

  beforeAll(async () => {
    harness = await startAdminHarness();
    const store = harness.store;
    await store.decisions.save(handoff('601', 'Paid search', 'Demo request', 'spring'));
    await store.decisions.save(handoff('602', 'Paid search', 'Pricing page', 'spring'));
    await store.decisions.save(handoff('603', 'Organic', 'Demo request', null));
    await store.decisions.save(handoff('604', 'Organic', 'Demo request', null));
    await store.decisions.save(
      handoff('605', 'Organic', 'Ebook', null, { status: 'nurture', ownerId: null, priority: 'low' }),
    );
    await store.decisions.save(handoff('606', 'Paid search', 'Demo request', null));
    const rate = (
      contactId: string,
      rating: number,
      at: number,
      requestId: string,
      portalId = SEED_PORTAL_ID,
    ) =>
      store.feedback.saveRating({
        portalId,
        contactId,
        round: 1,
        rating,
        reasonId: null,
        note: null,
        ratedBy: 'user:4242',
        ratedAt: at,
        requestId,
      });
    const at = SEED_NOW - 4 * DAY;
    await rate('601', 5, at, 'rate-601-0001');
    await rate('602', 2, at, 'rate-602-0001');
    await rate('602', 4, at + 60_000, 'rate-602-0002'); // re-rated: 4 counts
    await rate('603', 1, at, 'rate-603-0001');
    await rate('606', 3, at, 'rate-606-0001', 999); // another portal's rating of its own contact 606
    ({ cookie } = await harness.signIn());
  });
  afterAll(async () => harness.close());

  const json = async (path: string) => {
    const response = await harness.request(path, { cookie });
    expect(response.status).toBe(200);
    return (await response.json()) as RatingJson;
  };

  it('answers 401 without a session', async () => {
    expect((await harness.request('/admin/api/ratings')).status).toBe(401);
  });

  it('serves the average and count of the current ratings by source, over the handoffs routed to a person', async () => {
    expect((await json(`/admin/api/ratings?by=all&${PERIOD}`)).rows).toEqual([
      {
        key: 'All handoffs',
        routed: 5,
        rated: 3,
        rated_rate: 0.6,
        average_rating: 3.33,
        rating_1: 1,
        rating_2: 0,
        rating_3: 0,
        rating_4: 1,
        rating_5: 1,
      },
    ]);
    const bySource = await json(`/admin/api/ratings?by=source&${PERIOD}`);
    expect(bySource).toMatchObject({ portalId: SEED_PORTAL_ID, name: 'ratings', by: 'source' });
    expect(bySource.rows.map((row) => [row.key, row.routed, row.rated, row.average_rating])).toEqual([
      ['Paid search', 3, 2, 4.5],
      ['Organic', 2, 1, 1],
    ]);
  });

  it('serves the same by offer and by campaign (entry point), a lead without one under (none)', async () => {
    const byOffer = await json(`/admin/api/ratings?by=offer&${PERIOD}`);
    expect(byOffer.rows.map((row) => [row.key, row.rated, row.average_rating])).toEqual([
      ['Demo request', 2, 3],
      ['Pricing page', 1, 4],
    ]);
    const byCampaign = await json(`/admin/api/ratings?by=campaign&${PERIOD}`);
    expect(byCampaign.rows.map((row) => [row.key, row.routed, row.rated, row.average_rating])).toEqual([
      ['spring', 2, 2, 4.5],
      ['(none)', 3, 1, 1],
    ]);
  });

  it('serves the distribution over 1–5 as CSV', async () => {
    const csv = await harness.request(`/admin/api/ratings.csv?table=distribution&${PERIOD}`, { cookie });
    expect(csv.headers.get('content-disposition')).toContain('handoff-distribution-by-all.csv');
    expect((await csv.text()).trim().split('\r\n')).toEqual([
      'key,rating,count,share',
      '1,1,1,0.3333',
      '2,2,0,0',
      '3,3,0,0',
      '4,4,1,0.3333',
      '5,5,1,0.3333',
    ]);
  });

  it('counts a handoff in the period it was decided: an earlier period has no ratings', async () => {
    const before = await json('/admin/api/ratings?by=all&from=2026-10-01&to=2026-10-31');
    expect(before.rows).toEqual([]);
  });

  it('refuses an unknown table or cut with the list of good ones', async () => {
    const bad = await harness.request('/admin/api/ratings?by=owner', { cookie });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      'by must be one of all, source, offer, campaign',
    );
  });

  it('shows the average, the distribution and the three cuts on the dashboard', async () => {
    const page = await (await harness.request(`/admin?${PERIOD}`, { cookie })).text();
    expect(page).toMatch(/id="rating-line"\s+data-average="3.33"\s+data-rated="3"/);
    expect(page).toContain('Average <strong>3.3</strong> on 1 (poor lead) to 5 (great lead)');
    expect(page).toContain('60.0% (3 of 5)');
    expect(page).toContain('Rated 5: 1 · 33.3%');
    for (const by of ['source', 'offer', 'campaign']) expect(page).toContain(`data-by="${by}"`);
    expect(page).toContain('/admin/api/ratings.csv?');
  });
});
