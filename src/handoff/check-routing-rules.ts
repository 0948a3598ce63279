import type { z } from 'zod/v4';
import {
  countriesOf,
  OPERATORS,
  type RoutingRule,
  type RuleCondition,
  type RuleLists,
} from './routing-rules';
import { countryCode, statesOf, US_REGION_NAMES } from './territories';

type Path = Array<string | number>;

interface Checked extends RuleLists {
  pools: ReadonlyArray<{ id: string }>;
  routingRules: readonly RoutingRule[];
}

/**
 * What the schema cannot say per field: each rule names a pool that exists (or one owner), each
 * leaf one property and one operator, and every list, territory, country and state it names is
 * real. A bad rule stops start-up, so each problem names the rule and the field.
 */
export function checkRoutingRules(playbook: Checked, ctx: z.RefinementCtx): void {
  const poolIds = playbook.pools.map((pool) => pool.id);
  const report = (rule: RoutingRule, path: Path, message: string, input?: unknown) =>
    ctx.addIssue({ code: 'custom', path, input, message: `rule '${rule.name}': ${message}` });
  playbook.routingRules.forEach((rule, index) => {
    const at: Path = ['routingRules', index];
    if ((rule.pool === undefined) === (rule.owner === undefined)) {
      report(rule, at, 'set exactly one of "pool" (a pool id) or "owner" (a HubSpot owner id)');
    }
    if (rule.pool !== undefined && !poolIds.includes(rule.pool)) {
      report(
        rule,
        [...at, 'pool'],
        `unknown pool "${rule.pool}"; pools are: ${poolIds.join(', ')}`,
        rule.pool,
      );
    }
    if (rule.when)
      checkCondition(
        rule.when,
        [...at, 'when'],
        (path, message, input) => report(rule, path, message, input),
        playbook,
      );
  });
  for (const [name, entries] of Object.entries(playbook.territories)) {
    entries.forEach((entry, index) => {
      if (playbook.territories[entry] === undefined && countryCode(entry) === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['territories', name, index],
          input: entry,
          message: `territory '${name}': "${entry}" is neither a country (name or ISO code such as GB, DEU) nor another territory`,
        });
      }
    });
  }
}

type Report = (path: Path, message: string, input?: unknown) => void;

function checkCondition(condition: RuleCondition, path: Path, report: Report, lists: RuleLists): void {
  const operators = OPERATORS.filter((operator) => condition[operator] !== undefined);
  const groups = (['all', 'any'] as const).filter((group) => condition[group] !== undefined);
  if (groups.length > 0) {
    if (groups.length > 1 || operators.length > 0 || condition.property !== undefined) {
      report(path, 'a group has only "all" or only "any"; put other conditions inside it');
    }
    for (const group of groups) {
      condition[group]?.forEach((part, index) =>
        checkCondition(part, [...path, group, index], report, lists),
      );
    }
    return;
  }
  if (condition.property === undefined) {
    report(path, `a condition needs "property" and one operator (${OPERATORS.join(', ')}), or "all"/"any"`);
  }
  if (operators.length !== 1) {
    report(
      path,
      `use exactly one operator (${OPERATORS.join(', ')}); got ${operators.length === 0 ? 'none' : operators.join(', ')}`,
    );
  }
  if (condition.range && condition.range.min === undefined && condition.range.max === undefined) {
    report([...path, 'range'], 'a range needs "min", "max" or both');
  }
  const list = condition.inAccountList;
  if (list !== undefined && lists.accountLists[list] === undefined) {
    const known = Object.keys(lists.accountLists);
    report(
      [...path, 'inAccountList'],
      `unknown account list "${list}"; ${known.length ? `lists are: ${known.join(', ')}` : 'add it under accountLists'}`,
      list,
    );
  }
  condition.inCountries?.forEach((entry, index) => {
    if (countriesOf([entry], lists).size === 0) {
      report(
        [...path, 'inCountries', index],
        `"${entry}" is neither a country (name or ISO code such as GB, DEU) nor a territory under "territories"`,
        entry,
      );
    }
  });
  condition.inStates?.forEach((entry, index) => {
    if (statesOf(entry) === undefined) {
      report(
        [...path, 'inStates', index],
        `"${entry}" is not a US state (code or name) or region (${US_REGION_NAMES.join(', ')})`,
        entry,
      );
    }
  });
}
