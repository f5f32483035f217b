import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DurationHistogram } from '../../src/audit/histogram.js';

describe('step duration histograms', () => {
  it('give back any single duration, a second to a month, within 2.5% (and a second) as its median (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 31 * 86_400, noNaN: true }), (s) => {
        const h = new DurationHistogram();
        h.add(s);
        expect(Math.abs(h.quantile(0.5)! - s)).toBeLessThanOrEqual(0.025 * s + 1);
      }),
      { numRuns: 2000 },
    );
  });

  it('keep durations in order across the table they read short ones from', () => {
    const medians = [4000, 4095, 4096, 4097, 4200, 86_399, 86_400, 90_000].map((s) => {
      const h = new DurationHistogram();
      h.add(s);
      return h.quantile(0.5)!;
    });
    expect(medians).toEqual([...medians].sort((a, b) => a - b));
  });
});
