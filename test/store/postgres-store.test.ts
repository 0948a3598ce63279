import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../../src/store/open-store';
import { claimLaneBattery } from './claim-lane-battery';
import { crmIndexBattery } from './crm-index-battery';
import { decisionBattery } from './decision-battery';
import { jobBattery } from './job-battery';
import { leadFeedbackBattery } from './lead-feedback-battery';
import { openUpgraded } from './open-upgraded';
import { handoffGapBattery } from './handoff-gap-battery';
import { scheduleBattery } from './schedule-battery';
import { outcomeBattery } from './outcome-battery';
import { reportingBattery } from './reporting-battery';
import { playbookVersionBattery } from './playbook-version-battery';
import { portalBattery } from './portal-battery';
import { portalLeaseBattery } from './portal-lease-battery';
import { stageTransitionBattery } from './stage-transition-battery';
import { noResponseBattery } from './no-response-battery';
import { newEvent, storeBattery, T0 } from './store-battery';

const databaseUrl = process.env.DATABASE_URL ?? '';
const describeWithPostgres = databaseUrl.startsWith('postgres') ? describe : describe.skip;

describeWithPostgres('PostgreSQL store', () => {
  // Every store of this run lives in its own schema; all of them are dropped at the end.
  const runId = `handoff_test_${process.pid}_${randomBytes(3).toString('hex')}`;
  const schemas: string[] = [];
  const freshSchema = (): string => {
    const schema = `${runId}_${schemas.length}`;
    schemas.push(schema);
    return schema;
  };

  afterAll(async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
    } finally {
      await client.end();
    }
  });

  storeBattery(() => openStore(databaseUrl, { schema: freshSchema() }));
  decisionBattery(() => openStore(databaseUrl, { schema: freshSchema() }));
  crmIndexBattery(() => openStore(databaseUrl, { schema: freshSchema() }));
  handoffGapBattery(() => openStore(databaseUrl, { schema: freshSchema() }));
  scheduleBattery(() => openStore(databaseUrl, { schema: freshSchema() }));
  outcomeBattery(() => openStore(databaseUrl, { schema: freshSchema() }));
  reportingBattery(() => openStore(databaseUrl, { schema: freshSchema() }));
  playbookVersionBattery(() => openStore(databaseUrl, { schema: freshSchema() }));
  stageTransitionBattery(() => openStore(databaseUrl, { schema: freshSchema() }));
  noResponseBattery(() => openStore(databaseUrl, { schema: freshSchema() }));
  leadFeedbackBattery(() => openStore(databaseUrl, { schema: freshSchema() }));
  claimLaneBattery(() => openStore(databaseUrl, { schema: freshSchema() }));
  portalLeaseBattery(() => openStore(databaseUrl, { schema: freshSchema() }));
  portalBattery(() => openStore(databaseUrl, { schema: freshSchema() }));
  jobBattery(
    () => openStore(databaseUrl, { schema: freshSchema() }),
    (seed) => openUpgraded(databaseUrl, { schema: freshSchema() }, seed),
  );

  it('lets two app processes share one schema: migrations run once, data is shared', async () => {
    const schema = freshSchema();
    const [a, b] = await Promise.all([
      openStore(databaseUrl, { schema }),
      openStore(databaseUrl, { schema }),
    ]);
    expect(await a.events.insert([newEvent('shared', 1)], T0)).toEqual({ inserted: 1, duplicates: 0 });
    expect(await b.events.insert([newEvent('shared', 1)], T0)).toEqual({ inserted: 0, duplicates: 1 });
    expect(await b.isReady()).toBe(true);
    await Promise.all([a.close(), b.close()]);
  });

  it('migrates while another run drops its schemas in the same database', async () => {
    // Test runs and reliability worlds share one database; each drops its schemas when it ends.
    const others = Array.from({ length: 8 }, () => freshSchema());
    for (const other of others) await (await openStore(databaseUrl, { schema: other })).close();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const dropping = (async () => {
        for (const other of others) await client.query(`drop schema "${other}" cascade`);
      })();
      const opened = await Promise.all(
        Array.from({ length: 6 }, () => openStore(databaseUrl, { schema: freshSchema() })),
      );
      await dropping;
      for (const store of opened) {
        expect(await store.isReady()).toBe(true);
        await store.close();
      }
    } finally {
      await client.end();
    }
  });

  it('rejects a schema name that is not a plain identifier', async () => {
    await expect(openStore(databaseUrl, { schema: 'x; drop table y' })).rejects.toThrow(
      'invalid PostgreSQL schema',
    );
  });
});
