/**
 * A JSON-schema checker for the OpenAPI 3.0 subset HubSpot's files use: $ref, type, format, enum,
 * required, properties, additionalProperties, items, nullable, oneOf/anyOf/allOf. Errors name the
 * JSON path of each mismatch, so a failing test says exactly what to fix.
 */
export type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  nullable?: boolean;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
};

export interface SchemaContext {
  /** Resolves a local `#/components/...` reference of the schema's document. */
  resolve: (ref: string) => Schema;
  /** Report keys the schema does not declare (for requests). */
  strict: boolean;
  errors: string[];
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function validate(schema: Schema, value: unknown, at: string, context: SchemaContext): void {
  if (schema.$ref) return validate(context.resolve(schema.$ref), value, at, context);
  if (value === null) {
    if (!schema.nullable) context.errors.push(`${at}: null is not allowed`);
    return;
  }
  if (value === undefined) return void context.errors.push(`${at}: value missing`);
  for (const part of schema.allOf ?? []) validate(part, value, at, context);
  if (schema.oneOf || schema.anyOf) {
    const branches = (schema.oneOf ?? schema.anyOf)!;
    const passing = branches.filter((branch) => {
      const trial: SchemaContext = { ...context, errors: [] };
      validate(branch, value, at, trial);
      return trial.errors.length === 0;
    }).length;
    if (schema.oneOf ? passing !== 1 : passing === 0) {
      context.errors.push(
        `${at}: matches ${passing} of the ${branches.length} allowed shapes (${schema.oneOf ? 'exactly' : 'at least'} one needed)`,
      );
    }
  }
  if (schema.enum && !schema.enum.includes(value)) {
    context.errors.push(
      `${at}: ${JSON.stringify(value)} is not one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`,
    );
  }
  const type =
    schema.type ?? (schema.properties && Object.keys(schema.properties).length > 0 ? 'object' : undefined);
  if (type) validateType(schema, type, value, at, context);
}

function validateType(
  schema: Schema,
  type: string,
  value: unknown,
  at: string,
  context: SchemaContext,
): void {
  const actual = kindOf(value);
  const fits =
    type === 'integer'
      ? Number.isInteger(value)
      : type === 'number'
        ? actual === 'number' && Number.isFinite(value)
        : actual === type;
  if (!fits)
    return void context.errors.push(
      `${at}: expected ${type}, got ${actual} ${JSON.stringify(value)?.slice(0, 60)}`,
    );
  if (type === 'string') validateFormat(schema.format, value as string, at, context);
  if (type === 'integer' && schema.format === 'int32' && Math.abs(value as number) > 2 ** 31) {
    context.errors.push(`${at}: ${value} does not fit int32`);
  }
  if (type === 'array' && schema.items) {
    (value as unknown[]).forEach((item, index) => validate(schema.items!, item, `${at}[${index}]`, context));
  }
  if (type === 'object') validateObject(schema, value as Record<string, unknown>, at, context);
}

function validateFormat(format: string | undefined, value: string, at: string, context: SchemaContext): void {
  if (format === 'date-time' && !DATE_TIME.test(value))
    context.errors.push(`${at}: "${value}" is not an ISO 8601 date-time`);
  if (format === 'uuid' && !UUID.test(value)) context.errors.push(`${at}: "${value}" is not a UUID`);
}

function validateObject(
  schema: Schema,
  value: Record<string, unknown>,
  at: string,
  context: SchemaContext,
): void {
  const declared = schema.properties ?? {};
  for (const name of schema.required ?? []) {
    if (!(name in value) || value[name] === undefined)
      context.errors.push(`${at}: missing required property "${name}"`);
  }
  for (const [name, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const child = `${at}.${name}`;
    const own = declared[name];
    if (own) validate(own, item, child, context);
    else if (typeof schema.additionalProperties === 'object')
      validate(schema.additionalProperties, item, child, context);
    else if (schema.additionalProperties === false || (context.strict && Object.keys(declared).length > 0)) {
      context.errors.push(
        `${child}: property not declared by the schema (declared: ${Object.keys(declared).join(', ')})`,
      );
    }
  }
}
