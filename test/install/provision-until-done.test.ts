import { Writable } from 'node:stream';
import { createLogger } from '../../src/log';
import { provisionUntilDone } from '../../src/install/provision-until-done';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).trim().split('\n')) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: createLogger('info', stream) };
}

describe('property set-up at start-up', () => {
  it('keeps trying after HubSpot fails, with growing delays, until it succeeds', async () => {
    const { lines, log } = capture();
    let calls = 0;
    const loop = provisionUntilDone(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('HubSpot did not answer successfully (503)');
        return { created: ['handoff_status'], conflicts: [] };
      },
      log,
      { firstDelayMs: 5, maxDelayMs: 20 },
    );
    await loop.done;
    expect(calls).toBe(3);
    const failures = lines.filter(
      (line) => line.msg === 'property setup failed; retrying (`npm run setup` runs it by hand)',
    );
    expect(failures.map((line) => line.retryInMs)).toEqual([5, 10]);
    expect(lines.at(-1)).toMatchObject({ msg: 'properties checked', created: 1 });
  });

  it('reports conflicts once and stops trying', async () => {
    const { lines, log } = capture();
    const loop = provisionUntilDone(
      async () => ({
        created: [],
        conflicts: [{ name: 'handoff_status', message: 'exists as a string; rename it' }],
      }),
      log,
    );
    await loop.done;
    expect(
      lines.some(
        (line) => line.property === 'handoff_status' && line.msg === 'exists as a string; rename it',
      ),
    ).toBe(true);
  });

  it('stops when the app stops', async () => {
    const { log } = capture();
    let calls = 0;
    const loop = provisionUntilDone(
      async () => {
        calls += 1;
        throw new Error('down');
      },
      log,
      { firstDelayMs: 60_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    loop.stop();
    await loop.done;
    expect(calls).toBe(1);
  });
});
