import { describe, expect, it } from 'vitest';
import { annualised, cagr, change, growthInterval, METRICS, percentagePoints } from '../../src/core/growth.js';
import { Rng } from '../../src/core/random.js';

describe('growth conventions', () => {
  it('reproduces the public figures: 2,800 亿 against 2,000 亿 two years earlier is +40%, 18.3% a year', () => {
    expect(change(2800, 2000)).toBeCloseTo(0.4, 12);
    expect(annualised(0.4, 2)).toBeCloseTo(Math.sqrt(1.4) - 1, 12);
    expect(annualised(0.4, 2)! * 100).toBeCloseTo(18.32, 2);
    expect(cagr(2000, 2800, 2)).toBeCloseTo(0.1832, 4);
    expect(METRICS.cagr_2y(2800, 2000)).toBeCloseTo(0.1832, 4);
  });

  it('has no growth from a zero or negative base', () => {
    expect(change(10, 0)).toBeUndefined();
    expect(cagr(0, 10, 2)).toBeUndefined();
  });

  it('changes in shares are percentage points', () => {
    expect(percentagePoints(0.33, 0.3)).toBeCloseTo(3, 12);
  });

  it('a paired percentile interval covers the true growth in about 95% of simulated studies', () => {
    // Both estimates lognormal around known values; the interval from 400 replicates should cover
    // the true +40% in close to 95% of 300 studies.
    const rng = new Rng(11);
    let covered = 0;
    const studies = 300;
    for (let s = 0; s < studies; s++) {
      const shift = rng.normal() * 0.05;
      const cur = 2800 * Math.exp(shift + rng.normal() * 0.05);
      const base = 2000 * Math.exp(rng.normal() * 0.05);
      const reps = 400;
      const c: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < reps; r++) {
        c.push(cur * Math.exp(rng.normal() * Math.hypot(0.05, 0.05)));
        b.push(base * Math.exp(rng.normal() * 0.05));
      }
      const ci = growthInterval(c, b, change)!;
      if (ci[0] <= 0.4 && 0.4 <= ci[1]) covered++;
    }
    expect(covered / studies).toBeGreaterThan(0.88);
    expect(covered / studies).toBeLessThan(0.995);
  });
});
