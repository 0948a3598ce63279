import { DescriptionListItem, hubspot, StatusTag, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { CardContext } from '../card-api';
import { HandoffCard } from '../handoff-card-view';
import { BASE_URL, CONTACT_ID, fullContext, jsonResponse, NOW, PORTAL_ID } from './fixtures';

const MQL_AT = '2026-11-02T09:00:00.000Z';
const SAL_AT = '2026-11-02T09:14:00.000Z';

function contextAtSal(): CardContext {
  const context = fullContext();
  return {
    ...context,
    handoff: { ...context.handoff, feedbackNote: 'Wants a pilot for the EU team' },
    stage: {
      current: 'sal',
      enteredAt: SAL_AT,
      round: 1,
      timeline: [
        {
          kind: 'outcome',
          at: SAL_AT,
          outcome: 'accepted',
          reasonId: null,
          note: 'Wants a pilot for the EU team',
          source: 'card',
          actor: 'user:77',
        },
        { kind: 'stage', at: SAL_AT, stage: 'sal', round: 1, cause: 'card_action', detail: 'accepted' },
        { kind: 'stage', at: MQL_AT, stage: 'mql', round: 1, cause: 'decision', detail: 'sales_ready' },
      ],
    },
  };
}

function render(context: CardContext, viewer?: { locale?: string; timeZone?: string }) {
  jest.spyOn(hubspot, 'fetch').mockImplementation(async () => jsonResponse(context));
  const renderer = createRenderer('crm.record.tab');
  renderer.render(
    <HandoffCard
      contactId={CONTACT_ID}
      portalId={PORTAL_ID}
      baseUrl={BASE_URL}
      actions={renderer.mocks.actions}
      now={() => NOW}
      viewer={viewer}
    />,
  );
  return renderer;
}

const textOf = (node: { text: string | null; childNodes?: readonly unknown[] }): string =>
  node.childNodes
    ? (node.childNodes as Array<{ text: string | null; childNodes?: readonly unknown[] }>)
        .map(textOf)
        .join('')
    : (node.text ?? '');

describe('Stage section', () => {
  afterEach(() => jest.restoreAllMocks());

  it('shows the stage, the feedback note and the timeline in the viewer’s time zone', async () => {
    const card = render(contextAtSal(), { locale: 'en-US', timeZone: 'America/New_York' });
    await card.waitFor(() => expect(card.maybeFindByTestId(Text, 'timeline-2')).not.toBeNull());
    expect(textOf(card.findByTestId(DescriptionListItem, 'field-stage'))).toBe(
      'SAL (accepted) since Nov 2, 2026, 4:14 AM EST',
    );
    expect(card.findByTestId(DescriptionListItem, 'field-stage').find(StatusTag).props.variant).toBe('info');
    expect(textOf(card.findByTestId(DescriptionListItem, 'field-feedback-note'))).toBe(
      'Wants a pilot for the EU team',
    );
    expect([0, 1, 2].map((index) => textOf(card.findByTestId(Text, `timeline-${index}`)))).toEqual([
      'Nov 2, 2026, 4:14 AM EST: Accepted (card): "Wants a pilot for the EU team"',
      'Nov 2, 2026, 4:14 AM EST: SAL (accepted), from this card',
      'Nov 2, 2026, 4:00 AM EST: MQL, handed to sales by Handoff',
    ]);
  });

  it('falls back to UTC without a viewer, and says when nothing has happened yet', async () => {
    const card = render(fullContext());
    await card.waitFor(() => expect(card.maybeFindByTestId(Text, 'timeline-empty')).not.toBeNull());
    expect(textOf(card.findByTestId(DescriptionListItem, 'field-stage'))).toBe('Not in the funnel');
    expect(textOf(card.findByTestId(DescriptionListItem, 'field-feedback-note'))).toBe('None yet');
    const atSal = render(contextAtSal());
    await atSal.waitFor(() => expect(atSal.maybeFindByTestId(Text, 'timeline-2')).not.toBeNull());
    expect(textOf(atSal.findByTestId(Text, 'timeline-2'))).toBe(
      '2026-11-02 09:00 UTC: MQL, handed to sales by Handoff',
    );
  });
});
