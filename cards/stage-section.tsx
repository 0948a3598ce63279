import { DescriptionList, DescriptionListItem, Flex, Heading, StatusTag, Text } from '@hubspot/ui-extensions';
import type { CardContext, TimelineItem } from './card-api';
import { dateTime, label, type Viewer } from './format';

/** How a stage was reached, in a rep's words. */
const CAUSES: Record<string, string> = {
  decision: 'handed to sales by Handoff',
  card_action: 'from this card',
  hubspot_edit: 'edited in HubSpot',
  sales_activity: 'first logged sales activity',
  lifecycle_stage: 'lifecycle stage set in HubSpot',
  deal_association: 'deal associated',
  lead_stage: 'HubSpot lead stage',
  no_response: 'no response',
  skipped: 'passed on the way',
};

const SOURCES: Record<string, string> = {
  card: 'card',
  hubspot_property: 'HubSpot edit',
  deal_association: 'deal',
};

type Variant = 'default' | 'success' | 'warning' | 'danger' | 'info';
const STAGE_VARIANTS: Record<string, Variant> = {
  mql: 'info',
  sal: 'info',
  sql: 'success',
  opportunity: 'success',
  recycled: 'warning',
  disqualified: 'danger',
};

/** The funnel stage, the rep's feedback note for marketing, and the timeline that led here. */
export function StageSection({ context, viewer }: { context: CardContext; viewer: Viewer }) {
  const { stage, handoff } = context;
  return (
    <Flex direction="column" gap="sm">
      <Heading>Stage</Heading>
      <DescriptionList direction="row">
        <DescriptionListItem label="Stage" testId="field-stage">
          {stage.current === null ? (
            <Text>Not in the funnel</Text>
          ) : (
            <StatusTag variant={STAGE_VARIANTS[stage.current] ?? 'default'}>
              {label(stage.current)}
              {stage.enteredAt ? ` since ${dateTime(stage.enteredAt, viewer)}` : ''}
            </StatusTag>
          )}
        </DescriptionListItem>
        <DescriptionListItem label="Feedback note" testId="field-feedback-note">
          <Text>{handoff.feedbackNote ?? 'None yet'}</Text>
        </DescriptionListItem>
      </DescriptionList>
      <Flex direction="column" gap="flush">
        {stage.timeline.length === 0 ? (
          <Text testId="timeline-empty">Nothing has happened on this lead yet.</Text>
        ) : (
          stage.timeline.map((item, index) => (
            <Text key={index} testId={`timeline-${index}`}>
              {timelineLine(item, viewer)}
            </Text>
          ))
        )}
      </Flex>
    </Flex>
  );
}

/** One line of the timeline: when, what, and how. */
export function timelineLine(item: TimelineItem, viewer: Viewer): string {
  const when = dateTime(item.at, viewer) ?? item.at;
  if (item.kind === 'stage') {
    const round = item.round > 1 ? ` (round ${item.round})` : '';
    return `${when}: ${label(item.stage)}${round}, ${CAUSES[item.cause] ?? item.cause}`;
  }
  const note = item.note ? `: "${item.note}"` : '';
  return `${when}: ${label(item.outcome)} (${SOURCES[item.source] ?? item.source})${note}`;
}
