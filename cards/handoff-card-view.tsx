import { Alert, Button, Divider, Flex, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import { useCallback, useEffect, useState } from 'react';
import { ActionsSection, type ActionRequest } from './actions-section';
import {
  CardApiError,
  fetchContext,
  newRequestId,
  postNextStep,
  postOutcome,
  postRating,
  type CardContext,
} from './card-api';
import { FeedbackSection, type FeedbackRequest } from './feedback-section';
import type { Viewer } from './format';
import { AccountSection, HandoffSection, MarketingSection } from './sections';
import { StageSection } from './stage-section';

export interface CardActions {
  addAlert: (alert: {
    type?: 'info' | 'warning' | 'success' | 'danger' | 'tip';
    title?: string;
    message: string;
  }) => void;
  refreshObjectProperties: () => void;
}

export interface HandoffCardProps {
  contactId: string;
  portalId: number;
  baseUrl: string;
  actions: CardActions;
  /** The clock for "time left"; tests pass a fixed one. */
  now?: () => number;
  /** The viewer's locale and time zone (the card shows UTC without them). */
  viewer?: Viewer;
}

type Load =
  { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; context: CardContext };

/**
 * The contact-record tab: the handoff, the marketing context, the account match and the outcome
 * actions. After an action the card shows HubSpot's success alert, refreshes the record's
 * properties and reloads itself; a failure shows an alert and leaves everything as it was.
 */
export function HandoffCard({
  contactId,
  portalId,
  baseUrl,
  actions,
  now = Date.now,
  viewer = {},
}: HandoffCardProps) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    try {
      setLoad({ state: 'ready', context: await fetchContext(baseUrl, contactId) });
    } catch (error) {
      setLoad({ state: 'failed', message: messageOf(error) });
    }
  }, [baseUrl, contactId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const act = async (request: ActionRequest): Promise<boolean> => {
    setBusy(true);
    try {
      const result = await postOutcome(baseUrl, contactId, { ...request, requestId: newRequestId() });
      actions.addAlert({ type: 'success', title: 'Saved', message: result.message });
      actions.refreshObjectProperties();
      await reload();
      return true;
    } catch (error) {
      actions.addAlert({ type: 'danger', title: 'Not saved', message: messageOf(error) });
      return false;
    } finally {
      setBusy(false);
    }
  };

  /** A rating or next step; null when saved, else the server's message for the rep. */
  const save = async (request: FeedbackRequest): Promise<string | null> => {
    setBusy(true);
    try {
      const requestId = newRequestId();
      const result =
        request.kind === 'rating'
          ? await postRating(baseUrl, contactId, {
              rating: request.rating,
              ...(request.reasonId ? { reasonId: request.reasonId } : {}),
              requestId,
            })
          : await postNextStep(baseUrl, contactId, { what: request.what, dueAt: request.dueAt, requestId });
      actions.addAlert({ type: 'success', title: 'Saved', message: result.message });
      actions.refreshObjectProperties();
      await reload();
      return null;
    } catch (error) {
      const message = messageOf(error);
      actions.addAlert({ type: 'danger', title: 'Not saved', message });
      return message;
    } finally {
      setBusy(false);
    }
  };

  if (load.state === 'loading') return <LoadingSpinner label="Loading the handoff" testId="loading" />;
  if (load.state === 'failed') {
    return (
      <Alert title="Handoff could not load this contact" variant="danger" testId="load-error">
        <Flex direction="column" gap="xs">
          <Text>{load.message}</Text>
          <Button testId="retry-load" onClick={() => void reload()}>
            Try again
          </Button>
        </Flex>
      </Alert>
    );
  }
  const { context } = load;
  return (
    <Flex direction="column" gap="md">
      {context.handoff.round === null && (
        <Alert title="Not handed off by Handoff" variant="info" testId="no-decision">
          Handoff has no decision for this contact yet; the fields below show what HubSpot has.
        </Alert>
      )}
      <HandoffSection context={context} now={now()} viewer={viewer} />
      <Divider />
      <StageSection context={context} viewer={viewer} />
      <Divider />
      <MarketingSection context={context} viewer={viewer} />
      <Divider />
      <AccountSection context={context} portalId={portalId} />
      <Divider />
      <FeedbackSection context={context} busy={busy} viewer={viewer} onSave={save} />
      <Divider />
      <ActionsSection context={context} busy={busy} onAction={act} />
    </Flex>
  );
}

function messageOf(error: unknown): string {
  if (error instanceof CardApiError) return error.message;
  return 'Something went wrong in the card. Reload the record and try again.';
}
