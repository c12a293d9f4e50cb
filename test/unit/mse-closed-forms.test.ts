// MSE closed forms: the two-list independence model is Lincoln–Petersen exactly, Chapman and Seber's
// variance, the 3-list all-pairs model's closed form, an extended MLE whose facial-set fit is
// saturated, Chao's lower bound (both branches), the Poisson tails of the stepwise test, and the term
// grammar of --model (hierarchy enforced, exit 2).
import { describe, expect, it } from 'vitest';
import type { CaptureTable } from '../../src/core/estimate/history.js';
import { chaoLowerBound, chapman, logNormalInterval, normalCdf, poissonCdf, poissonOneSided, poissonUpper } from '../../src/core/estimate/intervals.js';
import { logGamma } from '../../src/core/random.js';
import { MseFitter, runMse } from '../../src/core/estimate/mse.js';
import { parseModel } from '../../src/core/estimate/terms.js';
import { GrayscopeError } from '../../src/core/errors.js';

const table = (lists: string[], cells: Record<string, number>): CaptureTable => {
  const counts = new Float64Array(2 ** lists.length);
  for (const [h, c] of Object.entries(cells)) counts[[...h].reduce((m, b, j) => m | (b === '1' ? 1 << j : 0), 0)] = c;
  return { lists, counts };
};

describe('two lists', () => {
  const t = table(['A', 'B'], { '10': 40, '01': 30, '11': 20 });
  it('the independence model gives the Lincoln–Petersen estimate n1·n2/m', () => {
    const r = runMse(t);
    expect(r.models).toHaveLength(1);
    expect(r.models[0]!.terms).toEqual(['A', 'B']);
    expect(r.models[0]!.N).toBeCloseTo((60 * 50) / 20, 9);
    expect(r.models[0]!.df).toBe(0);
  });
  it('reports no N for two lists that never overlap, not Chapman’s (n1 + 1)(n2 + 1) − 1', () => {
    // 10 cases on each list, none on both: Chapman's formula gives 120 although nothing links the lists.
    const r = runMse({ lists: ['A', 'B'], counts: Float64Array.from([0, 10, 10, 0]) });
    expect(r.models[0]!.status).toBe('not_identifiable');
    expect(r.selected).toMatchObject({ N: null, ci: null, ci_method: null });
    // One case in common is enough for Chapman.
    expect(runMse({ lists: ['A', 'B'], counts: Float64Array.from([0, 10, 10, 1]) }).selected.N).toBeCloseTo((12 * 12) / 2 - 1, 9);
  });
  it('selects Chapman (1951) with Seber variance and a log-normal interval', () => {
    const c = chapman(60, 50, 20);
    expect(c.N).toBeCloseTo((61 * 51) / 21 - 1, 12);
    expect(c.variance).toBeCloseTo((61 * 51 * 40 * 30) / (21 ** 2 * 22), 9);
    const r = runMse(t);
    expect(r.selected.N).toBeCloseTo(c.N, 12);
    expect(r.selected.ci_method).toBe('chapman_lognormal');
    expect(r.selected.ci).toEqual(logNormalInterval(90, c.N, c.variance));
    expect(r.selected.ci![0]).toBeGreaterThan(90);
    expect(r.selected.ci![0]).toBeLessThan(c.N);
    expect(r.selected.ci![1]).toBeGreaterThan(c.N);
  });
});

describe('three lists', () => {
  const cells = { '100': 353, '010': 276, '110': 302, '001': 358, '101': 131, '011': 119, '111': 254 };
  const t = table(['A', 'B', 'C'], cells);
  it('the all-pairs model has the closed form N = n + y100·y010·y001·y111 / (y110·y101·y011)', () => {
    const f = new MseFitter(t);
    const fitted = f.fit(parseModel('A + B + C + A:B + A:C + B:C', t.lists));
    const n = Object.values(cells).reduce((a, b) => a + b, 0);
    expect(fitted.status).toBe('ok');
    expect(fitted.df).toBe(0);
    expect(fitted.N).toBeCloseTo(n + (353 * 276 * 358 * 254) / (302 * 131 * 119), 6);
  });
  it("Chao's lower bound is n + ((t − 1)/t)·f1²/(2 f2) on a hand-worked table, t = 3 lists", () => {
    // f1 = 353 + 276 + 358 = 987, f2 = 302 + 131 + 119 = 552, n = 1793: 1793 + (2/3)·987²/1104 = 2381.266.
    expect(runMse(t).chao_lower_bound).toBeCloseTo(1793 + ((2 / 3) * 987 ** 2) / (2 * 552), 9);
    expect(runMse(t).chao_lower_bound).toBeCloseTo(2381.266, 3);
  });
  it("Chao's lower bound falls back to the bias-corrected n + ((t − 1)/t)·f1(f1 − 1)/(2(f2 + 1)) when f2 = 0", () => {
    expect(chaoLowerBound(10, 4, 0, 4)).toBe(10 + (3 / 4) * 6);
    expect(chaoLowerBound(10, 4, 2, 4)).toBe(10 + (3 / 4) * 4);
    // Two lists: half the t → ∞ form.
    expect(chaoLowerBound(10, 4, 2, 2)).toBe(12);
  });
});

describe('pairs of lists that never overlap: the extended MLE', () => {
  // SparseMSE's Artificial_3 (Chan, Silverman & Vincent 2021, Table 2): A and C, B and C never overlap.
  const t = table(['A', 'B', 'C'], { '100': 40, '010': 30, '001': 20, '110': 6 });
  it('with A:C and B:C at −∞ the four cells left are fitted exactly: N = n + y100·y010/y110', () => {
    const f = new MseFitter(t);
    const fitted = f.fit(parseModel('A + B + C + A:C + B:C', t.lists));
    expect(fitted.status).toBe('extended_mle');
    expect(fitted.zeroTerms).toEqual([0b101, 0b110]);
    expect(fitted.N).toBeCloseTo(96 + (40 * 30) / 6, 9);
    // Four cells, four identifiable parameters: nothing left to test the fit with.
    expect(fitted.df).toBe(0);
    expect(fitted.deviance).toBeCloseTo(0, 9);
    // AIC counts the two parameters at −∞ (SparseMSE's modelfit adds 2 for each).
    expect(fitted.aic).toBeCloseTo(-2 * fitted.loglik + 2 * 6, 9);
  });
  it('with A:B the facial set does not identify N: not_identifiable, null numbers, no NaN or Infinity', () => {
    const r = runMse(t, { model: parseModel('A + B + C + A:B', t.lists) });
    expect(r.models[0]).toMatchObject({ terms: ['A', 'B', 'C', 'A:B'], N: null, se: null, ci: null, deviance: null, status: 'not_identifiable' });
    expect(r.selected).toMatchObject({ N: null, ci: null });
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });
  it('stepwise, BIC and AIC never choose a model whose N is not identifiable', () => {
    for (const select of ['stepwise', 'bic', 'aic'] as const) {
      const r = runMse(t, { select });
      expect(r.selected.N, select).not.toBeNull();
      expect(r.models.every((m) => m.status === 'ok' || m.status === 'extended_mle'), select).toBe(true);
      expect(r.selected.terms, select).not.toContain('A:B');
      expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
    }
  });
});

describe('--model terms', () => {
  const lists = ['A', 'B', 'C', 'D'];
  it('parses R-style terms into main effects then interactions, adding main effects', () => {
    expect(parseModel('A + B + C + D + A:B', lists)).toEqual([1, 2, 4, 8, 3]);
    expect(parseModel('B:A', lists)).toEqual([1, 2, 4, 8, 3]);
  });
  it('refuses a non-hierarchical model with a usage error (exit 2) naming the missing term', () => {
    const err = (() => {
      try {
        parseModel('A + B + C + A:B:C + A:B + A:C', lists);
      } catch (e) {
        return e;
      }
    })() as GrayscopeError;
    expect(err).toBeInstanceOf(GrayscopeError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/not hierarchical.*B:C/);
  });
  it('refuses unknown lists and the unidentifiable k-way term', () => {
    expect(() => parseModel('A + E', lists)).toThrow(/"E" is not a list/);
    expect(() => parseModel('A:B:C:D', lists)).toThrow(/cannot be estimated/);
  });
});

describe('Poisson tails of the stepwise test', () => {
  /** Σ_{j ≤ n} e^{−λ} λ^j / j!, term by term in log space: an independent route to P(X ≤ n). */
  const direct = (n: number, lambda: number) => {
    let s = 0;
    let logTerm = -lambda;
    for (let j = 0; j <= n; j++) {
      if (j > 0) logTerm += Math.log(lambda) - Math.log(j);
      s += Math.exp(logTerm);
    }
    return s;
  };
  it('P(X ≤ 0) = e^{−λ}, P(X ≤ 2 | λ = 1) = 2.5/e, P(X ≥ 0) = 1, P(X ≥ 3 | λ = 1) = 1 − 2.5/e', () => {
    expect(poissonCdf(0, 3.7)).toBeCloseTo(Math.exp(-3.7), 12);
    expect(poissonCdf(2, 1)).toBeCloseTo(2.5 / Math.E, 12);
    expect(poissonUpper(0, 5)).toBe(1);
    expect(poissonUpper(3, 1)).toBeCloseTo(1 - 2.5 / Math.E, 12);
  });
  it('agrees with the term-by-term sum in both tails, far out included, to 1e-10 relative', () => {
    for (const [n, lambda] of [[5, 30], [40, 12], [120, 150], [300, 200], [7, 7.5], [0, 0.3]] as const) {
      const lower = direct(n, lambda);
      expect(Math.abs(poissonCdf(n, lambda) - lower) / lower, `P(X ≤ ${n} | ${lambda})`).toBeLessThan(1e-10);
      const upper = 1 - direct(n - 1, lambda);
      if (upper > 1e-3) expect(Math.abs(poissonUpper(n, lambda) - upper) / upper, `P(X ≥ ${n} | ${lambda})`).toBeLessThan(1e-10);
    }
  });
  it('keeps its accuracy for means in the millions to the trillions (overlaps of lists in the billions)', () => {
    // Reference: the term-by-term sum in log space around the mode, enough terms to be exact.
    const tail = (n: number, lambda: number, lowerTail: boolean) => {
      const logPmf = (j: number) => -lambda + j * Math.log(lambda) - logGamma(j + 1);
      const sd = Math.sqrt(lambda);
      let s = 0;
      if (lowerTail) for (let j = n; j >= Math.max(0, n - 40 * sd); j--) s += Math.exp(logPmf(j));
      else for (let j = n; j <= n + 40 * sd; j++) s += Math.exp(logPmf(j));
      return s;
    };
    for (const lambda of [2e5, 1e6, 1e8, 1e10, 1e12]) {
      for (const z of [-3, -1, 0, 0.5, 1, 3]) {
        const n = Math.round(lambda + z * Math.sqrt(lambda));
        if (lambda <= 1e8) {
          const lo = tail(n, lambda, true);
          const hi = tail(n, lambda, false);
          expect(Math.abs(poissonCdf(n, lambda) - lo) / lo, `P(X ≤ ${n} | ${lambda})`).toBeLessThan(1e-4);
          expect(Math.abs(poissonUpper(n, lambda) - hi) / hi, `P(X ≥ ${n} | ${lambda})`).toBeLessThan(1e-4);
        }
        // At every scale the tails are those of N(λ, λ) to within a continuity correction.
        expect(Math.abs(poissonCdf(n, lambda) - normalCdf((n + 0.5 - lambda) / Math.sqrt(lambda))), `P(X ≤ ${n} | ${lambda})`).toBeLessThan(2e-3);
        expect(Math.abs(poissonUpper(n, lambda) - normalCdf(-(n - 0.5 - lambda) / Math.sqrt(lambda))), `P(X ≥ ${n} | ${lambda})`).toBeLessThan(2e-3);
      }
    }
    // A perfectly fitted overlap is never significant, however large.
    for (const lambda of [1e8, 1e10, 1e12, 4e15]) expect(poissonOneSided(lambda, lambda), `${lambda}`).toBeGreaterThan(0.49);
  });
  it('the stepwise p-value is the smaller tail: a zero overlap where 4 cases were expected gives e^{−4}', () => {
    expect(poissonOneSided(0, 4)).toBeCloseTo(Math.exp(-4), 12);
    expect(poissonOneSided(40, 12)).toBeCloseTo(poissonUpper(40, 12), 12);
    expect(poissonOneSided(3, 40)).toBeCloseTo(poissonCdf(3, 40), 12);
  });
});
