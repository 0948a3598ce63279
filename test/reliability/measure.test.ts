import { leadFigures } from '../../scripts/reliability/measure';
import { Portal } from '../../simulator/portal';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';

/**
 * The harness's own arithmetic on a hand-built portal: tasks counted per marker (not per subject),
 * and a contact rewrite counted against the goal only when no kill explains it.
 */
const PORTAL_ID = 62515;
let clock = 1_000;
let portal: Portal;
let store: Store;

beforeEach(async () => {
  clock = 1_000;
  portal = new Portal({ portalId: PORTAL_ID, now: () => clock, searchLagMs: () => 0 });
  store = await openStore('sqlite::memory:');
});
afterEach(async () => store.close());

let leads = 0;
function lead(): string {
  leads += 1;
  const contact = portal.create('contacts', { email: `lead${leads}@example.com` });
  portal.update('contacts', contact.id, { handoff_status: 'routed' }, { seeding: true });
  return contact.id;
}

function task(contactId: string, subject: string, marker: string): void {
  const created = portal.create('tasks', { hs_task_subject: subject, hs_task_body: `Why\n\n${marker}` });
  portal.associations.add('tasks', created.id, 'contacts', contactId, 204);
}

function write(contactId: string, at: number): void {
  clock = at;
  portal.writes.push({
    type: 'contacts',
    id: contactId,
    at,
    properties: { handoff_status: 'routed', handoff_routed_at: '2026-11-30T09:00:00.000Z' },
  });
}

it('counts decision tasks by marker, whatever the subject, and not escalations', async () => {
  const once = lead();
  const twice = lead();
  task(once, 'Call back: pricing page visit', `[handoff ${PORTAL_ID}-${once}-r1-handoff]`);
  task(once, 'Handoff (escalated): no reply', `[handoff ${PORTAL_ID}-${once}-r1-escalation]`);
  task(twice, 'Handoff (high): demo request', `[handoff ${PORTAL_ID}-${twice}-r1-handoff]`);
  task(twice, 'Handoff (high): demo request', `[handoff ${PORTAL_ID}-${twice}-r1-handoff]`);

  const figures = await leadFigures(portal, store, [once, twice]);

  expect(figures).toMatchObject({ tasks: 3, leadsWithTasks: 2, tasksTwice: 1, lost: 0 });
});

it('counts a rewrite against the goal only when no kill came between it and the applied write', async () => {
  const afterKill = lead();
  const afterTask = lead();
  write(afterKill, 2_000);
  write(afterKill, 4_000);
  write(afterTask, 5_000);
  write(afterTask, 7_000);

  const figures = await leadFigures(portal, store, [afterKill, afterTask], [3_000]);

  expect(figures).toMatchObject({ writes: 4, identicalRewrites: 2, rewritesAfterTaskFailure: 1 });
});
