import {
  Alert,
  Button,
  DateInput,
  Flex,
  Heading,
  Input,
  Select,
  Text,
  TimeInput,
} from '@hubspot/ui-extensions';
import { useState } from 'react';
import type { CardContext } from './card-api';
import { dateTime, type Viewer } from './format';

/** What the section asks the card to send; the card adds the request id and answers with an error or null. */
export type FeedbackRequest =
  { kind: 'rating'; rating: number; reasonId?: string } | { kind: 'next-step'; what: string; dueAt: string };

type Day = { year: number; month: number; date: number };
type Clock = { hours: number; minutes: number };

/** A due time picked without a time of day: the start of the working day. */
const DEFAULT_TIME: Clock = { hours: 9, minutes: 0 };
const RATING_WORDS: Record<number, string> = { 1: 'poor', 2: 'weak', 3: 'fair', 4: 'good', 5: 'great' };

/**
 * Sales' feedback on the lead: its quality on the 1–5 scale (with an optional standard reason), for
 * marketing's reports, and the next step (what and when), which becomes a task for the owner. A
 * refused request's message, written by the server for the rep, stays under the form it concerns.
 */
export function FeedbackSection({
  context,
  busy,
  viewer,
  onSave,
}: {
  context: CardContext;
  busy: boolean;
  viewer: Viewer;
  onSave: (request: FeedbackRequest) => Promise<string | null>;
}) {
  const { feedback } = context;
  const [rating, setRating] = useState<string>('');
  const [reasonId, setReasonId] = useState<string>('');
  const [what, setWhat] = useState<string>('');
  const [day, setDay] = useState<Day | null>(null);
  const [time, setTime] = useState<Clock | null>(null);
  const [problem, setProblem] = useState<{ rating?: string; nextStep?: string }>({});

  const saveRating = async () => {
    if (rating === '') {
      setProblem({ rating: `Choose a rating from ${feedback.scale.min} to ${feedback.scale.max}` });
      return;
    }
    const error = await onSave({ kind: 'rating', rating: Number(rating), ...(reasonId ? { reasonId } : {}) });
    setProblem({ rating: error ?? undefined });
    if (error === null) {
      setRating('');
      setReasonId('');
    }
  };

  const saveNextStep = async () => {
    if (what.trim() === '' || day === null) {
      setProblem({ nextStep: 'Say what the next step is and pick the day it is due' });
      return;
    }
    const at = time ?? DEFAULT_TIME;
    // The rep's own clock: HubSpot runs the card in the rep's browser, in the rep's time zone.
    const dueAt = new Date(day.year, day.month, day.date, at.hours, at.minutes).toISOString();
    const error = await onSave({ kind: 'next-step', what: what.trim(), dueAt });
    setProblem({ nextStep: error ?? undefined });
    if (error === null) {
      setWhat('');
      setDay(null);
      setTime(null);
    }
  };

  const reasonLabel = (id: string | null) =>
    feedback.ratingReasons.find((reason) => reason.id === id)?.label ?? id;
  const scale = Array.from(
    { length: feedback.scale.max - feedback.scale.min + 1 },
    (_, index) => feedback.scale.min + index,
  );

  return (
    <Flex direction="column" gap="sm">
      <Heading>Lead quality and next step</Heading>
      <Text testId="current-rating">
        {feedback.rating
          ? `Rated ${feedback.rating.rating} of ${feedback.scale.max}${feedback.rating.reasonId ? ` (${reasonLabel(feedback.rating.reasonId)})` : ''}${feedback.rating.ratedAt ? `, ${dateTime(feedback.rating.ratedAt, viewer)}` : ''}`
          : 'Not rated yet.'}
      </Text>
      <Flex direction="row" gap="xs" wrap="wrap">
        <Select
          testId="rating"
          name="rating"
          label="Lead quality"
          value={rating}
          options={scale.map((value) => ({
            label: `${value} – ${RATING_WORDS[value] ?? value}`,
            value: String(value),
          }))}
          onChange={(value) => {
            setRating(String(value));
            setProblem({});
          }}
        />
        <Select
          testId="rating-reason"
          name="ratingReason"
          label="Why (optional)"
          value={reasonId}
          options={feedback.ratingReasons.map((reason) => ({ label: reason.label, value: reason.id }))}
          onChange={(value) => setReasonId(String(value))}
        />
      </Flex>
      {problem.rating && (
        <Alert title="Rating not saved" variant="danger" testId="rating-error">
          {problem.rating}
        </Alert>
      )}
      <Button testId="save-rating" disabled={busy} onClick={() => void saveRating()}>
        Save rating
      </Button>

      <Text testId="current-next-step">
        {feedback.nextStep
          ? `Next step: ${feedback.nextStep.what}${feedback.nextStep.dueAt ? `, due ${dateTime(feedback.nextStep.dueAt, viewer)}` : ''}`
          : 'No next step recorded.'}
      </Text>
      <Input
        testId="next-step-what"
        name="nextStep"
        label="Next step"
        placeholder="Call to book a demo"
        value={what}
        onChange={(value) => {
          setWhat(value);
          setProblem({});
        }}
      />
      <Flex direction="row" gap="xs" wrap="wrap">
        <DateInput
          testId="next-step-day"
          name="nextStepDay"
          label="Due"
          value={day ?? undefined}
          onChange={(value) =>
            setDay(value ? { year: value.year, month: value.month, date: value.date } : null)
          }
        />
        <TimeInput
          testId="next-step-time"
          name="nextStepTime"
          label="At"
          value={time ?? undefined}
          onChange={(value) => setTime({ hours: value.hours, minutes: value.minutes })}
        />
      </Flex>
      {problem.nextStep && (
        <Alert title="Next step not saved" variant="danger" testId="next-step-error">
          {problem.nextStep}
        </Alert>
      )}
      <Button testId="save-next-step" disabled={busy} onClick={() => void saveNextStep()}>
        Save next step
      </Button>
    </Flex>
  );
}
