import { z } from 'zod/v4';
import { registrableDomain } from './domains';
import { HubSpotProperties, numberOf, textOf } from './hubspot-records';
import { PRIORITIES, type Priority } from './statuses';
import { countryCode, statesOf } from './territories';

/**
 * Routing rules as data: an ordered list, each a condition over the lead's contact and company
 * properties (plus its status and priority) and the pool or owner it sends the lead to. The first
 * rule that matches wins; no match leaves the status's default pool (`routing`), which is how the
 * built-in playbook routes exactly as CONTRACT §4 says.
 */

/** Statuses that reach a pool: the other two never get an owner (CONTRACT §4 rules 2 and 5). */
export const ROUTED_STATUSES = ['sales_ready', 'needs_qualification', 'duplicate_or_existing'] as const;
export type RoutedStatus = (typeof ROUTED_STATUSES)[number];

/** `country` reads the contact; `company.numberofemployees` reads the lead's company. */
const propertyRef = z
  .string()
  .regex(
    /^((contact|company)\.)?[a-z][a-z0-9_]*$/,
    'a HubSpot property name such as country (the contact) or company.numberofemployees (its company)',
  );
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** Each leaf names one property and exactly one operator; `all`/`any` nest leaves and groups. */
export const OPERATORS = [
  'equals',
  'in',
  'contains',
  'range',
  'known',
  'inAccountList',
  'inCountries',
  'inStates',
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface RuleCondition {
  label?: string;
  all?: RuleCondition[];
  any?: RuleCondition[];
  property?: string;
  equals?: string | number | boolean;
  in?: Array<string | number | boolean>;
  contains?: string;
  range?: { min?: number; max?: number };
  known?: boolean;
  inAccountList?: string;
  inCountries?: string[];
  inStates?: string[];
}

export const ruleCondition: z.ZodType<RuleCondition> = z
  .strictObject({
    get all() {
      return z.array(ruleCondition).min(1).optional();
    },
    get any() {
      return z.array(ruleCondition).min(1).optional();
    },
    /** How explanations name this condition or group ("size ≥ 1000"); generated when left out. */
    label: z.string().trim().min(1).optional(),
    property: propertyRef.optional(),
    /** Same text after trimming and case folding (numbers compare as numbers). */
    equals: scalar.optional(),
    in: z.array(scalar).min(1).optional(),
    /** Case-insensitive substring; a multi-select (`a;b`) value contains each of its options. */
    contains: z.string().min(1).optional(),
    /** Inclusive; either bound may be left out. */
    range: z.strictObject({ min: z.number().optional(), max: z.number().optional() }).optional(),
    /** true: the property has a value; false: it is empty. */
    known: z.boolean().optional(),
    /** The value's domain (an email, website or bare domain) is in this named account list. */
    inAccountList: z.string().min(1).optional(),
    /** Country names, ISO codes or territory names from `territories`: "UK", "GB", "United Kingdom" match alike. */
    inCountries: z.array(z.string().min(1)).min(1).optional(),
    /** US state codes or names, or census regions ("US West"). */
    inStates: z.array(z.string().min(1)).min(1).optional(),
  })
  .meta({ id: 'ruleCondition' });

export const routingRule = z.strictObject({
  /** Shown in `handoff_reason`, the audit log and dry runs: "Rule 'EMEA enterprise' …". */
  name: z.string().trim().min(1),
  /** Only leads of these statuses; all routed statuses when left out. */
  status: z.array(z.enum(ROUTED_STATUSES)).min(1).optional(),
  priority: z.array(z.enum(PRIORITIES)).min(1).optional(),
  /** Left out: every lead of the statuses and priorities above. */
  when: ruleCondition.optional(),
  /** The pool whose round robin takes the lead (its fallbacks apply as usual)… */
  pool: z.string().optional(),
  /** …or one HubSpot owner id (named accounts, a strategic rep). */
  owner: z.string().regex(/^\d+$/, 'a HubSpot owner id such as "12345678"').optional(),
});
export type RoutingRule = z.output<typeof routingRule>;

/** What a rule reads: the contact, its company (matched or context) and what qualification said. */
export interface RuleFacts {
  status: string;
  priority: Priority | null;
  contact: HubSpotProperties;
  company: HubSpotProperties | undefined;
}

export interface RuleLists {
  accountLists: Readonly<Record<string, readonly string[]>>;
  territories: Readonly<Record<string, readonly string[]>>;
}

export interface MatchedRule {
  /** 0-based position in `routingRules`. */
  index: number;
  name: string;
  /** The rule's condition as a person reads it: "country in EMEA, company.numberofemployees ≥ 1000". */
  conditions: string;
  pool?: string;
  owner?: string;
}

/** The first rule that matches the lead, or undefined when the status's default pool applies. */
export function firstMatchingRule(
  rules: readonly RoutingRule[],
  facts: RuleFacts,
  lists: RuleLists,
): MatchedRule | undefined {
  const index = rules.findIndex((rule) => ruleMatches(rule, facts, lists));
  const rule = rules[index];
  if (!rule) return undefined;
  return {
    index,
    name: rule.name,
    conditions: describeRule(rule),
    ...(rule.pool !== undefined ? { pool: rule.pool } : {}),
    ...(rule.owner !== undefined ? { owner: rule.owner } : {}),
  };
}

export function ruleMatches(rule: RoutingRule, facts: RuleFacts, lists: RuleLists): boolean {
  if (rule.status && !(rule.status as readonly string[]).includes(facts.status)) return false;
  if (rule.priority && (facts.priority === null || !rule.priority.includes(facts.priority))) return false;
  return rule.when === undefined || conditionHolds(rule.when, facts, lists);
}

export function conditionHolds(condition: RuleCondition, facts: RuleFacts, lists: RuleLists): boolean {
  if (condition.all) return condition.all.every((part) => conditionHolds(part, facts, lists));
  if (condition.any) return condition.any.some((part) => conditionHolds(part, facts, lists));
  const { properties, name } = propertyOf(condition.property ?? '', facts);
  const text = properties ? textOf(properties, name) : undefined;
  if (condition.known !== undefined) return (text !== undefined) === condition.known;
  if (text === undefined) return false;
  if (condition.equals !== undefined) return sameValue(text, condition.equals);
  if (condition.in) return condition.in.some((value) => sameValue(text, value));
  if (condition.contains !== undefined) return fold(text).includes(fold(condition.contains));
  if (condition.range) {
    const value = numberOf({ value: text }, 'value');
    const { min = -Infinity, max = Infinity } = condition.range;
    return value !== undefined && value >= min && value <= max;
  }
  if (condition.inAccountList !== undefined) {
    const domain = registrableDomain(text.includes('@') ? text.split('@').pop() : text);
    return domain !== undefined && (lists.accountLists[condition.inAccountList] ?? []).includes(domain);
  }
  if (condition.inCountries) {
    const code = countryCode(text);
    return code !== undefined && countriesOf(condition.inCountries, lists).has(code);
  }
  if (condition.inStates) {
    const [code] = statesOf(text) ?? [];
    return code !== undefined && condition.inStates.some((entry) => statesOf(entry)?.includes(code));
  }
  return false;
}

/** The countries a list names, territories expanded (a territory may name other territories). */
export function countriesOf(
  entries: readonly string[],
  lists: RuleLists,
  seen = new Set<string>(),
): Set<string> {
  const codes = new Set<string>();
  for (const entry of entries) {
    const territory = lists.territories[entry];
    if (territory && !seen.has(entry)) {
      for (const code of countriesOf(territory, lists, new Set([...seen, entry]))) codes.add(code);
      continue;
    }
    const code = countryCode(entry);
    if (code) codes.add(code);
  }
  return codes;
}

function propertyOf(
  ref: string,
  facts: RuleFacts,
): { properties: HubSpotProperties | undefined; name: string } {
  if (ref.startsWith('company.')) return { properties: facts.company, name: ref.slice('company.'.length) };
  return { properties: facts.contact, name: ref.replace(/^contact\./, '') };
}

function fold(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** HubSpot sends every value as text: "1000", "1000.0" and 1000 are one number, "TRUE" and true one flag. */
function sameValue(text: string, value: string | number | boolean): boolean {
  if (typeof value === 'number') return Number(text.replace(/,/g, '')) === value;
  return fold(text) === fold(String(value));
}

/** Each property a rule reads, with the rule: what a portal must have for the rules to work. */
export function rulePropertyUses(
  rules: readonly RoutingRule[],
): Array<{ rule: string; object: 'contact' | 'company'; name: string }> {
  return rules.flatMap((rule) => {
    const reads = ruleProperties([rule]);
    return [
      ...reads.contact.map((name) => ({ rule: rule.name, object: 'contact' as const, name })),
      ...reads.company.map((name) => ({ rule: rule.name, object: 'company' as const, name })),
    ];
  });
}

/** Every property the rules read, per object: the loader must ask HubSpot for each of them. */
export function ruleProperties(rules: readonly RoutingRule[]): { contact: string[]; company: string[] } {
  const found = { contact: new Set<string>(), company: new Set<string>() };
  const visit = (condition: RuleCondition) => {
    for (const part of [...(condition.all ?? []), ...(condition.any ?? [])]) visit(part);
    const ref = condition.property;
    if (ref === undefined) return;
    if (ref.startsWith('company.')) found.company.add(ref.slice('company.'.length));
    else found.contact.add(ref.replace(/^contact\./, ''));
  };
  for (const rule of rules) if (rule.when) visit(rule.when);
  return { contact: [...found.contact], company: [...found.company] };
}

export function describeRule(rule: RoutingRule): string {
  const parts = [
    ...(rule.status ? [`status ${rule.status.join(' or ')}`] : []),
    ...(rule.priority ? [`priority ${rule.priority.join(' or ')}`] : []),
    ...(rule.when ? [describeCondition(rule.when, true)] : []),
  ];
  return parts.length > 0 ? parts.join(', ') : 'every lead';
}

export function describeCondition(condition: RuleCondition, top = false): string {
  if (condition.label !== undefined) return condition.label;
  if (condition.all) {
    const text = condition.all.map((part) => describeCondition(part)).join(', ');
    return top || condition.all.length === 1 ? text : `(${text})`;
  }
  if (condition.any) {
    const text = condition.any.map((part) => describeCondition(part)).join(' or ');
    return top || condition.any.length === 1 ? text : `(${text})`;
  }
  const property = (condition.property ?? '').replace(/^contact\./, '');
  if (condition.known !== undefined) return `${property} ${condition.known ? 'is known' : 'is unknown'}`;
  if (condition.equals !== undefined) return `${property} = ${String(condition.equals)}`;
  if (condition.in) return `${property} in ${condition.in.map(String).join('/')}`;
  if (condition.contains !== undefined) return `${property} contains "${condition.contains}"`;
  if (condition.range) {
    const { min, max } = condition.range;
    if (min !== undefined && max !== undefined) return `${property} ${min}–${max}`;
    return min !== undefined ? `${property} ≥ ${min}` : `${property} ≤ ${max ?? ''}`;
  }
  if (condition.inAccountList !== undefined) return `${property} in account list ${condition.inAccountList}`;
  if (condition.inCountries) return `${property} in ${condition.inCountries.join('/')}`;
  if (condition.inStates) return `${property} in ${condition.inStates.join('/')}`;
  return property;
}
