import { closeSla, outcomeProperties } from '../../src/handoff/outcome-properties';

const AT = Date.UTC(2026, 10, 2, 9, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

describe('outcomeProperties', () => {
  it('sets the outcome, the first action and closes a pending SLA as met before the due time', () => {
    expect(
      outcomeProperties(
        { outcome: 'accepted', reasonId: null, note: null, at: AT },
        { handoff_sla_status: 'pending', handoff_sla_due_at: iso(AT + 60_000) },
      ),
    ).toEqual({ handoff_outcome: 'accepted', handoff_first_action_at: iso(AT), handoff_sla_status: 'met' });
  });

  it('keeps the first action and the SLA of an earlier action, and clears a stale reason', () => {
    expect(
      outcomeProperties(
        { outcome: 'nurture_ready', reasonId: null, note: '  ', at: AT },
        {
          handoff_outcome: 'disqualified',
          handoff_disqualification_reason: 'poor_fit',
          handoff_first_action_at: iso(AT - 5),
          handoff_sla_status: 'met',
        },
      ),
    ).toEqual({ handoff_outcome: 'nurture_ready', handoff_disqualification_reason: '' });
  });

  it('writes nothing when the same outcome is already there', () => {
    expect(
      outcomeProperties(
        { outcome: 'disqualified', reasonId: 'poor_fit', note: 'agency', at: AT },
        {
          handoff_outcome: 'disqualified',
          handoff_disqualification_reason: 'poor_fit',
          handoff_feedback_note: 'agency',
          handoff_first_action_at: iso(AT - 5),
        },
      ),
    ).toEqual({});
  });
});

describe('closeSla', () => {
  it('is met up to the due time, breached after it, and leaves decided or due-less SLAs alone', () => {
    expect(closeSla('pending', iso(AT), AT)).toBe('met');
    expect(closeSla('pending', iso(AT), AT + 1)).toBe('breached');
    expect(closeSla(null, iso(AT), AT + 1)).toBe('breached');
    expect(closeSla('breached', iso(AT), AT - 1)).toBeUndefined();
    expect(closeSla('not_applicable', iso(AT), AT)).toBeUndefined();
    expect(closeSla('pending', '', AT)).toBeUndefined();
  });
});
