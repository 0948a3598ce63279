import {
  Alert,
  Button,
  DescriptionListItem,
  hubspot,
  Link,
  LoadingSpinner,
  Select,
  StatusTag,
  Tag,
  Text,
  TextArea,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { OUTCOME_ACTIONS } from '../../src/handoff/outcome-properties';
import { HANDOFF_PROPERTIES } from '../../src/hubspot/property-definitions';
import { ACTION_BUTTONS } from '../actions-section';
import { label } from '../format';
import type { CardContext } from '../card-api';
import { HandoffCard } from '../handoff-card-view';
import { BASE_URL, CONTACT_ID, emptyContext, fullContext, jsonResponse, NOW, PORTAL_ID } from './fixtures';

type FetchArgs = Parameters<typeof hubspot.fetch>;

/** `hubspot.fetch` is not mocked by the testing package: every test answers it itself. */
function answerFetch(handler: (url: string, options: FetchArgs[1]) => Response | Promise<Response>) {
  return jest
    .spyOn(hubspot, 'fetch')
    .mockImplementation(async (url, options) => handler(String(url), options));
}

function renderCard(context: CardContext | (() => Response), post?: (body: unknown) => Response) {
  const fetch = answerFetch((url, options) => {
    if (options?.method === 'POST') {
      if (!post) throw new Error(`unexpected POST ${url}`);
      return post(options.body);
    }
    return typeof context === 'function' ? context() : jsonResponse(context);
  });
  const renderer = createRenderer('crm.record.tab');
  renderer.render(
    <HandoffCard
      contactId={CONTACT_ID}
      portalId={PORTAL_ID}
      baseUrl={BASE_URL}
      actions={renderer.mocks.actions}
      now={() => NOW}
    />,
  );
  const posts = () => fetch.mock.calls.filter(([, options]) => options?.method === 'POST');
  const gets = () => fetch.mock.calls.filter(([, options]) => options?.method === 'GET');
  return { ...renderer, fetch, posts, gets };
}

type Card = ReturnType<typeof renderCard>;

async function loaded(card: Card): Promise<void> {
  await card.waitFor(() => expect(card.maybeFindByTestId(Button, 'action-disqualify')).not.toBeNull());
}

/** All the text under a node, nested elements included. */
interface TextTree {
  text: string | null;
  childNodes?: readonly TextTree[];
}
function textOf(node: TextTree | null): string {
  if (node === null) return '';
  if (!node.childNodes) return node.text ?? '';
  return node.childNodes.map(textOf).join(' ');
}

/**
 * `trigger`'s declared argument type is the handler itself (0.17's typings), while at run time
 * the argument is what the handler receives: a value typed by the test, cast once here.
 */
function change(node: { trigger: (event: 'onChange', arg?: never) => void }, value: string): void {
  node.trigger('onChange', value as never);
}

function field(card: Card, name: string): string {
  return textOf(card.findByTestId(DescriptionListItem, `field-${name}`));
}

function hasField(card: Card, name: string): boolean {
  return card.maybeFindByTestId(DescriptionListItem, `field-${name}`) !== null;
}

afterEach(() => jest.restoreAllMocks());

describe('Handoff card', () => {
  it('loads the context for the record it is on, through hubspot.fetch', async () => {
    const card = renderCard(fullContext());
    expect(card.maybeFindByTestId(LoadingSpinner, 'loading')).not.toBeNull();
    await loaded(card);
    expect(card.gets()[0]?.[0]).toBe(`${BASE_URL}/api/card/contacts/${CONTACT_ID}`);
  });

  describe('Handoff section', () => {
    it('shows status, priority, owner, reason and the SLA due time with time left', async () => {
      const card = renderCard(fullContext());
      await loaded(card);
      expect(field(card, 'status')).toContain('Sales-ready');
      expect(field(card, 'priority')).toContain('High');
      expect(field(card, 'owner')).toContain('Dana Rep');
      expect(field(card, 'reason')).toContain('round robin in Sales to Dana Rep');
      expect(field(card, 'sla')).toContain('2026-11-02 09:30 UTC');
      const sla = card.findByTestId(StatusTag, 'sla-status');
      expect(sla.text).toBe('10 min left');
      expect(sla.props.variant).toBe('warning');
    });

    it('shows a breached SLA with how long ago it was due', async () => {
      const context = fullContext();
      context.handoff.slaDueAt = '2026-11-02T08:50:00.000Z';
      const card = renderCard(context);
      await loaded(card);
      const sla = card.findByTestId(StatusTag, 'sla-status');
      expect(sla.text).toBe('Breached 30 min ago');
      expect(sla.props.variant).toBe('danger');
    });

    it('leaves empty handoff fields out and says once that Handoff has not decided the contact', async () => {
      const card = renderCard(emptyContext());
      await loaded(card);
      for (const name of ['status', 'priority', 'owner', 'reason', 'sla'])
        expect(hasField(card, name)).toBe(false);
      expect(card.findByTestId(Alert, 'no-decision').props.title).toBe('Not handed off by Handoff');
    });

    it('shows a normal nurture lead without a single warning: no owner, deal or confidence is expected', async () => {
      const context = fullContext();
      context.handoff = {
        ...context.handoff,
        status: 'nurture',
        priority: 'low',
        ownerId: null,
        ownerName: null,
        slaDueAt: null,
        slaStatus: null,
      };
      context.account = {
        ...context.account,
        match: 'none',
        company: null,
        deal: null,
        confidence: null,
        evidence: [],
        candidates: [],
      };
      const card = renderCard(context);
      await loaded(card);
      expect(card.findAll(Tag).filter((tag) => tag.props.variant === 'warning')).toHaveLength(0);
      expect(field(card, 'owner')).toContain('Not routed to a person');
      expect(hasField(card, 'deal')).toBe(false);
      expect(textOf(card.findByTestId(Text, 'no-match'))).toContain('No existing company or open deal');
    });
  });

  describe('Marketing context section', () => {
    it('shows source, entry point, offer, role, company and fit, intent, activity and notes', async () => {
      const card = renderCard(fullContext());
      await loaded(card);
      expect(field(card, 'source')).toContain('Paid search / google');
      expect(field(card, 'entry-point')).toContain('https://example.com/pricing');
      expect(field(card, 'offer')).toContain('Demo request');
      expect(field(card, 'role')).toContain('VP Marketing');
      expect(field(card, 'company-fit')).toContain('Acme · fit 80/100');
      expect(field(card, 'company-fit')).toContain('VP (+30)');
      expect(field(card, 'intent')).toContain('Demo request (+60)');
      expect(field(card, 'activity')).toContain('3 conversion(s)');
      expect(field(card, 'activity')).toContain('14 page view(s)');
      expect(field(card, 'qualification-notes')).toContain('fit 80');
      expect(card.maybeFind(Tag, { variant: 'warning' })).toBeNull();
    });

    it('says once, in one line, what marketing did not capture', async () => {
      const context = emptyContext();
      context.marketing.source = 'Organic search';
      const card = renderCard(context);
      await loaded(card);
      const warnings = card.findAll(Tag).filter((tag) => tag.props.variant === 'warning');
      expect(warnings).toHaveLength(1);
      expect(card.findByTestId(Tag, 'missing-context').text).toBe(
        'Not captured by marketing: offer or form, role, company',
      );
      for (const name of ['offer', 'role', 'company-fit', 'intent', 'activity'])
        expect(hasField(card, name)).toBe(false);
    });
  });

  describe('Account match section', () => {
    it('links the matched company and deciding deal, with confidence, evidence and other candidates', async () => {
      const card = renderCard(fullContext());
      await loaded(card);
      const company = card.findByTestId(Link, 'company-link');
      expect(company.text).toBe('Acme');
      expect(company.props.href).toEqual({
        url: `https://app.hubspot.com/contacts/${PORTAL_ID}/record/0-2/9001`,
        external: true,
      });
      expect(card.findByTestId(Link, 'deal-link').text).toBe('Acme renewal');
      expect(field(card, 'confidence')).toContain('95%');
      expect(field(card, 'evidence')).toContain('acme.com');
      expect(card.findByTestId(Link, 'candidate-9002').text).toBe('Acme Labs (70%)');
    });

    it('names the review reason when the match was ambiguous', async () => {
      const context = fullContext();
      context.account = {
        ...context.account,
        company: null,
        deal: null,
        confidence: null,
        review: 'tie after every tie-breaker',
        candidates: [
          { id: '9002', name: 'Acme Labs', confidence: 0.7 },
          { id: '9003', name: 'Acme Inc', confidence: 0.7 },
        ],
      };
      const card = renderCard(context);
      await loaded(card);
      expect(textOf(card.findByTestId(Text, 'other-candidates'))).toContain('tie after every tie-breaker');
      expect(card.maybeFindByTestId(Link, 'candidate-9003')).not.toBeNull();
      expect(hasField(card, 'company')).toBe(false);
      expect(card.maybeFindByTestId(Text, 'no-match')).toBeNull();
    });

    it('says in one line that nothing matched, with no candidates', async () => {
      const card = renderCard(emptyContext());
      await loaded(card);
      for (const name of ['company', 'deal', 'confidence', 'evidence'])
        expect(hasField(card, name)).toBe(false);
      expect(card.maybeFindByTestId(Text, 'no-match')).not.toBeNull();
      expect(card.maybeFindByTestId(Text, 'other-candidates')).toBeNull();
    });
  });

  describe('Actions', () => {
    it('labels each button with the handoff_outcome option it sets, as marketing sees it in HubSpot', () => {
      const options =
        HANDOFF_PROPERTIES.find((property) => property.name === 'handoff_outcome')?.options ?? [];
      for (const button of ACTION_BUTTONS) {
        const option = options.find((o) => o.value === OUTCOME_ACTIONS[button.action]);
        expect([button.action, button.label]).toEqual([button.action, option?.label]);
        expect(label(OUTCOME_ACTIONS[button.action])).toBe(option?.label);
      }
    });

    it.each(ACTION_BUTTONS.map((button) => [button.label, button.action]))(
      '%s posts the %s action, shows the success alert and refreshes the properties',
      async (_label, action) => {
        const card = renderCard(fullContext(), () =>
          jsonResponse({ outcome: 'x', message: 'Outcome recorded: done.', replayed: false, closed: false }),
        );
        await loaded(card);
        card.findByTestId(Button, `action-${action}`).trigger('onClick');
        await card.waitFor(() => expect(card.mocks.actions.refreshObjectProperties.calls).toHaveLength(1));
        const [url, options] = card.posts()[0] ?? [];
        expect(url).toBe(`${BASE_URL}/api/card/contacts/${CONTACT_ID}/outcome`);
        expect(options?.body).toEqual({ action, requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,}$/) });
        expect(card.mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({
          type: 'success',
          message: 'Outcome recorded: done.',
        });
      },
    );

    it('disqualify needs a reason, and a note when the reason is Other; then posts, alerts and refreshes', async () => {
      const card = renderCard(fullContext(), () =>
        jsonResponse({
          outcome: 'disqualified',
          message: 'Outcome recorded: Disqualified (Other (explain in the note)). The handoff is closed.',
          replayed: false,
          closed: true,
        }),
      );
      await loaded(card);
      expect(card.findByTestId(Select, 'disqualify-reason').props.options.map((o) => o.value)).toContain(
        'other',
      );

      card.findByTestId(Button, 'action-disqualify').trigger('onClick');
      await card.waitFor(() => expect(card.findByTestId(Select, 'disqualify-reason').props.error).toBe(true));
      expect(card.findByTestId(Select, 'disqualify-reason').props.validationMessage).toMatch(
        /Choose a reason/,
      );
      expect(card.posts()).toHaveLength(0);

      change(card.findByTestId(Select, 'disqualify-reason'), 'other');
      card.findByTestId(Button, 'action-disqualify').trigger('onClick');
      await card.waitFor(() => expect(card.findByTestId(TextArea, 'feedback-note').props.error).toBe(true));
      expect(card.findByTestId(TextArea, 'feedback-note').props.required).toBe(true);
      expect(card.posts()).toHaveLength(0);

      change(card.findByTestId(TextArea, 'feedback-note'), '  Agency reselling to clients  ');
      card.findByTestId(Button, 'action-disqualify').trigger('onClick');
      await card.waitFor(() => expect(card.mocks.actions.refreshObjectProperties.calls).toHaveLength(1));
      expect(card.posts()).toHaveLength(1);
      expect(card.posts()[0]?.[1]?.body).toEqual({
        action: 'disqualify',
        reasonId: 'other',
        note: 'Agency reselling to clients',
        requestId: expect.any(String),
      });
      expect(card.mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({
        type: 'success',
        message: expect.stringContaining('Disqualified'),
      });
      // The card reloads itself after the action.
      await card.waitFor(() => expect(card.gets()).toHaveLength(2));
    });

    it('disqualifies with a standard reason and no note', async () => {
      const card = renderCard(fullContext(), () =>
        jsonResponse({ outcome: 'disqualified', message: 'ok', replayed: false, closed: true }),
      );
      await loaded(card);
      change(card.findByTestId(Select, 'disqualify-reason'), 'poor_fit');
      card.findByTestId(Button, 'action-disqualify').trigger('onClick');
      await card.waitFor(() => expect(card.posts()).toHaveLength(1));
      expect(card.posts()[0]?.[1]?.body).toEqual({
        action: 'disqualify',
        reasonId: 'poor_fit',
        requestId: expect.any(String),
      });
    });
  });

  describe('errors', () => {
    it('shows the server’s message in an alert and changes nothing when an action fails', async () => {
      const card = renderCard(fullContext(), () =>
        jsonResponse(
          { error: { code: 'hubspot_unavailable', message: 'HubSpot did not answer: try again' } },
          503,
        ),
      );
      await loaded(card);
      card.findByTestId(Button, 'action-accept').trigger('onClick');
      await card.waitFor(() => expect(card.mocks.actions.addAlert.calls).toHaveLength(1));
      expect(card.mocks.actions.addAlert.calls[0]?.[0]).toEqual({
        type: 'danger',
        title: 'Not saved',
        message: 'HubSpot did not answer: try again',
      });
      expect(card.mocks.actions.refreshObjectProperties.calls).toHaveLength(0);
      expect(card.gets()).toHaveLength(1);
      await card.waitFor(() => expect(card.findByTestId(Button, 'action-accept').props.disabled).toBe(false));
    });

    it('says Handoff could not be reached when hubspot.fetch itself fails', async () => {
      const card = renderCard(fullContext(), () => {
        throw new TypeError('network down');
      });
      await loaded(card);
      card.findByTestId(Button, 'action-recycle').trigger('onClick');
      await card.waitFor(() => expect(card.mocks.actions.addAlert.calls).toHaveLength(1));
      expect(card.mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({
        type: 'danger',
        message: expect.stringContaining('could not be reached'),
      });
    });

    it('shows why the card could not load, with a way to try again', async () => {
      let attempts = 0;
      const card = renderCard(() => {
        attempts += 1;
        return attempts === 1
          ? jsonResponse(
              { error: { code: 'not_found', message: 'This contact is not in your HubSpot account' } },
              404,
            )
          : jsonResponse(fullContext());
      });
      await card.waitFor(() => expect(card.maybeFindByTestId(Alert, 'load-error')).not.toBeNull());
      expect(textOf(card.findByTestId(Alert, 'load-error'))).toContain('not in your HubSpot account');
      card.findByTestId(Button, 'retry-load').trigger('onClick');
      await loaded(card);
    });
  });
});
