import { Alert, Button, DateInput, hubspot, Input, Select, Text, TimeInput } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { CardContext } from '../card-api';
import { HandoffCard } from '../handoff-card-view';
import { BASE_URL, CONTACT_ID, fullContext, jsonResponse, NOW, PORTAL_ID } from './fixtures';

type FetchArgs = Parameters<typeof hubspot.fetch>;

/** The card with the context it loads and an answer per POST path (`/rating`, `/next-step`). */
function renderCard(context: CardContext, answer: (path: string, body: unknown) => Response) {
  const fetch = jest.spyOn(hubspot, 'fetch').mockImplementation(async (url, options: FetchArgs[1]) => {
    if (options?.method === 'POST') return answer(String(url).slice(BASE_URL.length), options.body);
    return jsonResponse(context);
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
  return { ...renderer, posts };
}

type Card = ReturnType<typeof renderCard>;

async function loaded(card: Card): Promise<void> {
  await card.waitFor(() => expect(card.maybeFindByTestId(Button, 'save-rating')).not.toBeNull());
}

/** `trigger`'s declared argument is the handler (0.17's typings); at run time it is the value. */
function change(node: { trigger: (event: 'onChange', arg?: never) => void }, value: unknown): void {
  node.trigger('onChange', value as never);
}

const refused = (message: string) => jsonResponse({ error: { code: 'card_invalid', message } }, 400);

afterEach(() => jest.restoreAllMocks());

describe('Handoff card: lead quality and next step', () => {
  it('shows the current rating with its reason, and the next step with its due time', async () => {
    const context = fullContext();
    context.feedback.rating = {
      rating: 4,
      reasonId: 'great_fit',
      note: null,
      ratedAt: '2026-11-02T09:00:00.000Z',
    };
    context.feedback.nextStep = {
      what: 'Call to book a demo',
      dueAt: '2026-11-03T15:00:00.000Z',
      ownerId: '111',
    };
    const card = renderCard(context, () => jsonResponse({}));
    await loaded(card);
    expect(card.findByTestId(Text, 'current-rating').text).toBe(
      'Rated 4 of 5 (Great fit), 2026-11-02 09:00 UTC',
    );
    expect(card.findByTestId(Text, 'current-next-step').text).toBe(
      'Next step: Call to book a demo, due 2026-11-03 15:00 UTC',
    );
    expect(card.findByTestId(Select, 'rating').props.options.map((option) => option.value)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    expect(card.findByTestId(Select, 'rating-reason').props.options.map((option) => option.value)).toContain(
      'not_ready',
    );
  });

  it('says when nothing is recorded yet', async () => {
    const card = renderCard(fullContext(), () => jsonResponse({}));
    await loaded(card);
    expect(card.findByTestId(Text, 'current-rating').text).toBe('Not rated yet.');
    expect(card.findByTestId(Text, 'current-next-step').text).toBe('No next step recorded.');
  });

  it('posts a rating with its reason, alerts and reloads', async () => {
    const card = renderCard(fullContext(), () =>
      jsonResponse({ message: 'Rating saved: 5 of 5 (Great fit).', replayed: false }),
    );
    await loaded(card);
    card.findByTestId(Button, 'save-rating').trigger('onClick');
    await card.waitFor(() => expect(card.maybeFindByTestId(Alert, 'rating-error')).not.toBeNull());
    expect(card.posts()).toHaveLength(0);

    change(card.findByTestId(Select, 'rating'), '5');
    change(card.findByTestId(Select, 'rating-reason'), 'great_fit');
    card.findByTestId(Button, 'save-rating').trigger('onClick');
    await card.waitFor(() => expect(card.mocks.actions.refreshObjectProperties.calls).toHaveLength(1));
    expect(card.posts()[0]?.[0]).toBe(`${BASE_URL}/api/card/contacts/${CONTACT_ID}/rating`);
    expect(card.posts()[0]?.[1]?.body).toEqual({
      rating: 5,
      reasonId: 'great_fit',
      requestId: expect.any(String),
    });
    expect(card.mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({
      type: 'success',
      message: 'Rating saved: 5 of 5 (Great fit).',
    });
  });

  it("shows the server's 400 message under the rating it refused", async () => {
    const message = 'rating 6 is not on the scale: give a whole number from 1 (poor lead) to 5 (great lead)';
    const card = renderCard(fullContext(), () => refused(message));
    await loaded(card);
    change(card.findByTestId(Select, 'rating'), '3');
    card.findByTestId(Button, 'save-rating').trigger('onClick');
    await card.waitFor(() => expect(card.maybeFindByTestId(Alert, 'rating-error')).not.toBeNull());
    expect(card.findByTestId(Alert, 'rating-error').text).toBe(message);
    expect(card.mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({ type: 'danger', message });
    expect(card.mocks.actions.refreshObjectProperties.calls).toHaveLength(0);
  });

  it("posts a next step due on the rep's day and time", async () => {
    const card = renderCard(fullContext(), () =>
      jsonResponse({ message: 'Next step saved: "Call", due 2026-11-03T15:00:00.000Z.', replayed: false }),
    );
    await loaded(card);
    change(card.findByTestId(Input, 'next-step-what'), '  Call to book a demo ');
    change(card.findByTestId(DateInput, 'next-step-day'), { year: 2026, month: 10, date: 3 });
    change(card.findByTestId(TimeInput, 'next-step-time'), { hours: 15, minutes: 30 });
    card.findByTestId(Button, 'save-next-step').trigger('onClick');
    await card.waitFor(() => expect(card.posts()).toHaveLength(1));
    expect(card.posts()[0]?.[0]).toBe(`${BASE_URL}/api/card/contacts/${CONTACT_ID}/next-step`);
    expect(card.posts()[0]?.[1]?.body).toEqual({
      what: 'Call to book a demo',
      // November is month 10 in the date input (months start at 0); the time is the rep's own.
      dueAt: new Date(2026, 10, 3, 15, 30).toISOString(),
      requestId: expect.any(String),
    });
  });

  it("asks for what and when before posting, then shows the server's 400 message", async () => {
    const message = 'dueAt 2026-11-01T09:00:00.000Z is in the past: pick a time from now on';
    const card = renderCard(fullContext(), () => refused(message));
    await loaded(card);
    card.findByTestId(Button, 'save-next-step').trigger('onClick');
    await card.waitFor(() => expect(card.maybeFindByTestId(Alert, 'next-step-error')).not.toBeNull());
    expect(card.findByTestId(Alert, 'next-step-error').text).toMatch(/Say what the next step is/);
    expect(card.posts()).toHaveLength(0);

    change(card.findByTestId(Input, 'next-step-what'), 'Call');
    change(card.findByTestId(DateInput, 'next-step-day'), { year: 2026, month: 10, date: 1 });
    card.findByTestId(Button, 'save-next-step').trigger('onClick');
    await card.waitFor(() => expect(card.findByTestId(Alert, 'next-step-error').text).toBe(message));
    expect(card.posts()).toHaveLength(1);
  });
});
