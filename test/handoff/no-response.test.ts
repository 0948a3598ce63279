import { HandoffError } from '../../src/errors';
import { DEFAULT_PLAYBOOK, loadPlaybook, noResponseVerdict, type SalesActivity } from '../../src/handoff';
import { CONNECTED_CALL_DISPOSITION } from '../../src/handoff/no-response-policy';
import type { BusinessHours } from '../../src/handoff/playbook';

// Monday 2 November 2026, 10:00 UTC: in the default hours (Mon–Fri 09:00–17:00 UTC).
const MQL = Date.parse('2026-11-02T10:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const policy = DEFAULT_PLAYBOOK.noResponse;
const hours = DEFAULT_PLAYBOOK.businessHours;

const call = (at: number, extra: Record<string, string> = {}): SalesActivity => ({
  type: 'calls',
  properties: {
    hs_timestamp: new Date(at).toISOString(),
    hs_call_direction: 'OUTBOUND',
    hs_call_disposition: '73a0d17f-1163-4015-bdd5-ec830791da20', // HubSpot's "No answer"
    hs_call_status: 'COMPLETED',
    ...extra,
  },
});
const email = (at: number, direction = 'EMAIL'): SalesActivity => ({
  type: 'emails',
  properties: {
    hs_timestamp: new Date(at).toISOString(),
    hs_email_direction: direction,
    hs_email_status: 'SENT',
  },
});
const meeting = (at: number, outcome: string): SalesActivity => ({
  type: 'meetings',
  properties: { hs_timestamp: new Date(at).toISOString(), hs_meeting_outcome: outcome },
});

/** Three attempts in the first week: Monday call, Tuesday email, Thursday call. */
const THREE_TRIES = [call(MQL + HOUR), email(MQL + DAY), call(MQL + 3 * DAY)];
// 7 business days from Monday 11:00 end the next Wednesday (11 Nov) at 11:00.
const SEVEN_DAYS_LATER = Date.parse('2026-11-11T11:00:00.000Z');

function verdict(activities: SalesActivity[], now: number, over: Partial<{ hours: BusinessHours }> = {}) {
  return noResponseVerdict({ since: MQL, activities, now, policy, hours: over.hours ?? hours });
}

describe('no response: 3 attempts over at least 7 business days, no reply, connected call or meeting', () => {
  test('three unanswered attempts become no response once 7 business days have passed since the first', () => {
    expect(verdict(THREE_TRIES, SEVEN_DAYS_LATER - 1)).toEqual({
      kind: 'wait',
      checkAt: SEVEN_DAYS_LATER,
      attempts: 3,
    });
    expect(verdict(THREE_TRIES, SEVEN_DAYS_LATER + HOUR)).toEqual({
      kind: 'no_response',
      at: SEVEN_DAYS_LATER,
      attempts: 3,
      summary:
        'No response: 3 attempts (2 calls, 1 email) over 7 business days, no reply, connected call or meeting',
    });
  });

  test('two attempts are not enough, however long ago: it looks again one business day later', () => {
    const friday = Date.parse('2026-11-20T16:00:00.000Z');
    expect(verdict(THREE_TRIES.slice(0, 2), friday)).toEqual({
      kind: 'wait',
      checkAt: Date.parse('2026-11-23T16:00:00.000Z'), // Monday, over the weekend
      attempts: 2,
    });
  });

  test('the third attempt late in the window: no response from that attempt, not before', () => {
    const late = Date.parse('2026-11-12T15:00:00.000Z');
    const tries = [call(MQL + HOUR), email(MQL + DAY), call(late)];
    expect(verdict(tries, late - HOUR)).toMatchObject({ kind: 'wait', attempts: 2 });
    expect(verdict(tries, late + HOUR)).toMatchObject({ kind: 'no_response', at: late });
  });

  test.each([
    ['a reply', email(MQL + 4 * DAY, 'INCOMING_EMAIL'), 'reply'],
    [
      'a connected call',
      call(MQL + 4 * DAY, { hs_call_disposition: CONNECTED_CALL_DISPOSITION }),
      'connected call',
    ],
    ['a call from the lead', call(MQL + 4 * DAY, { hs_call_direction: 'INBOUND' }), 'call from the lead'],
    ['a meeting held', meeting(MQL + 4 * DAY, 'COMPLETED'), 'meeting'],
    ['a meeting booked', meeting(MQL + 4 * DAY, 'SCHEDULED'), 'meeting'],
  ])('%s cancels it for the round', (_name, answer, what) => {
    expect(verdict([...THREE_TRIES, answer], SEVEN_DAYS_LATER + DAY)).toEqual({
      kind: 'contact_made',
      at: MQL + 4 * DAY,
      what,
    });
  });

  test('a missed meeting is an attempt; canceled meetings, unsent emails and calls never placed are not', () => {
    const counted = [call(MQL + HOUR), meeting(MQL + DAY, 'NO_SHOW'), email(MQL + 2 * DAY)];
    expect(verdict(counted, SEVEN_DAYS_LATER + HOUR)).toMatchObject({
      kind: 'no_response',
      summary: expect.stringContaining('1 call, 1 missed meeting, 1 email'),
    });
    const notAttempts: SalesActivity[] = [
      meeting(MQL + DAY, 'CANCELED'),
      {
        type: 'emails',
        properties: {
          hs_timestamp: String(MQL + DAY),
          hs_email_direction: 'EMAIL',
          hs_email_status: 'SCHEDULED',
        },
      },
      call(MQL + 2 * DAY, { hs_call_status: 'CANCELED' }),
    ];
    expect(verdict([call(MQL + HOUR), ...notAttempts], SEVEN_DAYS_LATER + HOUR)).toMatchObject({
      kind: 'wait',
      attempts: 1,
    });
  });

  test('activity before the lead was handed to sales belongs to an earlier round', () => {
    const before = [call(MQL - 5 * DAY), email(MQL - 4 * DAY, 'INCOMING_EMAIL')];
    expect(verdict([...before, ...THREE_TRIES], SEVEN_DAYS_LATER + HOUR)).toMatchObject({
      kind: 'no_response',
      attempts: 3,
    });
  });

  test('holidays in the calendar do not count as days of silence', () => {
    const thanksgiving: BusinessHours = { ...hours, holidays: ['2026-11-05..2026-11-06'] };
    // Two holidays push the end of the 7 business days from Wednesday to the next Friday.
    const friday = Date.parse('2026-11-13T11:00:00.000Z');
    expect(verdict(THREE_TRIES, SEVEN_DAYS_LATER + HOUR, { hours: thanksgiving })).toEqual({
      kind: 'wait',
      checkAt: friday,
      attempts: 3,
    });
    expect(verdict(THREE_TRIES, friday, { hours: thanksgiving })).toMatchObject({ kind: 'no_response' });
  });

  test('the playbook validates the policy and names the field', () => {
    const bad = { ...DEFAULT_PLAYBOOK, noResponse: { ...policy, attempts: 0 } };
    expect(() => loadPlaybook(JSON.stringify(bad), 'playbook.json')).toThrow(HandoffError);
    expect(() => loadPlaybook(JSON.stringify(bad), 'playbook.json')).toThrow(/noResponse\.attempts/);
    expect(policy).toEqual({
      enabled: true,
      attempts: 3,
      businessDays: 7,
      connectedCallDispositions: [CONNECTED_CALL_DISPOSITION],
    });
  });
});
