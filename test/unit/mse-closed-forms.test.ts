// MSE closed forms: the two-list independence model is Lincoln–Petersen exactly, Chapman and Seber's
// variance, the 3-list all-pairs model's closed form, Chao's lower bound (both branches), and the
// term grammar of --model (hierarchy enforced, exit 2).
import { describe, expect, it } from 'vitest';
import type { CaptureTable } from '../../src/core/estimate/history.js';
import { chaoLowerBound, chapman, chiSq1Tail, logNormalInterval } from '../../src/core/estimate/intervals.js';
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
  it("Chao's lower bound is n + f1²/(2 f2) on a hand-worked table", () => {
    // f1 = 353 + 276 + 358 = 987, f2 = 302 + 131 + 119 = 552, n = 1793.
    expect(runMse(t).chao_lower_bound).toBeCloseTo(1793 + 987 ** 2 / (2 * 552), 9);
  });
  it("Chao's lower bound falls back to the bias-corrected n + f1(f1 − 1)/2 when f2 = 0", () => {
    expect(chaoLowerBound(10, 4, 0)).toBe(16);
    expect(chaoLowerBound(10, 4, 2)).toBe(14);
  });
});

describe('non-existent MLE', () => {
  // A and B never overlap: the A:B sufficient statistic is 0, so its MLE is −∞.
  const t = table(['A', 'B', 'C'], { '100': 50, '010': 40, '001': 30, '101': 10, '011': 12 });
  it('a model with a zero-overlap interaction reports mle_does_not_exist and no NaN or Infinity', () => {
    const r = runMse(t, { model: parseModel('A + B + C + A:B', t.lists) });
    expect(r.models[0]).toMatchObject({ terms: ['A', 'B', 'C', 'A:B'], N: null, se: null, ci: null, deviance: null, status: 'mle_does_not_exist' });
    expect(r.selected).toMatchObject({ N: null, ci: null });
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });
  it('stepwise and BIC never choose the non-existent interaction', () => {
    for (const select of ['stepwise', 'bic', 'aic'] as const) {
      const r = runMse(t, { select });
      expect(r.selected.terms).not.toContain('A:B');
      expect(r.selected.N).not.toBeNull();
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

describe('χ²₁ tail', () => {
  it('gives 0.05 at 3.841 and 0.02 at 5.412', () => {
    expect(chiSq1Tail(3.841458820694124)).toBeCloseTo(0.05, 6);
    expect(chiSq1Tail(5.411894431)).toBeCloseTo(0.02, 6);
  });
});
