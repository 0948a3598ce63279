import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const run = promisify(execFile);
const REPO = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(REPO, file), 'utf8');

interface ComposeService {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas: string | number };
  ports?: string[];
}

describe('the deployment files the README describes', () => {
  it('compose runs PostgreSQL with a volume and health check, N app processes after it is healthy, HTTPS in front', () => {
    const compose = parse(read('compose.yaml')) as {
      services: Record<string, ComposeService>;
      volumes: object;
    };
    const { postgres, app, proxy } = compose.services as Record<string, ComposeService>;
    expect(postgres?.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(postgres?.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(app?.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(app?.environment?.DATABASE_URL).toMatch(/^postgres:\/\/handoff:.*@postgres:5432\/handoff$/);
    expect(String(app?.deploy?.replicas)).toContain('HANDOFF_PROCESSES');
    expect(proxy?.ports).toEqual(['80:80', '443:443']);
    expect(Object.keys(compose.volumes)).toEqual(['pgdata', 'caddy_data']);
    // The proxy spreads requests over every app process and only to ready ones.
    const caddy = read('deploy/Caddyfile');
    expect(caddy).toContain('dynamic a app 3000');
    expect(caddy).toContain('health_uri /readyz');
  });

  it('the image starts the app the way npm start does', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start;
    const cmd = /^CMD \["node_modules\/\.bin\/(\w+)", "([^"]+)"\]$/m.exec(read('Dockerfile'));
    expect(cmd && `${cmd[1]} ${cmd[2]}`).toBe(start);
  });
});

/** Builds the image only where a docker engine answers; this machine has the client alone. */
function dockerEngine(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

const engine = dockerEngine();
const withDocker = engine ? it : it.skip;

describe('docker build', () => {
  withDocker(
    engine
      ? 'builds the image, and the container names a missing variable'
      : 'builds the image: skipped, no docker engine answers `docker info` (install or start one to run it)',
    async () => {
      await run('docker', ['build', '-t', 'handoff:test', REPO], { timeout: 600_000, maxBuffer: 64 << 20 });
      const result = await run('docker', ['run', '--rm', 'handoff:test']).catch(
        (error: { stderr: string; code: number }) => error,
      );
      expect('stderr' in result && result.stderr).toContain('HUBSPOT_CLIENT_SECRET: required');
    },
    660_000,
  );
});
