import { nextStepJobs } from '../../src/card/record-feedback';
import { HubSpotCrm } from '../../src/hubspot/crm';
import { hubspotPaths } from '../../src/hubspot/paths';
import {
  createContactTasks,
  taskBody,
  taskPriorityOf,
  taskProperties,
} from '../../src/hubspot/task-requests';
import { HubSpotMock } from '../support/hubspot-mock';
import { batchResponse, record, testClient } from './fixtures';

const STAMP = '2026-11-03T15:00:00.000Z';

describe('task requests', () => {
  it('is an open to-do for its owner, with a reminder only when asked', () => {
    const fields = {
      dueAt: STAMP,
      subject: 'Call Ada',
      body: 'why',
      priority: 'HIGH' as const,
      ownerId: '77',
    };
    expect(taskProperties(fields)).toEqual({
      hs_timestamp: STAMP,
      hs_task_subject: 'Call Ada',
      hs_task_body: 'why',
      hs_task_status: 'NOT_STARTED',
      hs_task_priority: 'HIGH',
      hs_task_type: 'TODO',
      hubspot_owner_id: '77',
    });
    expect(taskProperties({ ...fields, reminderAt: 1_700_000_000_000 })).toMatchObject({
      hs_task_reminders: '1700000000000',
    });
  });

  it('maps lead priorities to HubSpot’s, MEDIUM when there is none', () => {
    expect(['high', 'medium', 'low', null, 'urgent'].map((p) => taskPriorityOf(p))).toEqual([
      'HIGH',
      'MEDIUM',
      'LOW',
      'MEDIUM',
      'MEDIUM',
    ]);
  });

  it("makes a next step a to-do for the owner, due at the step's time", () => {
    const [task] = nextStepJobs({
      id: 1,
      portalId: 62515,
      contactId: '101',
      round: 1,
      what: 'Call to book a demo',
      dueAt: Date.parse(STAMP),
      ownerId: '111',
      requestedBy: 'user:5',
      requestedAt: Date.parse(STAMP) - 86_400_000,
      requestId: 'r1',
    });
    expect((task?.payload as { properties: unknown }).properties).toEqual({
      hs_timestamp: STAMP,
      hs_task_subject: 'Next step: Call to book a demo',
      hs_task_body: 'Call to book a demo\n\nRecorded on the Handoff card.\n\n[handoff 62515-101-r1-next-r1]',
      hs_task_status: 'NOT_STARTED',
      hs_task_priority: 'MEDIUM',
      hs_task_type: 'TODO',
      hubspot_owner_id: '111',
    });
  });

  it('creates tasks on their contacts’ timelines in one batch, and reads their bodies back', async () => {
    const path = hubspotPaths.objectsBatchCreate('tasks');
    const created = record('9001', { hs_task_body: 'why\n\n[handoff 1-101-r1-handoff]' });
    const mock = new HubSpotMock().reply('POST', path, 201, batchResponse([created]));
    const properties = taskProperties({
      dueAt: STAMP,
      subject: 'Call Ada',
      body: 'why\n\n[handoff 1-101-r1-handoff]',
      priority: 'MEDIUM',
      ownerId: '77',
    });
    const answer = await createContactTasks(new HubSpotCrm(testClient()), [{ contactId: '101', properties }]);
    expect(mock.calls[0]?.body).toEqual({
      inputs: [
        {
          properties,
          associations: [
            {
              to: { id: '101' },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }],
            },
          ],
        },
      ],
    });
    expect(answer.results.map(taskBody)).toEqual(['why\n\n[handoff 1-101-r1-handoff]']);
    mock.done();
  });
});
