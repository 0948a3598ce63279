import type { Playbook } from '../handoff/playbook';
import { describeBand, type Band, type ScoreLine } from '../handoff/score-lines';

/**
 * Every point-giving rule of a playbook under one name a person reads ("fit.seniority: Director
 * or VP", "intent.pageViews: 20+"), with where its points live, so evidence about a rule and a
 * suggestion for its points talk about the same thing. No rule is invented here: the list is the
 * playbook's own.
 */
export interface PlaybookRule {
  /** Stable name: the score line's rule, then the rule's label or band. */
  name: string;
  score: 'fit' | 'intent';
  points: number;
  /** Path of its points in the playbook, e.g. ['fit', 'seniority', 0, 'points']. */
  path: Array<string | number>;
  /** False for rules whose points vary per lead (repeat conversions): shown, never re-weighted. */
  tunable: boolean;
  /** Whether a stored score line is this rule's. */
  matches: (line: ScoreLine) => boolean;
}

export function playbookRules(playbook: Playbook): PlaybookRule[] {
  const { fit, intent } = playbook;
  const labelled = (
    score: 'fit' | 'intent',
    key: string,
    rules: ReadonlyArray<{ label: string; points: number }>,
  ): PlaybookRule[] =>
    rules.map((rule, index) => ({
      name: `${score}.${key}: ${rule.label}`,
      score,
      points: rule.points,
      path: [score, key, index, 'points'],
      tunable: true,
      matches: (line) => line.rule === `${score}.${key}` && line.reason.startsWith(`${rule.label}:`),
    }));
  const banded = (score: 'fit' | 'intent', key: string, bands: readonly Band[]): PlaybookRule[] =>
    bands.map((band, index) => ({
      name: `${score}.${key}: ${describeBand(band)}`,
      score,
      points: band.points,
      path: [score, key, index, 'points'],
      tunable: true,
      matches: (line) => line.rule === `${score}.${key}` && line.reason.endsWith(`(${describeBand(band)})`),
    }));
  const single = (score: 'fit' | 'intent', key: string, points: number, path: string[]): PlaybookRule => ({
    name: `${score}.${key}`,
    score,
    points,
    path,
    tunable: true,
    matches: (line) => line.rule === `${score}.${key}`,
  });
  return [
    ...labelled('fit', 'seniority', fit.seniority),
    ...labelled('fit', 'roles', fit.roles),
    ...banded('fit', 'companySize', fit.companySize),
    ...labelled('fit', 'industries', fit.industries),
    ...labelled('fit', 'countries', fit.countries),
    single('fit', 'companyKnownPoints', fit.companyKnownPoints, ['fit', 'companyKnownPoints']),
    single('fit', 'workEmailPoints', fit.workEmailPoints, ['fit', 'workEmailPoints']),
    ...labelled('intent', 'conversions', intent.conversions),
    {
      ...single('intent', 'repeatConversions', intent.repeatConversions.pointsEach, [
        'intent',
        'repeatConversions',
        'pointsEach',
      ]),
      tunable: false,
    },
    ...banded('intent', 'pageViews', intent.pageViews),
    ...banded('intent', 'visits', intent.visits),
    ...banded('intent', 'hubspotScore', intent.hubspotScore),
    single('intent', 'problem', intent.problem.points, ['intent', 'problem', 'points']),
    ...intent.timing.map((timing, index): PlaybookRule => ({
      name: `intent.timing: ${timing.property}`,
      score: 'intent',
      points: timing.points,
      path: ['intent', 'timing', index, 'points'],
      tunable: true,
      matches: (line) => line.rule === 'intent.timing' && line.reason.startsWith(`${timing.property} is`),
    })),
  ];
}

/**
 * The names of the rules that gave a lead points, read from its stored score lines; a line no
 * rule of this playbook matches (a rule since renamed or removed) keeps its own rule name.
 */
export function rulesOfLines(lines: readonly ScoreLine[], rules: readonly PlaybookRule[]): string[] {
  const names = new Set<string>();
  for (const line of lines) {
    if (line.rule === 'cap' || line.rule === 'floor') continue;
    names.add(rules.find((rule) => rule.matches(line))?.name ?? line.rule);
  }
  return [...names];
}

/** A copy of the playbook with some rules' points replaced (by rule name). */
export function withPoints(playbook: Playbook, points: ReadonlyMap<string, number>): Playbook {
  const copy = structuredClone(playbook) as unknown as Record<string, unknown>;
  for (const rule of playbookRules(playbook)) {
    const value = points.get(rule.name);
    if (value === undefined || !rule.tunable) continue;
    let target = copy as Record<string | number, unknown>;
    for (const step of rule.path.slice(0, -1)) target = target[step] as Record<string | number, unknown>;
    target[rule.path[rule.path.length - 1] as string | number] = value;
  }
  return copy as unknown as Playbook;
}
