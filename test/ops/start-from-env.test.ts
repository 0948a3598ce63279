import { createServer, type Server } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bareEnv, runScript, startScript } from '../support/run-command';
import { freePort, waitFor } from '../support/wait';

const SINGLE_PORTAL = { HUBSPOT_CLIENT_SECRET: 'the-secret', HUBSPOT_ACCESS_TOKEN: 'pat-na1-x' };

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'handoff-env-'));
}

describe('npm start reads its settings the forgiving way', () => {
  it('is configured by a .env file in the folder it starts in, and / says what runs there', async () => {
    const cwd = folder();
    const port = await freePort();
    writeFileSync(
      join(cwd, '.env'),
      [
        '# as copied from .env.example and filled in',
        `PORT=${port}`,
        'HUBSPOT_CLIENT_SECRET=the-secret',
        'HUBSPOT_ACCESS_TOKEN=pat-na1-x',
        'HUBSPOT_PORTAL_ID=',
        'DATABASE_URL=sqlite:./data/handoff.db',
        'LOG_LEVEL=warn',
      ].join('\n'),
    );
    const child = startScript('src/main.ts', [], { env: bareEnv({}), cwd });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, {
        timeoutMs: 25_000,
        retryOnError: true,
        what: `npm start on port ${port} from .env (stderr: ${stderr})`,
      });
      const root = await fetch(`http://127.0.0.1:${port}/`);
      expect(root.status).toBe(200);
      const text = await root.text();
      expect(text).toContain('Handoff is running');
      expect(text).toContain('href="/admin"');
      expect(text).toContain('href="/healthz"');
      // Single-portal mode: there is no install link to offer.
      expect(text).not.toContain('/oauth/install');
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('close', resolve));
    }
  });

  it('lets the real environment win over .env', async () => {
    const cwd = folder();
    writeFileSync(join(cwd, '.env'), 'LOG_LEVEL=info\nHUBSPOT_CLIENT_SECRET=the-secret\n');
    const result = await runScript('src/main.ts', [], { env: bareEnv({ LOG_LEVEL: 'loud' }), cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent/);
  });
});

describe('npm start names the setting behind a start-up failure', () => {
  let blocker: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
    blocker = undefined;
  });

  it('a port in use: one line naming PORT and the fix', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, resolve));
    const port = (blocker.address() as { port: number }).port;
    const result = await runScript('src/main.ts', [], {
      env: bareEnv({ ...SINGLE_PORTAL, PORT: String(port), DATABASE_URL: `sqlite:${folder()}/h.db` }),
      cwd: folder(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Handoff cannot start: PORT: ${port} is already in use by another process; stop that process or set PORT to a free port (for example PORT=3001)`,
    );
  });

  it('a PostgreSQL server that refuses connections: names DATABASE_URL without its password', async () => {
    const port = await freePort();
    const result = await runScript('src/main.ts', [], {
      env: bareEnv({ ...SINGLE_PORTAL, DATABASE_URL: `postgres://app:hunter2@127.0.0.1:${port}/handoff` }),
      cwd: folder(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Handoff cannot start: DATABASE_URL: nothing accepts connections at 127.0.0.1:${port}; start PostgreSQL there or point DATABASE_URL at the running server`,
    );
    expect(result.stderr).not.toContain('hunter2');
  });

  const postgres = process.env.DATABASE_URL?.startsWith('postgres') ? it : it.skip;
  postgres('a PostgreSQL database that does not exist: names it and how to create it', async () => {
    const url = new URL(process.env.DATABASE_URL as string);
    url.pathname = '/handoff_no_such_database';
    const result = await runScript('src/main.ts', [], {
      env: bareEnv({ ...SINGLE_PORTAL, DATABASE_URL: url.toString() }),
      cwd: folder(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL: database "handoff_no_such_database" does not exist at');
    expect(result.stderr).toContain('createdb handoff_no_such_database');
  });

  it('an APP_BASE_URL with a path: refused before anything starts', async () => {
    const result = await runScript('src/main.ts', [], {
      env: bareEnv({ ...SINGLE_PORTAL, APP_BASE_URL: 'https://example.com/handoff' }),
      cwd: folder(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/APP_BASE_URL: must be the origin only, without a path/);
  });
});
