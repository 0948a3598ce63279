import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { readPlaybook } from '../../src/playbooks/read-playbook';
import { SCHEMA_PATH, schemaText } from '../../scripts/playbook-schema';

describe('HANDOFF_CONFIG', () => {
  const folder = mkdtempSync(join(tmpdir(), 'handoff-playbook-'));

  it('is the built-in playbook when unset', async () => {
    expect(await readPlaybook(undefined)).toBe(DEFAULT_PLAYBOOK);
  });

  it('stops start-up naming the file when it cannot be read', async () => {
    await expect(readPlaybook(join(folder, 'missing.yaml'))).rejects.toThrow(
      /HANDOFF_CONFIG: cannot read .*missing\.yaml \(ENOENT\)/,
    );
  });

  it('stops start-up naming the file, the field and what is allowed when it is invalid', async () => {
    const file = join(folder, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ ...DEFAULT_PLAYBOOK, thresholds: { ...DEFAULT_PLAYBOOK.thresholds, fit: 300 } }),
    );
    await expect(readPlaybook(file)).rejects.toThrow(/bad\.json[\s\S]*thresholds\.fit/);
  });

  it('reads a valid YAML playbook', async () => {
    const file = join(folder, 'good.yaml');
    writeFileSync(file, JSON.stringify(DEFAULT_PLAYBOOK)); // JSON is valid YAML
    expect((await readPlaybook(file)).thresholds).toEqual(DEFAULT_PLAYBOOK.thresholds);
  });

  it('has its JSON Schema committed for editors, in step with the code (npm run playbook:schema)', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(schemaText());
  });
});
