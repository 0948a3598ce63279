import type { Playbook } from './playbook';
import { firstPhraseIn } from './text-match';

/**
 * A lead parked in nurture (or closed for no response) that converts again on an explicit buying
 * signal (a demo, contact sales, pricing, a quote, a trial) goes back into qualification as a new
 * handoff round; its earlier rounds stay on record. Returns the matched signal's label, or why not.
 */
export function shouldRecycle(
  lead: { status: string; outcome?: string | null },
  conversionName: string | undefined,
  playbook: Playbook,
): { recycle: true; signal: string } | { recycle: false; why: string } {
  if (!playbook.recycling.enabled) return { recycle: false, why: 'recycling is off in the playbook' };
  const parked = [lead.status, lead.outcome].some(
    (value) => value && playbook.recycling.from.includes(value),
  );
  if (!parked) return { recycle: false, why: `lead is ${lead.outcome ?? lead.status}, not parked` };
  if (!conversionName) return { recycle: false, why: 'no conversion name' };
  const rule = playbook.intent.conversions.find(
    (candidate) => candidate.explicit && firstPhraseIn(conversionName, candidate.words) !== undefined,
  );
  return rule
    ? { recycle: true, signal: rule.label }
    : { recycle: false, why: `"${conversionName}" is not an explicit buying signal` };
}
