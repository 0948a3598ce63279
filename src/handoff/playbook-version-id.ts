import { createHash } from 'node:crypto';
import stableStringify from 'safe-stable-stringify';
import type { Playbook } from './playbook';

/**
 * A playbook's version identity: a hash of what it says once parsed (defaults filled in, keys in a
 * stable order), not of the text. The built-in playbook, a HANDOFF_CONFIG file and each version
 * saved on the admin page get one, the same on every process and restart, and a YAML and a JSON
 * file that say the same thing share it. Decisions store it, so reports group by it.
 */
const ids = new WeakMap<Playbook, string>();

export function playbookVersionId(playbook: Playbook): string {
  let id = ids.get(playbook);
  if (id === undefined) {
    const hash = createHash('sha256')
      .update(stableStringify(playbook) ?? '')
      .digest('hex');
    id = `pb-${hash.slice(0, 12)}`;
    ids.set(playbook, id);
  }
  return id;
}
