import { DEFAULT_PLAYBOOK, Playbook, playbookSchema } from '../../src/handoff';
import { classifyEmailDomain, hostnameOf } from '../../src/handoff/domains';
import { qualify } from '../../src/handoff/qualify';

const custom: Playbook = playbookSchema.parse({
  ...DEFAULT_PLAYBOOK,
  fit: {
    ...DEFAULT_PLAYBOOK.fit,
    roles: [{ label: 'Revenue operations', words: ['revops', 'revenue operations'], points: 15 }],
    industries: [{ label: 'Software', values: ['COMPUTER_SOFTWARE'], points: 10 }],
    countries: [{ label: 'UK', values: ['United Kingdom', 'UK', 'GB'], points: 5 }],
    ownDomains: ['vendor.example'],
    competitorDomains: ['rival.example'],
  },
  intent: {
    ...DEFAULT_PLAYBOOK.intent,
    timing: [{ property: 'purchase_timeline', values: ['this quarter', 'next 3 months'], points: 15 }],
  },
});

function run(
  contact: Record<string, string>,
  options: { company?: Record<string, string>; existing?: string; playbook?: Playbook } = {},
) {
  const emailHost = contact.email ? hostnameOf(contact.email) : undefined;
  const playbook = options.playbook ?? DEFAULT_PLAYBOOK;
  return qualify(
    {
      contact,
      company: options.company,
      emailHost,
      emailKind: emailHost ? classifyEmailDomain(emailHost, playbook.emailDomains) : undefined,
      existing: options.existing,
    },
    playbook,
  );
}

const lines = (score: { lines: Array<{ rule: string; points: number }> }) =>
  score.lines.map((l) => [l.rule, l.points]);

describe('fit rules', () => {
  test.each([
    ['VP of Marketing', 35],
    ['Vice President, Sales', 35],
    ['Head of Growth', 35],
    ['Director of Operations', 35],
    ['CEO', 40],
    ['Co-Founder', 40],
    ['Chief Revenue Officer', 40],
    ['Marketing Manager', 20],
    ['Team Lead, SDR', 20],
    ['Product Owner', undefined],
    ['Software Engineer', undefined],
  ])('seniority: "%s" → %p points', (jobtitle, points) => {
    const fit = run({ jobtitle }).fit;
    expect(fit.lines.find((line) => line.rule === 'fit.seniority')?.points).toBe(points);
  });

  test('every point is traceable: the lines add up to the score', () => {
    const fit = run(
      {
        email: 'jo@acme.co.uk',
        jobtitle: 'Director of RevOps',
        company: 'Acme',
        industry: 'Computer Software',
        country: 'United Kingdom',
      },
      { company: { numberofemployees: '250', industry: 'COMPUTER_SOFTWARE' }, playbook: custom },
    ).fit;
    expect(lines(fit)).toEqual([
      ['fit.seniority', 35],
      ['fit.role', 15],
      ['fit.companySize', 30],
      ['fit.industries', 10],
      ['fit.countries', 5],
      ['fit.companyKnownPoints', 10],
      ['fit.workEmailPoints', 10],
      ['cap', -15],
    ]);
    expect(fit.score).toBe(100);
    expect(fit.lines.reduce((sum, line) => sum + line.points, 0)).toBe(100);
  });

  test.each([
    [{ numberofemployees: '250' }, {}, 30],
    [{ numberofemployees: '25' }, {}, 15],
    [{ numberofemployees: '5000' }, {}, 20],
    [{ numberofemployees: '4' }, {}, undefined],
    [undefined, { numemployees: '100-500' }, 30],
    [undefined, { numemployees: '1000+' }, 30],
    [undefined, { numemployees: '1-5' }, undefined],
    [{ numberofemployees: '20' }, { numemployees: '500-1000' }, 15],
  ])('company size: company %p, contact %p → %p', (companyProps, contactProps, points) => {
    const fit = run({ ...contactProps }, { company: companyProps }).fit;
    expect(fit.lines.find((line) => line.rule === 'fit.companySize')?.points).toBe(points);
  });

  test('free email gets no work-email points; a company name still counts as company known', () => {
    expect(lines(run({ email: 'jo@gmail.com', company: 'Acme' }).fit)).toEqual([
      ['fit.companyKnownPoints', 10],
    ]);
  });
});

describe('intent rules', () => {
  test.each([
    ['Request a demo', 60, true],
    ['Contact Sales form', 60, true],
    ['Get a quote', 60, true],
    ['Pricing page: talk to us', 50, true],
    ['Start free trial', 50, true],
    ['Webinar registration', 20, false],
    ['State of RevOps ebook', 15, false],
    ['Newsletter signup', 5, false],
    ['Demonstration video', 60, true],
    ['Careers page', 0, false],
  ])('conversion "%s" → %p points, explicit %p', (name, points, explicit) => {
    const intent = run({ recent_conversion_event_name: name }).intent;
    expect(intent.score).toBe(points);
    expect(intent.explicit.length > 0).toBe(explicit);
  });

  test('each rule counts once across recent and first conversion; browsing, score, problem and timing add up', () => {
    const intent = run(
      {
        recent_conversion_event_name: 'Request a demo',
        first_conversion_event_name: 'Ebook: the demo playbook',
        num_conversion_events: '5',
        hs_analytics_num_page_views: '24',
        hs_analytics_num_visits: '4',
        hubspotscore: '55',
        message: 'Our lead routing is a mess',
        purchase_timeline: 'This quarter',
      },
      { playbook: custom },
    ).intent;
    expect(lines(intent)).toEqual([
      ['intent.conversions', 60],
      ['intent.conversions', 15],
      ['intent.repeatConversions', 15],
      ['intent.pageViews', 10],
      ['intent.visits', 5],
      ['intent.hubspotScore', 10],
      ['intent.problem', 10],
      ['intent.timing', 15],
      ['cap', -40],
    ]);
    expect(intent.score).toBe(100);
  });
});

const director = {
  email: 'jo@acme.com',
  jobtitle: 'Director of Sales',
  company: 'Acme',
  numemployees: '100-500',
};

describe('status in CONTRACT §4 order', () => {
  const statusCases: Array<[string, Record<string, string>, string, string | null]> = [
    [
      'demo by a director at a target company',
      { ...director, recent_conversion_event_name: 'Request a demo' },
      'sales_ready',
      'high',
    ],
    ['pricing', { ...director, recent_conversion_event_name: 'Pricing request' }, 'sales_ready', 'high'],
    [
      'strong non-explicit intent',
      {
        ...director,
        recent_conversion_event_name: 'Webinar',
        num_conversion_events: '4',
        hs_analytics_num_page_views: '30',
        hs_analytics_num_visits: '12',
      },
      'sales_ready',
      'medium',
    ],
    [
      'good fit, content download',
      { ...director, recent_conversion_event_name: 'Ebook download' },
      'nurture',
      'low',
    ],
    ['good fit, newsletter', { ...director, recent_conversion_event_name: 'Newsletter' }, 'nurture', 'low'],
    [
      'no role, some intent',
      { email: 'jo@acme.com', recent_conversion_event_name: 'Request a demo' },
      'needs_qualification',
      'high',
    ],
    [
      'no company, some intent',
      { email: 'jo@gmail.com', jobtitle: 'Director', recent_conversion_event_name: 'Ebook' },
      'needs_qualification',
      'low',
    ],
    [
      'mid fit with a demo (no rule: unmatched.withIntent)',
      {
        email: 'jo@gmail.com',
        jobtitle: 'Marketing Manager',
        company: 'Acme',
        recent_conversion_event_name: 'Demo',
      },
      'needs_qualification',
      'high',
    ],
    [
      'mid fit, low intent (no rule: unmatched.otherwise)',
      {
        email: 'jo@gmail.com',
        jobtitle: 'Marketing Manager',
        company: 'Acme',
        recent_conversion_event_name: 'Ebook',
      },
      'nurture',
      'low',
    ],
    ['no context, no intent (no rule: unmatched.otherwise)', { email: 'jo@gmail.com' }, 'nurture', 'low'],
  ];
  // Reordered so the test title reads "case → status, priority".
  test.each(
    statusCases.map(([name, contact, status, priority]) => [name, status, priority, contact] as const),
  )('%s → %s, %s', (_case, status, priority, contact) => {
    const result = run(contact);
    expect([result.status, result.priority]).toEqual([status, priority]);
  });

  test('an existing account wins over everything, even a disposable address', () => {
    const result = run(
      { email: 'jo@mailinator.com', jobtitle: 'Intern' },
      { existing: 'existing account Acme' },
    );
    expect(result.status).toBe('duplicate_or_existing');
    expect(result.checks).toEqual([
      { step: 1, rule: 'duplicate_or_existing', applied: true, detail: 'existing account Acme' },
    ]);
  });

  test.each([
    ['disposable email', { ...director, email: 'jo@mailinator.com' }, 'disposable_email', 'poor_fit'],
    ['own domain', { ...director, email: 'jo@eu.vendor.example' }, 'own_domain', 'poor_fit'],
    ['competitor domain', { ...director, email: 'jo@rival.example' }, 'competitor_domain', 'poor_fit'],
    ['student', { ...director, jobtitle: 'Student' }, 'excluded_role', 'wrong_role'],
    ['intern', { ...director, jobtitle: 'Marketing Intern' }, 'excluded_role', 'wrong_role'],
    [
      'fit below the floor',
      {
        email: 'jo@gmail.com',
        jobtitle: 'Engineer',
        company: 'Tiny',
        numemployees: '1-5',
        recent_conversion_event_name: 'Demo',
      },
      'fit_below_floor',
      'poor_fit',
    ],
  ])('disqualified: %s', (_case, contact, rule, reasonId) => {
    const result = run({ recent_conversion_event_name: 'Request a demo', ...contact }, { playbook: custom });
    expect(result.status).toBe('disqualified');
    expect(result.priority).toBeNull();
    expect(result.disqualification).toMatchObject({ rule, reasonId });
  });

  test('"International" is not "intern", and low fit from unknown context is not a poor fit', () => {
    expect(run({ ...director, jobtitle: 'International Sales Director' }).status).not.toBe('disqualified');
    expect(run({ email: 'jo@gmail.com', recent_conversion_event_name: 'Ebook' }).status).toBe(
      'needs_qualification',
    );
  });

  test('the checks record every rule up to the one that applied', () => {
    const result = run({ ...director, recent_conversion_event_name: 'Ebook' });
    expect(result.checks.map((check) => [check.step, check.applied])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, false],
      [5, true],
    ]);
  });
});
