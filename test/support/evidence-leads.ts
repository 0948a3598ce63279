import { playbookRules } from '../../src/evidence/playbook-rules';
import type { EvidenceLead } from '../../src/evidence/evidence-leads';
import { DEFAULT_PLAYBOOK } from '../../src/handoff/default-playbook';
import type { Playbook } from '../../src/handoff/playbook';
import type { ScoreLine } from '../../src/handoff/score-lines';

const DAY_MS = 86_400_000;
export const T0 = Date.parse('2026-10-01T09:00:00Z');

/**
 * A decided lead as the evidence reads it, with score lines in the shapes score-fit.ts and
 * score-intent.ts write ("Director or VP: job title …", "230 employees (50–1000)"), so the rule
 * names are read back from the lines exactly as from a stored decision.
 */
export function evidenceLead(
  fields: {
    contactId: string;
    rules?: string[];
    stage?: 'none' | 'mql' | 'sal' | 'sql' | 'opportunity';
    daysToOpportunity?: number;
    source?: string;
    offer?: string;
    priority?: string;
    status?: string;
    missingContext?: boolean;
    fixedStatus?: boolean;
    rating?: number;
  },
  playbook: Playbook = DEFAULT_PLAYBOOK,
): EvidenceLead {
  const catalogue = playbookRules(playbook);
  const lines = (fields.rules ?? []).map((name): ScoreLine => {
    const rule = catalogue.find((candidate) => candidate.name === name);
    if (!rule) throw new Error(`no rule named ${name} in the playbook`);
    const [ruleId, detail] = name.split(': ') as [string, string | undefined];
    const reason =
      detail === undefined
        ? 'known'
        : /^\d/.test(detail)
          ? `12 of them (${detail})`
          : ruleId === 'intent.timing'
            ? `${detail} is "now"`
            : `${detail}: test`;
    return { rule: ruleId, points: rule.points, reason };
  });
  const sum = (prefix: string) =>
    Math.min(
      100,
      lines.filter((line) => line.rule.startsWith(prefix)).reduce((t, l) => t + l.points, 0),
    );
  const stage = fields.stage ?? 'mql';
  const order = ['mql', 'sal', 'sql', 'opportunity'] as const;
  const reached: EvidenceLead['reached'] = {};
  for (const step of order) {
    if (stage === 'none' || order.indexOf(step) > order.indexOf(stage)) break;
    reached[step] = step === 'opportunity' ? T0 + (fields.daysToOpportunity ?? 10) * DAY_MS : T0;
  }
  return {
    contactId: fields.contactId,
    round: 1,
    decidedAt: T0,
    status: fields.status ?? (stage === 'none' ? 'nurture' : 'sales_ready'),
    priority: fields.priority ?? 'medium',
    source: fields.source ?? 'ORGANIC_SEARCH',
    offer: fields.offer ?? '(none)',
    playbookVersion: 'v1',
    fit: { score: sum('fit.'), lines: lines.filter((line) => line.rule.startsWith('fit.')) },
    intent: { score: sum('intent.'), lines: lines.filter((line) => line.rule.startsWith('intent.')) },
    rules: fields.rules ?? [],
    missingContext: fields.missingContext ?? false,
    fixedStatus: fields.fixedStatus ?? false,
    reached,
    ...(fields.rating === undefined ? {} : { rating: fields.rating }),
  };
}

/** `count` copies of a lead, numbered from `prefix`. */
export function manyLeads(
  count: number,
  prefix: string,
  fields: Omit<Parameters<typeof evidenceLead>[0], 'contactId'>,
): EvidenceLead[] {
  return Array.from({ length: count }, (_, index) =>
    evidenceLead({ ...fields, contactId: `${prefix}${index}` }),
  );
}
