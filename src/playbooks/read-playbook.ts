import { readFile } from 'node:fs/promises';
import { HandoffError } from '../errors';
import { DEFAULT_PLAYBOOK, loadPlaybook, type Playbook } from '../handoff';

/** HANDOFF_CONFIG's playbook, or the built-in one of CONTRACT §4. A bad file stops start-up. */
export async function readPlaybook(path: string | undefined): Promise<Playbook> {
  if (!path) return DEFAULT_PLAYBOOK;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new HandoffError(
      'config_invalid',
      `HANDOFF_CONFIG: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); point it at a JSON or YAML playbook file or unset it for the built-in playbook`,
    );
  }
  return loadPlaybook(text, path);
}
