import { toJSONSchema, z } from 'zod/v4';
import { parse as parseYaml } from 'yaml';
import { HandoffError } from '../errors';
import { Playbook, playbookSchema } from './playbook';

/** A JSON Schema node, as far as error messages need to read one. */
interface SchemaNode {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  minItems?: number;
  anyOf?: SchemaNode[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  $ref?: string;
}

let cachedSchema: Record<string, unknown> | undefined;

/** JSON Schema (draft 2020-12) of a playbook file, for editors and `$schema` references. */
export function playbookJsonSchema(): Record<string, unknown> {
  cachedSchema ??= {
    ...toJSONSchema(playbookSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Handoff playbook',
    description: 'Qualification, routing, SLA and reasons for the Handoff app (HANDOFF_CONFIG).',
  };
  return cachedSchema;
}

/**
 * Parses and validates a playbook file (JSON, or YAML for `.yaml`/`.yml`). A bad file stops
 * start-up, so the error names the file, every bad field's path and what that field allows.
 */
export function loadPlaybook(text: string, fileName: string): Playbook {
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(fileName) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw playbookError(fileName, [`cannot be parsed: ${detail}`]);
  }
  const result = playbookSchema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  throw playbookError(
    fileName,
    result.error.issues.map((issue) => withRuleName(describeIssue(issue), issue.path, raw)),
  );
}

/** A problem inside a routing rule names the rule, as RevOps know it, not only its index. */
function withRuleName(problem: string, path: readonly PropertyKey[], raw: unknown): string {
  if (path[0] !== 'routingRules' || typeof path[1] !== 'number' || problem.includes("rule '")) return problem;
  const rules = (raw as { routingRules?: Array<{ name?: unknown }> } | null)?.routingRules;
  const name = Array.isArray(rules) ? rules[path[1]]?.name : undefined;
  return typeof name === 'string' ? `rule '${name}': ${problem}` : problem;
}

function playbookError(fileName: string, problems: string[]): HandoffError {
  return new HandoffError(
    'config_invalid',
    `Playbook ${fileName} (HANDOFF_CONFIG) is invalid:\n${problems.map((line) => `  - ${line}`).join('\n')}`,
    500,
    { fileName, problems },
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const allowed = Object.keys(nodeAt(path)?.properties ?? {});
    return issue.keys
      .map((key) => `${fieldName([...path, key])}: unknown field; allowed fields here: ${allowed.join(', ')}`)
      .join('\n  - ');
  }
  if (issue.code === 'invalid_key') {
    // zod says "Invalid key in record"; the key's own rule says what a key must look like.
    const keyRule = issue.issues[0]?.message ?? 'not allowed here';
    return `${fieldName(path)}: "${path.at(-1) ?? ''}" is not a valid key here; keys are ${keyRule}`;
  }
  const node = nodeAt(path);
  const allowed = node ? describeAllowed(node) : undefined;
  const got = issue.input === undefined ? 'nothing' : JSON.stringify(issue.input);
  // zod's own wording for enums and unions repeats or hides the choices; the schema states them.
  const what =
    issue.code === 'custom' || !allowed || allowed === 'text' ? issue.message : `must be ${allowed}`;
  return `${fieldName(path)}: ${what} (got ${truncate(got)})`;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function fieldName(path: string[]): string {
  return path.length === 0 ? '(top level)' : path.join('.');
}

/** Walks the JSON Schema along a field path, through lists, maps and unions. */
function nodeAt(path: string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = playbookJsonSchema() as SchemaNode;
  for (const segment of path) {
    if (!node) return undefined;
    node = childOf(node, segment);
  }
  return node && resolveRef(node);
}

function childOf(ref: SchemaNode, segment: string): SchemaNode | undefined {
  const node = resolveRef(ref);
  if (node.anyOf) {
    return node.anyOf.map((option) => childOf(option, segment)).find((child) => child !== undefined);
  }
  if (node.items && /^\d+$/.test(segment)) return node.items;
  if (node.properties?.[segment]) return node.properties[segment];
  return typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
}

/** Recursive parts (a rule's nested conditions) live under `$defs`. */
function resolveRef(node: SchemaNode): SchemaNode {
  const name = node.$ref?.match(/^#\/\$defs\/(.+)$/)?.[1];
  const defs = (playbookJsonSchema().$defs ?? {}) as Record<string, SchemaNode>;
  return name !== undefined ? (defs[name] ?? node) : node;
}

function describeAllowed(ref: SchemaNode): string | undefined {
  const node = resolveRef(ref);
  if (node.enum) return `one of ${node.enum.map((value) => JSON.stringify(value)).join(', ')}`;
  if (node.anyOf) {
    const options = node.anyOf.map(describeAllowed).filter((text): text is string => text !== undefined);
    return options.length > 0 ? options.join(' or ') : undefined;
  }
  if (node.type === 'object' && node.properties) {
    return `an object with fields ${Object.keys(node.properties).join(', ')}`;
  }
  if (node.type === 'integer' || node.type === 'number') {
    const kind = node.type === 'integer' ? 'a whole number' : 'a number';
    if (node.minimum !== undefined && node.maximum !== undefined) {
      return `${kind} from ${node.minimum} to ${node.maximum}`;
    }
    return node.minimum !== undefined ? `${kind} of at least ${node.minimum}` : kind;
  }
  if (node.type === 'array') {
    const each = node.items && describeAllowed(node.items);
    const least = node.minItems ? ` of at least ${node.minItems}` : '';
    return each && each !== 'text' ? `a list${least}, each ${each}` : `a list${least}`;
  }
  if (node.type === 'boolean') return 'true or false';
  if (node.type === 'null') return 'null';
  return node.type === 'string' ? 'text' : undefined;
}
