/**
 * `npm run playbook:schema`: writes the playbook's JSON Schema to docs/playbook.schema.json, so
 * editors can validate and complete a HANDOFF_CONFIG file (`"$schema": "./playbook.schema.json"`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { playbookJsonSchema } from '../src/handoff';

export const SCHEMA_PATH = join(__dirname, '..', 'docs', 'playbook.schema.json');

export function schemaText(): string {
  return `${JSON.stringify(playbookJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(SCHEMA_PATH, schemaText());
  console.log(`wrote ${SCHEMA_PATH}`);
}
