import { Scheduler, type ScheduledJob } from '../../src/schedules/scheduler';
import { silentLogger } from '../../src/log';
import { openStore } from '../../src/store/open-store';

const MIN = 60_000;

function job(run: ScheduledJob['run']): ScheduledJob {
  return { name: 'sla-sweep', schedule: '* * * * *', everyMs: MIN, run };
}

/** A store error must not escape a cron tick: an unhandled rejection ends the Node process. */
describe('Scheduler when the store fails', () => {
  it('reports a slot as failed when the claim cannot be stored', async () => {
    const store = await openStore('sqlite::memory:');
    await store.close();
    let ran = 0;
    const scheduler = new Scheduler({ store, log: silentLogger, jobs: [] });
    await expect(
      scheduler.runSlot(
        job(async () => `${(ran += 1)}`),
        5 * MIN,
      ),
    ).resolves.toBe('failed');
    expect(ran).toBe(0);
  });

  it('reports a slot as failed when its finish cannot be stored', async () => {
    const store = await openStore('sqlite::memory:');
    const scheduler = new Scheduler({ store, log: silentLogger, jobs: [] });
    const closing = job(async () => {
      await store.close();
      return 'swept';
    });
    await expect(scheduler.runSlot(closing, 5 * MIN)).resolves.toBe('failed');
  });
});
