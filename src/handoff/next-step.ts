/**
 * The next step a rep commits to on a lead: what, and by when. It becomes one HubSpot task for the
 * lead's owner, due then, and two contact properties marketing can see in HubSpot.
 */

/** A task subject HubSpot lists in one line; longer plans belong in a note. */
export const NEXT_STEP_MAX = 200;
/** A due time this far in the past is still "now" (the rep's and the server's clocks differ a little). */
export const DUE_SKEW_MS = 5 * 60_000;
/** A next step is days or weeks away; a year out is a typo. */
export const DUE_HORIZON_MS = 366 * 86_400_000;

export interface NextStep {
  what: string;
  /** Epoch ms. */
  dueAt: number;
}

export function nextStepProperties(step: NextStep): Record<string, string> {
  return { handoff_next_step: step.what, handoff_next_step_at: new Date(step.dueAt).toISOString() };
}

/** The subject of the owner's task: HubSpot's own reminders and task queues then carry it. */
export function nextStepTaskSubject(step: NextStep): string {
  return `Next step: ${step.what}`;
}
