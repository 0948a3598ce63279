import fc from 'fast-check';
import { PoolMember, PoolState, pickRoundRobin } from '../../src/handoff/weighted-round-robin';
import { NOW } from './fixtures';

const member = (ownerId: string, overrides: Partial<PoolMember> = {}): PoolMember => ({
  ownerId,
  weight: 1,
  archived: false,
  unavailable: [],
  openLeads: 0,
  capacity: null,
  ...overrides,
});

/** Assigns `count` leads in a row, threading the state, and counts who got them. */
function run(members: PoolMember[], count: number, state?: PoolState, prefix = 'c') {
  const got: Record<string, number> = {};
  let current = state;
  for (let lead = 0; lead < count; lead += 1) {
    const result = pickRoundRobin({ members, state: current, now: NOW, key: `${prefix}${lead}` });
    if (result.ownerId) got[result.ownerId] = (got[result.ownerId] ?? 0) + 1;
    current = result.state;
  }
  return { got, state: current };
}

describe('pickRoundRobin', () => {
  test('equal weights alternate strictly, lowest owner id first', () => {
    const order = [];
    let state: PoolState | undefined;
    for (let lead = 0; lead < 6; lead += 1) {
      const result = pickRoundRobin({
        members: [member('3'), member('1'), member('2')],
        state,
        now: NOW,
        key: `c${lead}`,
      });
      order.push(result.ownerId);
      state = result.state;
    }
    expect(order).toEqual(['1', '2', '3', '1', '2', '3']);
  });

  test('weights share leads in proportion', () => {
    expect(run([member('1', { weight: 2 }), member('2')], 9).got).toEqual({ '1': 6, '2': 3 });
  });

  test.each([
    ['archived', { archived: true }, 'archived in HubSpot'],
    ['on leave today', { unavailable: ['2026-11-16..2026-11-20'] }, 'unavailable (2026-11-16..2026-11-20)'],
    ['off today', { unavailable: ['2026-11-18'] }, 'unavailable (2026-11-18)'],
    ['at capacity', { openLeads: 5, capacity: 5 }, 'at capacity (5 of 5 open handoffs)'],
  ])('skips a member %s and says why', (_case, overrides, reason) => {
    const result = pickRoundRobin({
      members: [member('1', overrides), member('2')],
      state: undefined,
      now: NOW,
      key: 'c',
    });
    expect(result.ownerId).toBe('2');
    expect(result.skipped).toEqual([{ ownerId: '1', reason }]);
  });

  test('no eligible member: no owner, state unchanged', () => {
    const state: PoolState = { members: { '1': { served: 4 } }, recent: [] };
    const result = pickRoundRobin({ members: [member('1', { archived: true })], state, now: NOW, key: 'c' });
    expect(result).toEqual({
      ownerId: undefined,
      state,
      skipped: [{ ownerId: '1', reason: 'archived in HubSpot' }],
      replayed: false,
    });
    expect(pickRoundRobin({ members: [], state, now: NOW, key: 'c' }).ownerId).toBeUndefined();
  });

  test('deciding the same contact again returns the same owner without advancing', () => {
    const members = [member('1'), member('2')];
    const first = pickRoundRobin({ members, state: undefined, now: NOW, key: 'contact-9' });
    const again = pickRoundRobin({ members, state: first.state, now: NOW, key: 'contact-9' });
    expect(again.ownerId).toBe(first.ownerId);
    expect(again.replayed).toBe(true);
    expect(again.state).toBe(first.state);
  });

  test('a newcomer starts next in line but claims no backlog', () => {
    const { state } = run([member('1'), member('2')], 20);
    const { got } = run([member('1'), member('2'), member('3')], 3, state, 'later');
    expect(got).toEqual({ '1': 1, '2': 1, '3': 1 });
  });
});

describe('round robin fairness properties', () => {
  type Step =
    | { kind: 'assign'; key: number }
    | { kind: 'redeliver' }
    | { kind: 'toggle'; who: number; what: 'archived' | 'unavailable' | 'capacity' }
    | { kind: 'join' }
    | { kind: 'leave'; who: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('assign' as const), key: fc.nat(40) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('redeliver' as const) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('toggle' as const),
        who: fc.nat(9),
        what: fc.constantFrom('archived' as const, 'unavailable' as const, 'capacity' as const),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('join' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), who: fc.nat(9) }) },
  );

  const eligible = (members: PoolMember[]) =>
    members.filter((m) => !m.archived && m.unavailable.length === 0 && m.capacity === null);

  test('equal-weight eligible members stay within one lead of each other, whatever the roster does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(step, { maxLength: 120 }), (size, steps) => {
        let members = Array.from({ length: size }, (_, i) => member(String(100 + i)));
        let next = 100 + size;
        let assigned = 0;
        let state: PoolState | undefined;
        let last:
          | {
              key: string;
              members: PoolMember[];
              state: PoolState | undefined;
              ownerId?: string;
              result: PoolState;
            }
          | undefined;
        for (const action of steps) {
          if (action.kind === 'join') members = [...members, member(String(next++))];
          if (action.kind === 'leave' && members.length > 1)
            members = members.filter((_, i) => i !== action.who % members.length);
          if (action.kind === 'toggle') {
            const index = action.who % members.length;
            members = members.map((m, i) => {
              if (i !== index) return m;
              if (action.what === 'archived') return { ...m, archived: !m.archived };
              if (action.what === 'unavailable')
                return { ...m, unavailable: m.unavailable.length ? [] : ['2026-11-18'] };
              return { ...m, capacity: m.capacity === null ? 0 : null };
            });
          }
          if (action.kind === 'redeliver' && last) {
            // Before the state was stored: the old state and input give the same owner and new state.
            const replay = pickRoundRobin({
              members: last.members,
              state: last.state,
              now: NOW,
              key: last.key,
            });
            expect(replay.ownerId).toBe(last.ownerId);
            expect(replay.state).toEqual(last.result);
            // After it was stored: the same contact keeps its owner and the turn does not advance.
            const after = pickRoundRobin({ members, state, now: NOW, key: last.key });
            if (last.ownerId && members.some((m) => m.ownerId === last?.ownerId && !m.archived)) {
              expect(after).toEqual({ ownerId: last.ownerId, state, skipped: [], replayed: true });
            }
          }
          if (action.kind === 'assign') {
            const key = `contact-${action.key}-${(assigned += 1)}`;
            const before = state;
            const result = pickRoundRobin({ members, state, now: NOW, key });
            last = { key, members, state: before, ownerId: result.ownerId, result: result.state };
            state = result.state;
            const served = eligible(members).map((m) => state?.members[m.ownerId]?.served ?? 0);
            if (result.ownerId && served.length > 0)
              expect(Math.max(...served) - Math.min(...served)).toBeLessThanOrEqual(1);
          }
        }
      }),
    );
  });

  test('over any run with a fixed roster, leads handed out differ by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.nat(200), (size, count) => {
        const members = Array.from({ length: size }, (_, i) => member(String(i + 1)));
        const counts = members.map((m) => run(members, count).got[m.ownerId] ?? 0);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
    );
  });

  test('the same input state always gives the same choice and new state (restarts, redeliveries)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('1', '2', '3', '4'), fc.record({ served: fc.nat(50) })),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 4, maxLength: 4 }),
        fc.string(),
        (served, weights, key) => {
          const members = weights.map((weight, i) => member(String(i + 1), { weight }));
          const state: PoolState = { members: served, recent: [] };
          const frozen = JSON.stringify(state);
          const first = pickRoundRobin({ members, state, now: NOW, key });
          const second = pickRoundRobin({ members: [...members].reverse(), state, now: NOW, key });
          expect(second).toEqual(first);
          expect(JSON.stringify(state)).toBe(frozen);
        },
      ),
    );
  });
});
