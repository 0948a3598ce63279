import { DEFAULT_PLAYBOOK, loadPlaybook } from '../../src/handoff';
import { isRating, ratingProperties } from '../../src/handoff/lead-rating';
import { nextStepProperties, nextStepTaskSubject } from '../../src/handoff/next-step';

const AT = Date.parse('2026-11-02T09:20:00.000Z');

function withRatingReasons(reasons: unknown): string {
  return JSON.stringify({ ...DEFAULT_PLAYBOOK, leadRating: { reasons } });
}

describe('lead-quality rating', () => {
  it('is a whole number from 1 to 5', () => {
    expect([1, 2, 3, 4, 5].every(isRating)).toBe(true);
    expect([0, 6, 3.5, '4', null, undefined, Number.NaN].some(isRating)).toBe(false);
  });

  it('writes rating, reason and time; no reason clears the previous one', () => {
    expect(ratingProperties({ rating: 4, reasonId: 'great_fit', at: AT })).toEqual({
      handoff_lead_rating: '4',
      handoff_lead_rating_reason: 'great_fit',
      handoff_lead_rated_at: '2026-11-02T09:20:00.000Z',
    });
    expect(ratingProperties({ rating: 2, reasonId: null, at: AT }).handoff_lead_rating_reason).toBe('');
  });

  it('takes its reasons from the playbook, the standard list by default', () => {
    expect(DEFAULT_PLAYBOOK.leadRating.reasons.map((reason) => reason.id)).toEqual([
      'great_fit',
      'wrong_persona',
      'no_budget',
      'bad_data',
      'not_ready',
    ]);
    const own = [{ id: 'champion_found', label: 'Found a champion' }];
    expect(loadPlaybook(withRatingReasons(own), 'playbook.json').leadRating.reasons).toEqual(own);
  });

  it('refuses rating reasons HubSpot could not hold as options, naming the field', () => {
    expect(() => loadPlaybook(withRatingReasons([{ id: 'Great Fit', label: 'Great' }]), 'p.json')).toThrow(
      /leadRating\.reasons\.0\.id.*lower-case letters, digits and _/,
    );
    const twice = [
      { id: 'great_fit', label: 'Great' },
      { id: 'great_fit', label: 'Also great' },
    ];
    expect(() => loadPlaybook(withRatingReasons(twice), 'p.json')).toThrow(
      /rating reason ids must be unique/,
    );
    expect(() => loadPlaybook(withRatingReasons([]), 'p.json')).toThrow(/leadRating\.reasons/);
  });
});

describe('next step', () => {
  const step = { what: 'Call to book a demo', dueAt: Date.parse('2026-11-03T15:00:00.000Z') };

  it('writes what and when to the contact', () => {
    expect(nextStepProperties(step)).toEqual({
      handoff_next_step: 'Call to book a demo',
      handoff_next_step_at: '2026-11-03T15:00:00.000Z',
    });
  });

  it('names the step in the owner’s task subject', () => {
    expect(nextStepTaskSubject(step)).toBe('Next step: Call to book a demo');
  });
});
