import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bareEnv, runScript } from '../support/run-command';

function sqlite(): string {
  return `sqlite:${join(mkdtempSync(join(tmpdir(), 'handoff-cli-')), 'handoff.db')}`;
}

describe('the command-line tools ask only for what they use', () => {
  it('explain runs with a static token and portal id alone: no webhook secret, port or admin token', async () => {
    const result = await runScript('src/cli/handoff.ts', ['explain', 'not-a-contact'], {
      env: bareEnv({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-x', HUBSPOT_PORTAL_ID: '123', DATABASE_URL: sqlite() }),
    });
    // Past the configuration: the complaint is about the argument, not the environment.
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('explain needs a numeric contact id');
    expect(result.stderr).not.toMatch(/HUBSPOT_CLIENT_SECRET|environment problem/);
  });

  it('without a token, names the OAuth settings it needs to use a stored install, each with the fix', async () => {
    const result = await runScript('src/cli/handoff.ts', ['explain', '1', '--portal', '123'], {
      env: bareEnv({ DATABASE_URL: sqlite(), PORT: 'not-a-port' }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('handoff cannot run: 3 environment problem(s)');
    for (const name of ['HUBSPOT_CLIENT_ID', 'HUBSPOT_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY']) {
      expect(result.stderr).toContain(`${name}: needed to use the portal's stored OAuth install`);
    }
    // PORT is the server's: a bad one does not stop a tool that never listens.
    expect(result.stderr).not.toContain('PORT');
  });

  it("setup --portal 999 with another portal's token is refused instead of set up on the wrong account", async () => {
    const result = await runScript('src/cli/setup.ts', ['--portal', '999'], {
      env: bareEnv({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-x', HUBSPOT_PORTAL_ID: '123', DATABASE_URL: sqlite() }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      "setup failed: --portal 999: HUBSPOT_ACCESS_TOKEN belongs to portal 123 (HUBSPOT_PORTAL_ID); drop --portal, or use portal 999's token and id",
    );
    expect(result.stdout).toBe('');
  });

  it('setup --portal with a token of unknown account asks for HUBSPOT_PORTAL_ID', async () => {
    const result = await runScript('src/cli/setup.ts', ['--portal', '999'], {
      env: bareEnv({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-x', DATABASE_URL: sqlite() }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'HUBSPOT_PORTAL_ID: set it to 999 if HUBSPOT_ACCESS_TOKEN belongs to that account',
    );
  });

  it('setup --portal in OAuth mode checks that portal installed the app', async () => {
    const result = await runScript('src/cli/setup.ts', ['--portal', '999'], {
      env: bareEnv({
        HUBSPOT_CLIENT_ID: 'id',
        HUBSPOT_CLIENT_SECRET: 'secret',
        TOKEN_ENCRYPTION_KEY: 'a'.repeat(64),
        DATABASE_URL: sqlite(),
      }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No HubSpot access for portal 999: it never installed the app');
  });

  it('setup names DATABASE_URL when PostgreSQL refuses the connection', async () => {
    const result = await runScript('src/cli/setup.ts', [], {
      env: bareEnv({
        HUBSPOT_ACCESS_TOKEN: 'pat-na1-x',
        HUBSPOT_PORTAL_ID: '123',
        DATABASE_URL: 'postgres://app:secret@127.0.0.1:1/handoff',
      }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'setup failed: DATABASE_URL: nothing accepts connections at 127.0.0.1:1; start PostgreSQL there or point DATABASE_URL at the running server',
    );
  });
});
