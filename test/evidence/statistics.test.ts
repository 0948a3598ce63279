import { liftInterval, median, tooFewText, wilsonInterval, zFor } from '../../src/evidence/statistics';

describe('evidence statistics on hand-computed tables', () => {
  it('uses the normal quantile for the confidence level', () => {
    expect(zFor(0.95)).toBeCloseTo(1.959964, 6);
    expect(zFor(0.9)).toBeCloseTo(1.644854, 6);
    expect(() => zFor(95)).toThrow(/use 0.95 for 95%/);
  });

  it("gives Wilson's interval for 8 opportunities of 20 MQLs", () => {
    // p = 0.4, z² = 3.8415: centre (0.4 + 0.0960) / 1.1921 = 0.4161, half 1.6442 × 0.1200 = 0.1973.
    const interval = wilsonInterval(8, 20);
    expect(interval.low).toBeCloseTo(0.2188, 4);
    expect(interval.high).toBeCloseTo(0.6134, 4);
  });

  it('keeps the interval inside 0–1 at the edges, and says nothing for no leads', () => {
    const none = wilsonInterval(0, 10);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(10, 10).high).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it("gives the lift of 30/100 over 15/100 with Katz's interval", () => {
    // ratio 2; se = √(1/30 − 1/100 + 1/15 − 1/100) = √0.08 = 0.2828; 2·e^(±1.96·0.2828).
    const lift = liftInterval(30, 100, 15, 100);
    expect(lift?.ratio).toBeCloseTo(2, 10);
    expect(lift?.interval.low).toBeCloseTo(1.1489, 3);
    expect(lift?.interval.high).toBeCloseTo(3.4817, 3);
  });

  it('adds half a count when a side has no opportunities, and gives no lift for an empty side', () => {
    const lift = liftInterval(5, 40, 0, 40);
    // (5.5 / 40.5) / (0.5 / 40.5) = 11.
    expect(lift?.ratio).toBeCloseTo(11, 10);
    expect(Number.isFinite(lift?.interval.high)).toBe(true);
    expect(liftInterval(5, 40, 0, 0)).toBeNull();
  });

  it('writes the sample-size guard and the median', () => {
    expect(tooFewText(12)).toBe('too few (n=12)');
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
