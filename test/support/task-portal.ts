import nock from 'nock';
import { hubspotPaths } from '../../src/hubspot/paths';
import { record } from '../hubspot/fixtures';
import { HUBSPOT_TEST_BASE_URL } from './hubspot-mock';
import { responseMismatches, requestMismatches } from './openapi';

/** What the fault hook does to one call: answer normally, or fail after or instead of applying it. */
export type Fault = 'none' | 'apply-then-502' | '503' | { status: 400; message: string };

const STAMP = '2026-11-02T09:00:00.000Z';
const CORRELATION_ID = 'c0ffee00-7f07-4993-9211-075dc63e7cbf';

/**
 * A HubSpot portal that keeps the contacts' writes and the tasks created, with their associations,
 * and can fail any call (before or after applying it). Every request and every answer is checked
 * against HubSpot's OpenAPI files. For exactly-once tests: what HubSpot holds is in `tasks` and
 * `contactWrites`, whatever the app believed.
 */
export class TaskPortal {
  readonly tasks = new Map<string, { contactId: string; properties: Record<string, string> }>();
  readonly contactWrites: Array<{ id: string; properties: Record<string, string> }> = [];
  readonly mismatches: string[] = [];
  calls = 0;
  private nextId = 88_000;

  constructor(private readonly fault: (call: { path: string; n: number }) => Fault = () => 'none') {
    const scope = nock(HUBSPOT_TEST_BASE_URL).persist();
    // Each route reads the body in HubSpot's documented shape (checked above against the OpenAPI file).
    const routes: Array<[string, (body: never) => [number, unknown]]> = [
      [hubspotPaths.objectsBatchUpdate('contacts'), (body) => this.update(body)],
      [hubspotPaths.objectsBatchCreate('tasks'), (body) => this.create(body)],
      [hubspotPaths.associationsBatchRead('contacts', 'tasks'), (body) => this.associated(body)],
      [hubspotPaths.objectsBatchRead('tasks'), (body) => this.read(body)],
    ];
    for (const [path, answer] of routes) {
      scope.post(path).reply((uri, body) => {
        this.calls += 1;
        this.mismatches.push(
          ...requestMismatches({ method: 'POST', path: uri, body, contentType: 'application/json' }),
        );
        const fault = this.fault({ path, n: this.calls });
        if (fault === '503')
          return [503, { status: 'error', message: 'Service unavailable', correlationId: CORRELATION_ID }];
        if (typeof fault === 'object') {
          return [
            400,
            {
              status: 'error',
              category: 'VALIDATION_ERROR',
              message: fault.message,
              correlationId: CORRELATION_ID,
            },
          ];
        }
        const [status, payload] = answer(body as never);
        this.mismatches.push(...responseMismatches({ method: 'POST', path: uri, status, body: payload }));
        return fault === 'apply-then-502' ? [502, 'Bad Gateway'] : [status, payload];
      });
    }
  }

  static stop(): void {
    nock.cleanAll();
  }

  tasksOf(contactId: string): number {
    return [...this.tasks.values()].filter((task) => task.contactId === contactId).length;
  }

  private update(body: {
    inputs: Array<{ id: string; properties: Record<string, string> }>;
  }): [number, unknown] {
    this.contactWrites.push(...body.inputs);
    return [200, batch(body.inputs.map((input) => record(input.id, input.properties)))];
  }

  private create(body: {
    inputs: Array<{ properties: Record<string, string>; associations: Array<{ to: { id: string } }> }>;
  }): [number, unknown] {
    const results = body.inputs.map((input) => {
      const id = String((this.nextId += 1));
      this.tasks.set(id, { contactId: input.associations[0]?.to.id ?? '', properties: input.properties });
      return record(id, input.properties);
    });
    return [201, batch(results)];
  }

  private associated(body: { inputs: Array<{ id: string }> }): [number, unknown] {
    const results = body.inputs.map((input) => ({
      from: { id: input.id },
      to: [...this.tasks]
        .filter(([, task]) => task.contactId === input.id)
        .map(([id]) => ({
          toObjectId: id,
          associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 204 }],
        })),
    }));
    return [200, batch(results)];
  }

  private read(body: { inputs: Array<{ id: string }>; properties: string[] }): [number, unknown] {
    const results = body.inputs.flatMap((input) => {
      const task = this.tasks.get(input.id);
      if (!task) return [];
      const wanted = Object.fromEntries(body.properties.map((name) => [name, task.properties[name] ?? null]));
      return [record(input.id, wanted)];
    });
    return [200, batch(results)];
  }
}

function batch(results: unknown[]) {
  return { status: 'COMPLETE', results, startedAt: STAMP, completedAt: STAMP };
}
