import { z } from 'zod/v4';
import { ownerId } from './playbook-fields';

/**
 * The playbook's SLA sections: how long a rep has to respond per priority (sla-due-at.ts), when they
 * are reminded, and what happens when the window is missed (plan-sla-actions.ts, escalate-lead.ts).
 */

/**
 * How a response window is counted: only inside business hours (a lead at 18:00 on Friday is
 * first workable at the next opening) or round the clock (someone answers demo requests at night).
 */
export const CLOCKS = ['business_hours', 'round_the_clock'] as const;
export type Clock = (typeof CLOCKS)[number];

/**
 * `minutes` count on the expectation's `clock`. `businessDays` are always business time: N
 * working days of (end − start) business minutes each, so a lead in at 10:00 on Wednesday is
 * due at 10:00 on Friday, and one in at the weekend at the close of Tuesday (sla-due-at.ts).
 */
const expectationCounting = (clock: Clock) =>
  z.union([
    z.strictObject({ minutes: z.number().int().min(1), clock: z.enum(CLOCKS).default(clock) }),
    z.strictObject({ businessDays: z.number().int().min(1).max(30) }),
  ]);

/** CONTRACT §4: high round the clock; medium and low in business time unless `clock` says so. */
export const responseExpectationsSchema = z.strictObject({
  high: expectationCounting('round_the_clock'),
  medium: expectationCounting('business_hours'),
  low: expectationCounting('business_hours'),
});

/**
 * The owner is reminded when this much of the response window is left: the larger of the
 * fraction and the minutes (at most the whole window), counted on the expectation's clock.
 */
export const reminderSchema = z
  .strictObject({
    windowFraction: z.number().min(0).max(1).default(0.25),
    minMinutes: z.number().int().min(0).default(10),
  })
  .default({ windowFraction: 0.25, minMinutes: 10 });

/**
 * What happens when a response expectation is missed: after `graceMinutes` past the due time the
 * lead is escalated once, either reassigned to the next member of the owner's pool (the reason
 * says why) or left with its owner while the pool's team lead gets a task.
 */
export const escalationSchema = z
  .strictObject({
    graceMinutes: z.number().int().min(0).max(10_080).default(15),
    action: z.enum(['reassign', 'notify_team_lead']).default('reassign'),
    /** Team lead per pool id (a HubSpot owner id), for `notify_team_lead`. */
    teamLeads: z.record(z.string(), ownerId).default({}),
  })
  .default({ graceMinutes: 15, action: 'reassign', teamLeads: {} });
