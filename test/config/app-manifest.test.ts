import { readAppManifest, scopesFor } from '../../src/app-manifest';
import { DEFAULT_PLAYBOOK } from '../../src/handoff/default-playbook';
import { playbookSchema } from '../../src/handoff/playbook';

describe('the scopes the install asks for', () => {
  const manifest = readAppManifest();
  const names = (playbook: typeof DEFAULT_PLAYBOOK) => scopesFor(manifest, playbook).map((s) => s.scope);

  it('leaves the Leads scopes out while the playbook’s Leads option is off (the default)', () => {
    expect(names(DEFAULT_PLAYBOOK)).toEqual(manifest.scopes.map((s) => s.scope));
    expect(names(DEFAULT_PLAYBOOK)).not.toContain('crm.objects.leads.write');
  });

  it('asks for them, with a reason each, when it is on', () => {
    const leads = playbookSchema.parse({
      ...DEFAULT_PLAYBOOK,
      stages: { ...DEFAULT_PLAYBOOK.stages, leadsObject: { enabled: true } },
    });
    expect(names(leads)).toEqual([
      ...manifest.scopes.map((s) => s.scope),
      'crm.objects.leads.read',
      'crm.objects.leads.write',
    ]);
    expect(manifest.featureScopes.leadsObject.every((s) => s.reason.length > 20)).toBe(true);
  });
});
