import diff from 'microdiff';
import type { Playbook } from './playbook';
import type { RoutingRule } from './routing-rules';

/**
 * What changed between two playbooks, as RevOps review it: field by field (`thresholds.intent:
 * 50 → 70`), and routing rules by name (added, removed, changed, moved: order decides which rule
 * wins). Both sides are parsed playbooks, so a default written out is no change.
 */
export interface FieldChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

export interface PlaybookDiff {
  fields: FieldChange[];
  rules: {
    added: string[];
    removed: string[];
    changed: Array<{ name: string; fields: FieldChange[] }>;
    moved: Array<{ name: string; from: number; to: number }>;
  };
  /** True when the two say the same thing. */
  same: boolean;
}

export function diffPlaybooks(before: Playbook, after: Playbook): PlaybookDiff {
  const { routingRules: rulesBefore, ...restBefore } = before;
  const { routingRules: rulesAfter, ...restAfter } = after;
  const fields = fieldChanges(restBefore, restAfter);
  const rules = ruleChanges(rulesBefore, rulesAfter);
  const same =
    fields.length === 0 &&
    rules.added.length + rules.removed.length + rules.changed.length + rules.moved.length === 0;
  return { fields, rules, same };
}

function fieldChanges(before: object, after: object, prefix = ''): FieldChange[] {
  return diff(before as Record<string, unknown>, after as Record<string, unknown>).map((change) => {
    const path = `${prefix}${change.path.join('.')}`;
    if (change.type === 'CREATE') return { path, kind: 'added', after: change.value };
    if (change.type === 'REMOVE') return { path, kind: 'removed', before: change.oldValue };
    return { path, kind: 'changed', before: change.oldValue, after: change.value };
  });
}

function ruleChanges(before: readonly RoutingRule[], after: readonly RoutingRule[]): PlaybookDiff['rules'] {
  const names = (rules: readonly RoutingRule[]) => rules.map((rule) => rule.name);
  const kept = names(after).filter((name) => names(before).includes(name));
  const changed = kept.flatMap((name) => {
    const fields = fieldChanges(
      before.find((rule) => rule.name === name) as RoutingRule,
      after.find((rule) => rule.name === name) as RoutingRule,
    );
    return fields.length > 0 ? [{ name, fields }] : [];
  });
  // Moved: the relative order of the rules both sides have differs (first match wins).
  const orderBefore = names(before).filter((name) => kept.includes(name));
  const moved = kept.flatMap((name) => {
    const from = orderBefore.indexOf(name);
    const to = kept.indexOf(name);
    return from !== to
      ? [{ name, from: names(before).indexOf(name) + 1, to: names(after).indexOf(name) + 1 }]
      : [];
  });
  return {
    added: names(after).filter((name) => !names(before).includes(name)),
    removed: names(before).filter((name) => !names(after).includes(name)),
    changed,
    moved,
  };
}

/** The diff as lines a person reads, one change each. */
export function describeDiff(playbookDiff: PlaybookDiff): string[] {
  if (playbookDiff.same) return ['No changes: both versions decide the same way.'];
  const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));
  const field = (change: FieldChange) =>
    change.kind === 'added'
      ? `${change.path}: added ${show(change.after)}`
      : change.kind === 'removed'
        ? `${change.path}: removed (was ${show(change.before)})`
        : `${change.path}: ${show(change.before)} → ${show(change.after)}`;
  const { rules } = playbookDiff;
  return [
    ...playbookDiff.fields.map(field),
    ...rules.added.map((name) => `rule '${name}': added`),
    ...rules.removed.map((name) => `rule '${name}': removed`),
    ...rules.changed.flatMap((rule) => rule.fields.map((change) => `rule '${rule.name}': ${field(change)}`)),
    ...rules.moved.map((rule) => `rule '${rule.name}': moved from position ${rule.from} to ${rule.to}`),
  ];
}
