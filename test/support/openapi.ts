import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { validate, type Schema } from './openapi-schema';

/**
 * Checks requests and responses against HubSpot's own OpenAPI files (test/hubspot-openapi), so a
 * test double can only say what HubSpot documents, and the client can only send what HubSpot
 * accepts. OpenAPI 3.0 subset used there: $ref, type, format, enum, required, properties,
 * additionalProperties, items, nullable, oneOf/anyOf/allOf.
 *
 * Requests are checked strictly: a key the schema does not declare is a mismatch (it catches
 * `propertyname` for `propertyName`). Responses allow undeclared keys, as HubSpot adds fields.
 */
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: Schema }> }>;
}

interface Spec {
  file: string;
  doc: {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema>; responses?: Record<string, unknown> };
  };
}

export interface MatchedOperation {
  spec: Spec;
  template: string;
  method: string;
  operation: Operation;
}

const SPEC_DIR = path.join(__dirname, '..', 'hubspot-openapi');
let specs: Spec[] | null = null;

/**
 * Known errors in HubSpot's files, corrected to what the API accepts and returns:
 * - search `sorts` is typed as strings, yet HubSpot's search guide and API take
 *   `{propertyName, direction}` objects (HubSpot/hubspot-api-nodejs issues 14 and 559);
 * - search `after` is marked required, yet the first page is requested without a cursor;
 * - record property values come back `null` when a property is empty.
 */
function applyErrata(spec: Spec): void {
  const schemas = spec.doc.components.schemas;
  const search = schemas.PublicObjectSearchRequest;
  if (search?.properties?.sorts) {
    search.properties.sorts.items = {
      anyOf: [
        { type: 'string' },
        {
          type: 'object',
          required: ['propertyName', 'direction'],
          properties: {
            propertyName: { type: 'string' },
            direction: { type: 'string', enum: ['ASCENDING', 'DESCENDING'] },
          },
        },
      ],
    };
    search.required = (search.required ?? []).filter((name) => name !== 'after');
  }
  for (const name of ['SimplePublicObject', 'SimplePublicObjectWithAssociations']) {
    const values = schemas[name]?.properties?.properties?.additionalProperties;
    if (values && typeof values === 'object') values.nullable = true;
  }
}

function loadSpecs(): Spec[] {
  if (!specs) {
    specs = readdirSync(SPEC_DIR)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => {
        const spec = { file, doc: JSON.parse(readFileSync(path.join(SPEC_DIR, file), 'utf8')) } as Spec;
        applyErrata(spec);
        return spec;
      });
  }
  return specs;
}

/** The operation for a method and path; a literal segment beats a `{template}` one (contacts over objectType). */
export function findOperation(method: string, urlPath: string): MatchedOperation | null {
  const segments = urlPath.split('?')[0]!.split('/');
  let best: (MatchedOperation & { score: number }) | null = null;
  for (const spec of loadSpecs()) {
    for (const [template, operations] of Object.entries(spec.doc.paths)) {
      const operation = operations[method.toLowerCase()];
      const parts = template.split('/');
      if (!operation || parts.length !== segments.length) continue;
      let score = 0;
      const matches = parts.every((part, index) => {
        const actual = decodeURIComponent(segments[index]!);
        if (/^\{[^}]+\}$/.test(part)) return actual !== '';
        score += 1;
        return part === actual;
      });
      if (matches && (!best || score > best.score)) best = { spec, template, method, operation, score };
    }
  }
  return best;
}

export interface RequestToCheck {
  method: string;
  /** Path with optional query string. */
  path: string;
  /** Parsed object, or the raw text as sent (JSON or form-encoded). */
  body?: unknown;
  contentType?: string;
}

export function requestMismatches(request: RequestToCheck): string[] {
  const matched = findOperation(request.method, request.path);
  if (!matched)
    return [`${request.method} ${request.path.split('?')[0]}: no such operation in HubSpot's OpenAPI files`];
  const errors = queryMismatches(matched, request.path);
  const declared = matched.operation.requestBody;
  const hasBody = request.body !== undefined && request.body !== '';
  if (!declared) {
    if (hasBody) errors.push('body sent, but the operation takes none');
    return errors;
  }
  if (!hasBody) {
    if (declared.required) errors.push('body required, none sent');
    return errors;
  }
  const isForm = (request.contentType ?? '').includes('x-www-form-urlencoded');
  const media = declared.content?.[isForm ? 'application/x-www-form-urlencoded' : 'application/json'];
  if (!media?.schema)
    return [...errors, `content type ${isForm ? 'form' : 'JSON'} is not documented for this operation`];
  const body = parseBody(request.body, isForm);
  validate(media.schema, body, '$', { resolve: resolver(matched.spec), strict: true, errors });
  return errors;
}

export interface ResponseToCheck {
  method: string;
  path: string;
  status: number;
  body?: unknown;
}

export function responseMismatches(response: ResponseToCheck): string[] {
  const matched = findOperation(response.method, response.path);
  if (!matched) return [`${response.method} ${response.path}: no such operation in HubSpot's OpenAPI files`];
  const responses = matched.operation.responses ?? {};
  let documented = responses[String(response.status)] ?? responses.default;
  if (!documented) return [`status ${response.status} is not documented for ${matched.template}`];
  if (documented.$ref) documented = resolve(matched.spec, documented.$ref) as typeof documented;
  const media = documented.content?.['application/json'] ?? documented.content?.['*/*'];
  const errors: string[] = [];
  if (media?.schema)
    validate(media.schema, response.body, '$', { resolve: resolver(matched.spec), strict: false, errors });
  return errors;
}

export function assertRequestMatchesOpenApi(request: RequestToCheck): void {
  const errors = requestMismatches(request);
  if (errors.length > 0) throw new Error(report(`request ${request.method} ${request.path}`, errors));
}

export function assertResponseMatchesOpenApi(response: ResponseToCheck): void {
  const errors = responseMismatches(response);
  if (errors.length > 0)
    throw new Error(report(`response ${response.status} to ${response.method} ${response.path}`, errors));
}

function report(what: string, errors: string[]): string {
  return `${what} does not match HubSpot's OpenAPI spec:\n${errors.map((error) => `  - ${error}`).join('\n')}`;
}

function parseBody(body: unknown, isForm: boolean): unknown {
  if (typeof body !== 'string') return body;
  if (isForm) return Object.fromEntries(new URLSearchParams(body));
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function queryMismatches(matched: MatchedOperation, urlPath: string): string[] {
  const query = new URLSearchParams(urlPath.split('?')[1] ?? '');
  const declared = (matched.operation.parameters ?? []).filter((parameter) => parameter.in === 'query');
  const errors: string[] = [];
  for (const name of new Set(query.keys())) {
    const parameter = declared.find((candidate) => candidate.name === name);
    if (!parameter) errors.push(`query parameter "${name}" is not documented`);
    else if (parameter.schema?.type === 'array') {
      // `style: form, explode: true`: an array travels as the parameter repeated once per item.
      const items = (parameter.schema.items ?? {}) as Schema;
      const values = query.getAll(name).map((value) => coerce(items, value));
      validate(parameter.schema, values, `?${name}`, {
        resolve: resolver(matched.spec),
        strict: true,
        errors,
      });
    } else if (parameter.schema) {
      for (const value of query.getAll(name)) {
        validate(parameter.schema, coerce(parameter.schema, value), `?${name}`, {
          resolve: resolver(matched.spec),
          strict: true,
          errors,
        });
      }
    }
  }
  for (const parameter of declared) {
    if (parameter.required && !query.has(parameter.name))
      errors.push(`query parameter "${parameter.name}" is required`);
  }
  return errors;
}

function coerce(schema: Schema, value: string): unknown {
  if (schema.type === 'integer' || schema.type === 'number')
    return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (schema.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

function resolver(spec: Spec): (ref: string) => Schema {
  return (ref) => resolve(spec, ref) as Schema;
}

function resolve(spec: Spec, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`);
  let node: unknown = spec.doc;
  for (const key of ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[key];
  if (node === undefined) throw new Error(`${spec.file}: unresolved $ref ${ref}`);
  return node;
}
