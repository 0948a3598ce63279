import {
  DescriptionList,
  DescriptionListItem,
  Divider,
  Flex,
  Heading,
  Link,
  StatusTag,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { ReactNode } from 'react';
import type { CardContext } from './card-api';
import { dateTime, label, recordUrl, slaView, type Viewer } from './format';

/**
 * What marketing did not capture is said once, as one line where it matters (the marketing
 * context), not as a warning tag on every empty field: on a normal nurture lead an empty owner,
 * deal or confidence is not a data problem, and five orange tags read as one.
 */
export function MissingLine({ fields }: { fields: string[] }) {
  if (fields.length === 0) return null;
  return (
    <Tag variant="warning" testId="missing-context">
      {`Not captured by marketing: ${fields.join(', ')}`}
    </Tag>
  );
}

/** An empty field is left out: the section's one line says what matters about it. */
function Item({ field, label: title, value }: { field: string; label: string; value: ReactNode | null }) {
  if (value === null || value === undefined || value === '' || value === false) return null;
  return (
    <DescriptionListItem label={title} testId={`field-${field}`}>
      {value}
    </DescriptionListItem>
  );
}

function lines(items: string[]): ReactNode | null {
  if (items.length === 0) return null;
  return (
    <Flex direction="column" gap="flush">
      {items.map((item, index) => (
        <Text key={index}>{item}</Text>
      ))}
    </Flex>
  );
}

export function HandoffSection({
  context,
  now,
  viewer = {},
}: {
  context: CardContext;
  now: number;
  viewer?: Viewer;
}) {
  const { handoff } = context;
  const sla = slaView(handoff, now);
  return (
    <Flex direction="column" gap="sm">
      <Heading>Handoff</Heading>
      <DescriptionList direction="row">
        <Item field="status" label="Status" value={label(handoff.status)} />
        <Item field="priority" label="Priority" value={label(handoff.priority)} />
        <Item
          field="owner"
          label="Handoff owner"
          value={handoff.ownerName ?? handoff.ownerId ?? (handoff.status ? 'Not routed to a person' : null)}
        />
        <Item
          field="sla"
          label="SLA due"
          value={
            sla && (
              <Flex direction="row" gap="xs">
                {handoff.slaDueAt && <Text>{dateTime(handoff.slaDueAt, viewer)}</Text>}
                <StatusTag variant={sla.variant} testId="sla-status">
                  {sla.text}
                </StatusTag>
              </Flex>
            )
          }
        />
      </DescriptionList>
      <Item field="reason" label="Why" value={handoff.reason} />
      {handoff.outcome && (
        <Text testId="current-outcome">
          Outcome: {label(handoff.outcome)}
          {handoff.disqualificationReason
            ? ` (${context.reasons.find((r) => r.id === handoff.disqualificationReason)?.label ?? handoff.disqualificationReason})`
            : ''}
          {handoff.closed ? ' · handoff closed' : ''}
        </Text>
      )}
    </Flex>
  );
}

export function MarketingSection({ context, viewer = {} }: { context: CardContext; viewer?: Viewer }) {
  const { marketing } = context;
  const activity = marketing.previousActivity;
  const activityLines = [
    activity.conversions !== null ? `${activity.conversions} conversion(s)` : null,
    activity.firstConversion ? `first: ${activity.firstConversion}` : null,
    activity.pageViews !== null ? `${activity.pageViews} page view(s)` : null,
    activity.visits !== null ? `${activity.visits} visit(s)` : null,
    activity.lastContactedAt ? `last contacted ${dateTime(activity.lastContactedAt, viewer)}` : null,
    activity.lastSalesActivityAt
      ? `last sales activity ${dateTime(activity.lastSalesActivityAt, viewer)}`
      : null,
  ].filter((item): item is string => item !== null);
  const missing = [
    marketing.source === null && 'source',
    marketing.offer === null && 'offer or form',
    marketing.role === null && 'role',
    marketing.company === null && 'company',
  ].filter((field): field is string => typeof field === 'string');
  const fit =
    marketing.company === null && marketing.fitScore === null
      ? null
      : `${marketing.company ?? 'Company unknown'}${marketing.fitScore !== null ? ` · fit ${marketing.fitScore}/100` : ''}`;
  return (
    <Flex direction="column" gap="sm">
      <Heading>Marketing context</Heading>
      <MissingLine fields={missing} />
      <DescriptionList direction="row">
        <Item field="source" label="Source" value={marketing.source} />
        <Item field="entry-point" label="Entry point or campaign" value={marketing.entryPoint} />
        <Item field="offer" label="Offer or form" value={marketing.offer} />
        <Item field="role" label="Role" value={marketing.role} />
      </DescriptionList>
      <Item
        field="company-fit"
        label="Company and fit"
        value={
          fit && (
            <Flex direction="column" gap="flush">
              <Text>{fit}</Text>
              {lines(marketing.fitReasons)}
            </Flex>
          )
        }
      />
      <Item
        field="intent"
        label={`Intent signals${marketing.intentScore !== null ? ` (intent ${marketing.intentScore}/100)` : ''}`}
        value={lines(marketing.intentSignals)}
      />
      <Item field="activity" label="Previous activity" value={lines(activityLines)} />
      <Item
        field="qualification-notes"
        label="Qualification notes"
        value={lines(marketing.qualificationNotes)}
      />
    </Flex>
  );
}

export function AccountSection({ context, portalId }: { context: CardContext; portalId: number }) {
  const { account } = context;
  const ambiguous = account.review !== null || account.candidates.length > 0;
  return (
    <Flex direction="column" gap="sm">
      <Heading>Account match</Heading>
      {account.company === null && !ambiguous && (
        <Text testId="no-match">No existing company or open deal in HubSpot matched this contact.</Text>
      )}
      <DescriptionList direction="row">
        <Item
          field="company"
          label="Matched company"
          value={
            account.company && (
              <Link
                href={{ url: recordUrl(portalId, '0-2', account.company.id), external: true }}
                testId="company-link"
              >
                {account.company.name ?? `Company ${account.company.id}`}
              </Link>
            )
          }
        />
        <Item
          field="deal"
          label="Deciding open deal"
          value={
            account.deal && (
              <Link
                href={{ url: recordUrl(portalId, '0-3', account.deal.id), external: true }}
                testId="deal-link"
              >
                {account.deal.name ?? `Deal ${account.deal.id}`}
              </Link>
            )
          }
        />
        <Item
          field="confidence"
          label="Confidence"
          value={account.confidence === null ? null : `${Math.round(account.confidence * 100)}%`}
        />
      </DescriptionList>
      <Item field="evidence" label="Evidence" value={lines(account.evidence)} />
      {ambiguous && (
        <>
          <Divider />
          <Text testId="other-candidates">
            {account.review ? `Ambiguous match (${account.review}). ` : ''}Other candidates:
          </Text>
          {account.candidates.map((candidate) => (
            <Link
              key={candidate.id}
              href={{ url: recordUrl(portalId, '0-2', candidate.id), external: true }}
              testId={`candidate-${candidate.id}`}
            >
              {`${candidate.name} (${Math.round(candidate.confidence * 100)}%)`}
            </Link>
          ))}
        </>
      )}
    </Flex>
  );
}
