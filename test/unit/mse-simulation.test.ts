// MSE on simulated populations with a known truth (seeded): the independence model is nearly
// unbiased with ≥ 90% log-normal coverage on independent lists, and stepwise, BIC and AIC find the
// one strong dependence planted between two of four lists.
import { describe, expect, it } from 'vitest';
import type { CaptureTable } from '../../src/core/estimate/history.js';
import { runMse } from '../../src/core/estimate/mse.js';
import { Rng } from '../../src/core/random.js';

/** N individuals; `seen(rng, history so far, list)` says whether list j catches the next one. */
function simulate(rng: Rng, lists: string[], N: number, seen: (rng: Rng, h: number, j: number) => boolean): CaptureTable {
  const counts = new Float64Array(2 ** lists.length);
  for (let i = 0; i < N; i++) {
    let h = 0;
    for (let j = 0; j < lists.length; j++) if (seen(rng, h, j)) h |= 1 << j;
    counts[h]! += 1;
  }
  counts[0] = 0;
  return { lists, counts };
}

describe('independent three-list population of 2,000 (200 replicates)', () => {
  it('main-effects N̂ has |bias| < 3% and log-normal 95% coverage ≥ 0.90', () => {
    const rng = new Rng('mse-simulation');
    const p = [0.3, 0.25, 0.2];
    const N = 2000;
    let sum = 0;
    let covered = 0;
    const reps = 200;
    for (let r = 0; r < reps; r++) {
      const t = simulate(rng, ['A', 'B', 'C'], N, (g, _h, j) => g.bernoulli(p[j]!));
      const m = runMse(t, { model: [1, 2, 4] }).models[0]!;
      expect(m.status).toBe('ok');
      sum += m.N!;
      if (m.ci![0] <= N && N <= m.ci![1]) covered++;
    }
    const bias = sum / reps / N - 1;
    const coverage = covered / reps;
    process.stderr.write(`mse simulation: relative bias ${(100 * bias).toFixed(2)}%, log-normal coverage ${coverage.toFixed(3)}\n`);
    expect(Math.abs(bias)).toBeLessThan(0.03);
    expect(coverage).toBeGreaterThanOrEqual(0.9);
  });
});

describe('four lists with one strong dependence (A and B)', () => {
  // B is four times as likely to catch someone A caught; C and D are independent.
  const t = simulate(new Rng('mse-selection'), ['A', 'B', 'C', 'D'], 5000, (g, h, j) =>
    g.bernoulli(j === 1 ? (h & 1 ? 0.6 : 0.15) : [0.25, 0, 0.2, 0.3][j]!),
  );
  for (const select of ['stepwise', 'bic', 'aic'] as const) {
    it(`${select} picks the A:B interaction${select === 'aic' ? '' : ' and no other'}`, () => {
      const r = runMse(t, { select });
      const interactions = r.selected.terms.filter((x) => x.includes(':'));
      expect(interactions).toContain('A:B');
      if (select !== 'aic') expect(interactions).toEqual(['A:B']);
      // The true N lies in the chosen model's interval; the main-effects model misses it.
      expect(r.selected.ci![0]).toBeLessThanOrEqual(5000);
      expect(r.selected.ci![1]).toBeGreaterThanOrEqual(5000);
    });
  }
  it('the main-effects model, which ignores the dependence, underestimates N', () => {
    const m = runMse(t, { model: [1, 2, 4, 8] }).models[0]!;
    expect(m.ci![1]).toBeLessThan(5000);
  });
});
