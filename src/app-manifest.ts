import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** `app.json` is the one list of scopes: the install URL asks for exactly what the manifest says. */
const manifestSchema = z.object({
  name: z.string(),
  auth: z.object({ redirectPath: z.string().startsWith('/') }),
  scopes: z.array(z.object({ scope: z.string(), reason: z.string() })).min(1),
});

export type AppManifest = z.infer<typeof manifestSchema>;

export function readAppManifest(path = join(__dirname, '..', 'app.json')): AppManifest {
  return manifestSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}
