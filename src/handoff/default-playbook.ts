import { Playbook, PlaybookInput, playbookSchema } from './playbook';

/**
 * CONTRACT §4 as data: the playbook a portal runs until RevOps sets `HANDOFF_CONFIG`.
 *
 * Calibration, so the §4 examples come out as written:
 * - a director at a 50–1000 person company on a work address scores fit 35 + 30 + 10 + 10 = 85;
 * - a demo, contact-sales or quote conversion alone (60) clears the sales-ready intent threshold
 *   of 50, and so does pricing or trial (50); all five are explicit buying intent → `high`;
 * - a content download (15) or newsletter (5) with some browsing stays under 50 → nurture;
 * - fit floor 20: with role and company known, a contact on a free address at a company outside
 *   every size band with no seniority scores 10 and is disqualified as a poor fit.
 */
const builtIn: PlaybookInput = {
  name: 'Default playbook',
  fit: {
    // Ordered: "Vice President" must meet the VP rule before the C-level rule's "president".
    seniority: [
      {
        label: 'Director or VP',
        words: ['vp', 'svp', 'evp', 'vice president', 'head of', 'director'],
        points: 35,
      },
      {
        label: 'C-level or founder',
        // Not "owner" or "partner" alone: "Product Owner" and "Partner Manager" are not buyers.
        words: [
          'ceo',
          'cto',
          'cfo',
          'coo',
          'cmo',
          'cro',
          'cio',
          'chief',
          'founder',
          'cofounder',
          'co founder',
          'president',
          'business owner',
          'managing partner',
        ],
        points: 40,
      },
      { label: 'Manager or lead', words: ['manager', 'team lead', 'principal'], points: 20 },
    ],
    roles: [],
    excludedRoles: ['student', 'intern', 'internship'],
    companySize: [
      { min: 50, max: 1000, points: 30 },
      { min: 10, max: 49, points: 15 },
      { min: 1001, points: 20 },
    ],
    industries: [],
    countries: [],
    companyKnownPoints: 10,
    workEmailPoints: 10,
    ownDomains: [],
    competitorDomains: [],
  },
  intent: {
    conversions: [
      { label: 'Demo request', words: ['demo', 'demonstration'], points: 60, explicit: true },
      {
        label: 'Contact sales',
        words: ['contact sales', 'talk to sales', 'speak to sales', 'sales inquiry', 'sales enquiry'],
        points: 60,
        explicit: true,
      },
      { label: 'Quote request', words: ['quote', 'quotation'], points: 60, explicit: true },
      { label: 'Pricing', words: ['pricing', 'price', 'prices'], points: 50, explicit: true },
      { label: 'Trial', words: ['trial'], points: 50, explicit: true },
      { label: 'Webinar or event', words: ['webinar', 'event', 'workshop'], points: 20 },
      {
        label: 'Content download',
        words: [
          'ebook',
          'e book',
          'whitepaper',
          'white paper',
          'guide',
          'report',
          'download',
          'checklist',
          'template',
        ],
        points: 15,
      },
      { label: 'Newsletter', words: ['newsletter', 'subscribe', 'subscription', 'blog'], points: 5 },
    ],
    repeatConversions: { pointsEach: 5, max: 15 },
    pageViews: [
      { min: 5, max: 19, points: 5 },
      { min: 20, points: 10 },
    ],
    visits: [
      { min: 3, max: 9, points: 5 },
      { min: 10, points: 10 },
    ],
    hubspotScore: [{ min: 50, points: 10 }],
    // `message` is the standard contact property behind HubSpot's default "Message" form field.
    problem: { properties: ['message'], points: 10 },
    timing: [],
  },
  thresholds: { fitFloor: 20, fit: 50, intent: 50, someIntent: 1 },
  priority: {
    duplicate_or_existing: { explicitIntent: 'high', intent: 'medium', otherwise: 'low' },
    disqualified: { explicitIntent: null, intent: null, otherwise: null },
    needs_qualification: { explicitIntent: 'high', intent: 'medium', otherwise: 'low' },
    sales_ready: { explicitIntent: 'high', intent: 'medium', otherwise: 'medium' },
    nurture: { explicitIntent: 'low', intent: 'low', otherwise: 'low' },
  },
  unmatched: { withIntent: 'needs_qualification', otherwise: 'nurture' },
  pools: [
    { id: 'sdr', team: 'SDR' },
    { id: 'sales', team: 'Sales' },
  ],
  routing: { needs_qualification: 'sdr', sales_ready: 'sales', duplicate_or_existing: null },
  // A demo request is answered tonight; the rest wait for the working day (sla-due-at.ts).
  responseExpectations: {
    high: { minutes: 30, clock: 'round_the_clock' },
    medium: { minutes: 240, clock: 'business_hours' },
    low: { businessDays: 2 },
  },
  // CONTRACT §4 names no time zone. Pools and owners override (`pools[].businessHours`, `ownerHours`).
  businessHours: {
    timeZone: 'UTC',
    workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    start: '09:00',
    end: '17:00',
    holidays: [],
  },
  ownerHours: {},
  reminder: { windowFraction: 0.25, minMinutes: 10 },
  disqualification: {
    reasons: [
      { id: 'poor_fit', label: 'Poor fit' },
      { id: 'no_clear_problem', label: 'No clear problem' },
      { id: 'low_intent', label: 'Low intent' },
      { id: 'wrong_role', label: 'Wrong role' },
      { id: 'no_response', label: 'No response' },
      { id: 'duplicate', label: 'Duplicate' },
    ],
    rules: {
      disposable_email: 'poor_fit',
      own_domain: 'poor_fit',
      competitor_domain: 'poor_fit',
      excluded_role: 'wrong_role',
      fit_below_floor: 'poor_fit',
    },
  },
  contactOwner: 'if_empty',
};

export const DEFAULT_PLAYBOOK: Playbook = Object.freeze(playbookSchema.parse(builtIn));
