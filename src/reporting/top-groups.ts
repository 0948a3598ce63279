import type { Dimension, HandoffFact } from './handoff-facts';

export const OTHER_KEY = 'Other';

/**
 * Keeps the `top` biggest groups of a dimension and folds the rest into one "Other" group, so a
 * breakdown of forty source/medium pairs reads as ten rows and a remainder whose rates are computed
 * over its own handoffs (not averaged from the rows it replaces). Periods are never folded.
 */
export function foldSmallGroups(
  facts: readonly HandoffFact[],
  by: Dimension,
  top: number,
): { facts: HandoffFact[]; folded: number } {
  if (by === 'day' || by === 'week' || by === 'all') return { facts: [...facts], folded: 0 };
  const sizes = new Map<string, number>();
  for (const fact of facts) sizes.set(fact.keys[by], (sizes.get(fact.keys[by]) ?? 0) + 1);
  if (sizes.size <= top) return { facts: [...facts], folded: 0 };
  const kept = new Set(
    [...sizes.entries()]
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .slice(0, top)
      .map(([key]) => key),
  );
  return {
    facts: facts.map((fact) =>
      kept.has(fact.keys[by]) ? fact : { ...fact, keys: { ...fact.keys, [by]: OTHER_KEY } },
    ),
    folded: sizes.size - top,
  };
}
