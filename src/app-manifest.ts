import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** `app.json` is the one list of scopes: the install URL asks for exactly what the manifest says. */
const scopeSchema = z.object({ scope: z.string(), reason: z.string() });
const manifestSchema = z.object({
  name: z.string(),
  auth: z.object({ redirectPath: z.string().startsWith('/') }),
  scopes: z.array(scopeSchema).min(1),
  /** Scopes asked for only when a playbook option that needs them is on. */
  featureScopes: z.object({ leadsObject: z.array(scopeSchema).default([]) }).default({ leadsObject: [] }),
});

export type AppManifest = z.infer<typeof manifestSchema>;

export function readAppManifest(path = join(__dirname, '..', 'app.json')): AppManifest {
  return manifestSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** The scopes to ask for: the manifest's, plus the Leads object's when the playbook turns it on. */
export function scopesFor(
  manifest: AppManifest,
  playbook: { stages: { leadsObject: { enabled: boolean } } },
): AppManifest['scopes'] {
  return playbook.stages.leadsObject.enabled
    ? [...manifest.scopes, ...manifest.featureScopes.leadsObject]
    : manifest.scopes;
}
