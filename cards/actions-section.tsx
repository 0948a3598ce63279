import { Button, Flex, Heading, Select, Text, TextArea } from '@hubspot/ui-extensions';
import { useState } from 'react';
import type { CardAction, CardContext } from './card-api';

export const OTHER_REASON_ID = 'other';

/**
 * The buttons, in the order a rep works a lead, each labelled with the `handoff_outcome` option it
 * sets: the words marketing sees on the contact and in its reports. Disqualify has its own form.
 */
export const ACTION_BUTTONS: Array<{ action: Exclude<CardAction, 'disqualify'>; label: string }> = [
  { action: 'accept', label: 'Accepted' },
  { action: 'start_qualification', label: 'Qualification in progress' },
  { action: 'opportunity_created', label: 'Qualified opportunity' },
  { action: 'nurture', label: 'Nurture-ready' },
  { action: 'duplicate', label: 'Duplicate' },
  { action: 'recycle', label: 'Recycled' },
  // The owner tried and never heard back: back to marketing, the follow-up task closed.
  { action: 'no_response', label: 'No response' },
];

export interface ActionRequest {
  action: CardAction;
  reasonId?: string;
  note?: string;
}

export function ActionsSection({
  context,
  busy,
  onAction,
}: {
  context: CardContext;
  busy: boolean;
  onAction: (request: ActionRequest) => Promise<boolean>;
}) {
  const [reasonId, setReasonId] = useState<string>('');
  const [note, setNote] = useState<string>('');
  const [problem, setProblem] = useState<{ reason?: string; note?: string }>({});

  const disqualify = async () => {
    const found = {
      reason: reasonId === '' ? 'Choose a reason: marketing learns from it' : undefined,
      note:
        reasonId === OTHER_REASON_ID && note.trim() === ''
          ? 'Say why in a note: it is required when the reason is Other'
          : undefined,
    };
    setProblem(found);
    if (found.reason || found.note) return;
    const done = await onAction({
      action: 'disqualify',
      reasonId,
      ...(note.trim() ? { note: note.trim() } : {}),
    });
    if (done) {
      setReasonId('');
      setNote('');
    }
  };

  return (
    <Flex direction="column" gap="sm">
      <Heading>Actions</Heading>
      <Text variant="microcopy">Set the handoff outcome:</Text>
      <Flex direction="row" gap="xs" wrap="wrap">
        {ACTION_BUTTONS.map((button) => (
          <Button
            key={button.action}
            testId={`action-${button.action}`}
            disabled={busy}
            variant={button.action === 'accept' ? 'primary' : 'secondary'}
            onClick={() => {
              void onAction({ action: button.action, ...(note.trim() ? { note: note.trim() } : {}) });
            }}
          >
            {button.label}
          </Button>
        ))}
      </Flex>
      <Text variant="microcopy">Disqualify: pick the standard reason so marketing can learn from it.</Text>
      <Select
        testId="disqualify-reason"
        name="reason"
        label="Disqualification reason"
        required
        value={reasonId}
        options={context.reasons.map((reason) => ({ label: reason.label, value: reason.id }))}
        error={problem.reason !== undefined}
        validationMessage={problem.reason}
        onChange={(value) => {
          setReasonId(String(value));
          setProblem({});
        }}
      />
      <TextArea
        testId="feedback-note"
        name="note"
        label="Feedback note for marketing"
        description="Required when the reason is Other."
        required={reasonId === OTHER_REASON_ID}
        value={note}
        maxLength={2000}
        error={problem.note !== undefined}
        validationMessage={problem.note}
        onChange={(value) => {
          setNote(value);
          setProblem((current) => ({ ...current, note: undefined }));
        }}
      />
      <Button
        testId="action-disqualify"
        variant="destructive"
        disabled={busy}
        onClick={() => void disqualify()}
      >
        Disqualify
      </Button>
    </Flex>
  );
}
