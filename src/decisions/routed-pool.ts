import { z } from 'zod';

/** The part of a stored decision record the jobs read; checked here because rows outlive deploys. */
const recordRouting = z
  .object({ routing: z.object({ poolId: z.string().optional() }).passthrough() })
  .passthrough();

/** The pool a decision routed the lead from, if any (its business hours and escalation pool). */
export function routedPool(record: unknown): string | undefined {
  return recordRouting.safeParse(record).data?.routing.poolId;
}
