import { invalidProperties, type PropertyProblem } from '../errors';
import type { PropertyDefinition } from './property-catalog';

export type InputValue = string | number | boolean | null | undefined;

/**
 * Checks and normalises property values the way HubSpot's objects API does before it writes:
 * unknown and read-only properties, numbers, booleans, datetimes (ISO or epoch ms, stored as ISO),
 * enumeration options and owner ids. One 400 lists every problem. `''` and null clear a value.
 */
export function normaliseValues(
  input: Record<string, InputValue>,
  definitions: ReadonlyMap<string, PropertyDefinition>,
  isOwner: (id: string) => boolean,
): Record<string, string> {
  const problems: PropertyProblem[] = [];
  const values: Record<string, string> = {};
  for (const [name, raw] of Object.entries(input)) {
    const definition = definitions.get(name);
    if (!definition || definition.archived) {
      problems.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
      continue;
    }
    if (definition.modificationMetadata.readOnlyValue) {
      problems.push({
        name,
        error: 'READ_ONLY_VALUE',
        message: `${name} is a read only property; its value cannot be set.`,
      });
      continue;
    }
    const text = raw === null || raw === undefined ? '' : String(raw).trim() === '' ? '' : String(raw);
    if (text === '') {
      values[name] = '';
      continue;
    }
    const problem = checkValue(definition, text, isOwner);
    if (typeof problem === 'string') values[name] = problem;
    else problems.push(problem);
  }
  if (problems.length > 0) throw invalidProperties(problems);
  return values;
}

/** The stored form of a valid value, or the problem. */
function checkValue(
  definition: PropertyDefinition,
  text: string,
  isOwner: (id: string) => boolean,
): string | PropertyProblem {
  const name = definition.name;
  const bad = (error: string, message: string): PropertyProblem => ({ name, error, message });
  switch (definition.type) {
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(text.trim())
        ? text.trim()
        : bad('INVALID_INTEGER', `${JSON.stringify(text)} was not a valid number.`);
    case 'bool':
      return text === 'true' || text === 'false'
        ? text
        : bad('INVALID_BOOLEAN', `${JSON.stringify(text)} was not a valid boolean (true or false).`);
    case 'datetime':
    case 'date': {
      const time = /^\d+$/.test(text)
        ? Number(text)
        : /^\d{4}-\d{2}-\d{2}/.test(text)
          ? Date.parse(text)
          : NaN;
      return Number.isNaN(time)
        ? bad(
            'INVALID_DATE',
            `${JSON.stringify(text)} was not a valid date or datetime (ISO 8601 or epoch milliseconds).`,
          )
        : new Date(time).toISOString();
    }
    case 'enumeration': {
      if (definition.referencedObjectType === 'OWNER') {
        return isOwner(text)
          ? text
          : bad('INVALID_OWNER_ID', `${JSON.stringify(text)} is not a valid owner id.`);
      }
      if (definition.externalOptions) return text;
      const allowed = new Set(definition.options.map((option) => option.value));
      const parts = definition.fieldType === 'checkbox' ? text.split(';') : [text];
      const wrong = parts.find((part) => !allowed.has(part));
      return wrong === undefined
        ? text
        : bad(
            'INVALID_OPTION',
            `${JSON.stringify(wrong)} was not one of the allowed options: [${[...allowed].join(', ')}]`,
          );
    }
    default:
      return text;
  }
}
