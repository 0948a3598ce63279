import { batchRefusal, contactUpdateRefusals, firstRefusal } from '../../src/hubspot/batch-errors';
import type { BatchResult, SimplePublicObject, StandardError } from '../../src/hubspot/crm';
import { hubspotErrorKind } from '../../src/hubspot/error-kind';
import { record } from './fixtures';

/** A batch answer's error as HubSpot sends it in a 207 (`StandardError` in its OpenAPI files). */
function refusal(message: string, ids: string[]): StandardError {
  return { status: 'error', category: 'VALIDATION_ERROR', message, context: { ids }, errors: [], links: {} };
}

const partial = (errors: StandardError[]): BatchResult<SimplePublicObject> => ({
  results: [record('1')],
  errors,
});

describe('batch refusals', () => {
  it('names each refused contact with its own message, as an error the queue dead-letters', () => {
    const refused = contactUpdateRefusals(
      62515,
      partial([refusal('Property values were not valid', ['2', '3']), refusal('Object not found', ['4'])]),
    );
    expect([...refused.keys()]).toEqual(['2', '3', '4']);
    expect(refused.get('3')?.message).toContain('contact 3: Property values were not valid');
    expect(refused.get('4')?.message).toContain('contact 4: Object not found');
    expect(hubspotErrorKind(refused.get('2'))).toMatchObject({ kind: 'rejected' });
    expect(refused.has('1')).toBe(false);
  });

  it('joins every message of a refused batch into one error, and is undefined when none was refused', () => {
    const error = batchRefusal(
      1,
      'objects.batch.create',
      partial([refusal('a', ['2']), refusal('b', ['3'])]),
    );
    expect(error?.message).toContain('a; b');
    expect(batchRefusal(1, 'objects.batch.create', partial([]))).toBeUndefined();
  });

  it('reads the first refusal’s message', () => {
    expect(firstRefusal(partial([refusal('first', ['2']), refusal('second', ['3'])]))).toBe('first');
    expect(firstRefusal(partial([]))).toBeUndefined();
  });
});
