// Existence of the MLE, the facial set of the extended MLE and the identifiability of N, before
// fitting (existence.ts, simplex.ts): the simplex on textbook LPs; a pair of lists with no overlap; a
// table whose every list and pair has cases but whose statistics lie on the boundary of the marginal
// cone (every case on B is also on A); ordinary tables; agreement with Fienberg & Rinaldo's own LP
// (max s s.t. X'x = X'y, x ≥ s, as SparseMSE's checkident) and with the facial set found cell by cell
// from the other side (max x_z s.t. X'x = X'y, x ≥ 0) on random sparse tables; and model choice that
// takes the extended MLE but never a model whose N is not identifiable.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExistenceChecker, pivotedCholesky } from '../../src/core/estimate/existence.js';
import type { CaptureTable } from '../../src/core/estimate/history.js';
import { parseCaptureHistories } from '../../src/core/estimate/history.js';
import { MseFitter, runMse } from '../../src/core/estimate/mse.js';
import { simplex } from '../../src/core/estimate/simplex.js';
import { allPairs, isHierarchical, mainEffects, parseModel, popcount } from '../../src/core/estimate/terms.js';
import { Rng } from '../../src/core/random.js';
import { REPO } from '../helpers/cli.js';

const fixture = (name: string) => parseCaptureHistories(readFileSync(join(REPO, 'fixtures', 'mse', `${name}.csv`), 'utf8'), `${name}.csv`);

describe('simplex', () => {
  it('solves a textbook maximisation (max 3x + 5y, x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18: 36 at (2, 6))', () => {
    // Slacks make the inequalities equalities: x, y, s1, s2, s3 ≥ 0.
    const A = [1, 0, 1, 0, 0, 0, 2, 0, 1, 0, 3, 2, 0, 0, 1];
    const r = simplex({ A, m: 3, n: 5, b: [4, 12, 18], c: [3, 5, 0, 0, 0] });
    expect(r.status).toBe('optimal');
    expect(r.value).toBeCloseTo(36, 10);
    expect(r.x[0]).toBeCloseTo(2, 10);
    expect(r.x[1]).toBeCloseTo(6, 10);
  });
  it('needs phase 1 for equalities with negative right-hand sides, and finds the minimum', () => {
    // min x + y (max −x − y) s.t. x − y = −2, x + y − s = 4: optimum at x = 1, y = 3.
    const r = simplex({ A: [1, -1, 0, 1, 1, -1], m: 2, n: 3, b: [-2, 4], c: [-1, -1, 0] });
    expect(r.status).toBe('optimal');
    expect(r.value).toBeCloseTo(-4, 10);
    expect([r.x[0], r.x[1]].map((v) => +v!.toFixed(9))).toEqual([1, 3]);
  });
  it('reports an infeasible system (x + y = 1 and x + y = 2) and an unbounded objective', () => {
    expect(simplex({ A: [1, 1, 1, 1], m: 2, n: 2, b: [1, 2] }).status).toBe('infeasible');
    expect(simplex({ A: [1, -1], m: 1, n: 2, b: [1], c: [1, 0] }).status).toBe('unbounded');
  });
  it('gives a Farkas certificate w with w\'A ≥ 0 and w\'b < 0 for infeasible systems, negative right-hand sides included', () => {
    const cases = [
      { A: [1, 1, 1, 1], m: 2, n: 2, b: [1, 2] },
      // x − y = −3, x − y + z = 1, 2x + y + z = −1: the last cannot hold with x, y, z ≥ 0.
      { A: [1, -1, 0, 1, -1, 1, 2, 1, 1], m: 3, n: 3, b: [-3, 1, -1] },
    ];
    for (const lp of cases) {
      const r = simplex(lp);
      expect(r.status).toBe('infeasible');
      const w = r.farkas!;
      for (let j = 0; j < lp.n; j++) {
        let s = 0;
        for (let i = 0; i < lp.m; i++) s += w[i]! * lp.A[i * lp.n + j]!;
        expect(s).toBeGreaterThanOrEqual(-1e-9);
      }
      expect(lp.b.reduce((s, bi, i) => s + w[i]! * bi, 0)).toBeLessThan(0);
    }
  });
  it('gives the same answers whatever the scale of b: optima scale with it, feasibility does not change', () => {
    // The textbook problem with b × s; and x + y = s, x + y = 1.000001·s, infeasible at every scale.
    const A = [1, 0, 1, 0, 0, 0, 2, 0, 1, 0, 3, 2, 0, 0, 1];
    for (const s of [1e-3, 1, 1e6, 1e9, 1e12]) {
      const r = simplex({ A, m: 3, n: 5, b: [4 * s, 12 * s, 18 * s], c: [3, 5, 0, 0, 0] });
      expect(r.status, `b × ${s}`).toBe('optimal');
      expect(r.value / s, `b × ${s}`).toBeCloseTo(36, 9);
      // A gap of 1e-6·s is real when s is not far below A's entries (below, it is A's rounding noise).
      if (s >= 1) expect(simplex({ A: [1, 1, 1, 1], m: 2, n: 2, b: [s, 1.000001 * s] }).status, `b × ${s}`).toBe('infeasible');
    }
  });
  it('gives no verdict, rather than a certificate from an unfinished phase 1, when the pivot cap is reached', () => {
    // x + y = 1 and x + y = 2 needs pivots before phase 1 can certify infeasibility.
    const capped = simplex({ A: [1, 1, 1, 1], m: 2, n: 2, b: [1, 2], maxPivots: 0 });
    expect(capped.status).toBe('stalled');
    expect(capped.farkas).toBeUndefined();
    expect(simplex({ A: [1, 1, 1, 1], m: 2, n: 2, b: [1, 2], maxPivots: 1 }).status).toBe('infeasible');
    const A = [1, 0, 1, 0, 0, 0, 2, 0, 1, 0, 3, 2, 0, 0, 1];
    expect(simplex({ A, m: 3, n: 5, b: [4, 12, 18], c: [3, 5, 0, 0, 0], maxPivots: 1 }).status).toBe('stalled');
    expect(simplex({ A, m: 3, n: 5, b: [4, 12, 18], c: [3, 5, 0, 0, 0], maxPivots: 10 }).value).toBeCloseTo(36, 10);
  });
  it('copes with a redundant row and a degenerate vertex', () => {
    const r = simplex({ A: [1, 1, 0, 2, 2, 0, 1, 0, 1], m: 3, n: 3, b: [1, 2, 0], c: [1, 2, 1] });
    expect(r.status).toBe('optimal');
    expect(r.value).toBeCloseTo(2, 10);
  });
});

describe('pivoted Cholesky', () => {
  it('finds the rank of a singular Gram matrix (columns a, b, a + b)', () => {
    // X = [[1,0,1],[0,1,1],[1,1,2]] has rank 2; G = X'X.
    const X = [[1, 0, 1], [0, 1, 1], [1, 1, 2]];
    const G = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) G[i * 3 + j] = X.reduce((s, row) => s + row[i]! * row[j]!, 0);
    expect(pivotedCholesky(G, 3, new Int32Array(3), 1e-9)).toBe(2);
  });
});

describe('existence of the MLE', () => {
  const check = (t: CaptureTable, model: string) => {
    const k = t.lists.length;
    const cells = Array.from({ length: 2 ** k - 1 }, (_, i) => i + 1);
    return new ExistenceChecker(cells, parseModel(model, t.lists)).check(cells.map((c) => t.counts[c] ?? 0));
  };

  /** The capture histories (as masks) outside the facial set. */
  const outside = (t: CaptureTable, model: string) => {
    const cells = Array.from({ length: 2 ** t.lists.length - 1 }, (_, i) => i + 1);
    const r = check(t, model);
    return r.facial ? cells.filter((_, i) => !r.facial!.includes(i)) : [];
  };

  it('a pair of lists that never overlap: no MLE with their interaction; the extended MLE drops the cells of both (a zero statistic)', () => {
    const t = fixture('zero-overlap');
    expect(check(t, 'A + B + C + D + A:D')).toMatchObject({ status: 'extended', reason: 'zero_statistic', zeroTerms: [0b1001] });
    // A and D together: 1001, 1011, 1101, 1111; the A:D column is zero there and is dropped.
    expect(outside(t, 'A + B + C + D + A:D')).toEqual([0b1001, 0b1011, 0b1101, 0b1111]);
    expect(Array.from(check(t, 'A + B + C + D + A:D').kept!)).toEqual([0, 1, 2, 4, 8]);
    expect(check(t, 'A + B + C + D + A:B + B:C').status).toBe('ok');
  });

  it('every case on B is also on A: all margins positive, yet no MLE with A:B or A:C (the LP decides), as R finds', () => {
    // fixtures/mse/nested.csv; R's glm runs these coefficients past 30 and SparseMSE's LP gives 0
    // (fixtures/mse/reference.json).
    const t = fixture('nested');
    // With A:B the cells with B and not A leave; B and A:B are then the same column, one is dropped,
    // and the intercept is still identified: the extended MLE gives N.
    expect(check(t, 'A + B + C + A:B')).toMatchObject({ status: 'extended', reason: 'lp', zeroTerms: [] });
    // Masks, bit 0 = A: B alone (0b010) and B with C (0b110).
    expect(outside(t, 'A + B + C + A:B')).toEqual([0b010, 0b110]);
    expect(Array.from(check(t, 'A + B + C + A:B').kept!)).toEqual([0, 1, 2, 4]);
    // With A:C the one empty cell B alone leaves and the intercept is lost.
    expect(check(t, 'A + B + C + A:C')).toMatchObject({ status: 'not_identifiable', reason: 'lp' });
    expect(outside(t, 'A + B + C + A:C')).toEqual([0b010]);
    expect(check(t, 'A + B + C + A:B + A:C + B:C')).toMatchObject({ status: 'not_identifiable', reason: 'lp' });
    expect(check(t, 'A + B + C').status).toBe('ok');
    expect(check(t, 'A + B + C + B:C').status).toBe('ok');
  });

  it('ordinary tables: the MLE exists for every pairwise model of three.csv and five.csv', () => {
    for (const name of ['three', 'five']) {
      const t = fixture(name);
      const k = t.lists.length;
      const pairs = allPairs(k);
      const cells = Array.from({ length: 2 ** k - 1 }, (_, i) => i + 1);
      const y = cells.map((c) => t.counts[c] ?? 0);
      for (let s = 0; s < 2 ** pairs.length; s += name === 'five' ? 7 : 1) {
        const terms = [...mainEffects(k), ...pairs.filter((_, i) => s & (1 << i))];
        expect(new ExistenceChecker(cells, terms).check(y).status, `${name} ${s}`).toBe('ok');
      }
    }
  });

  it('a term of order k (the k-way term) is not identifiable on the 2^k − 1 observable cells', () => {
    const cells = [1, 2, 3];
    expect(new ExistenceChecker(cells, [1, 2, 3]).check([5, 6, 7]).status).toBe('not_identifiable');
  });

  it('finds the facial set of random 5- and 6-list tables with counts in the billions, as the LP cell by cell does', () => {
    const rng = new Rng(8);
    let extended = 0;
    for (let rep = 0; rep < 100; rep++) {
      const k = 5 + (rep % 2);
      const cells = Array.from({ length: 2 ** k - 1 }, (_, i) => i + 1);
      const empty = 0.5 + 0.3 * rng.uniform();
      const y = cells.map(() => (rng.uniform() < empty ? 0 : 1e9 + Math.floor(rng.uniform() * 1e9)));
      const candidates: number[] = [];
      for (let t = 1; t < 2 ** k - 1; t++) if (popcount(t) >= 2 && popcount(t) <= 3) candidates.push(t);
      let terms = [...mainEffects(k), ...candidates.filter(() => rng.uniform() < 0.3)];
      while (!isHierarchical(terms)) terms = terms.filter((t) => popcount(t) < Math.max(...terms.map(popcount)));
      const result = new ExistenceChecker(cells, terms).check(y);
      // A cell is in F iff some table with the same statistics puts cases there (≥ 1 of 1e9-sized counts).
      const facial = cells.map((_, z) => y[z]! > 0 || maxCell(cells, [0, ...terms], y, z) > 1);
      const ours = result.facial ? cells.map((_, z) => result.facial!.includes(z)) : cells.map(() => true);
      expect(ours, `k=${k} y=${y.join(',')} terms=${terms.join(',')}`).toEqual(facial);
      if (result.facial) extended++;
    }
    expect(extended).toBeGreaterThan(15);
  });

  it('agrees with Fienberg & Rinaldo’s LP (max s: X\'x = X\'y, x ≥ s) and with the facial set cell by cell on 300 random sparse tables and models', () => {
    const rng = new Rng(20240611);
    let boundary = 0;
    let exists = 0;
    let shrunk = 0;
    for (let rep = 0; rep < 300; rep++) {
      const k = 3 + (rep % 2);
      const cells = Array.from({ length: 2 ** k - 1 }, (_, i) => i + 1);
      // About half the cells empty: many zero patterns, some with every margin positive.
      const y = cells.map(() => (rng.uniform() < 0.45 ? 0 : 1 + Math.floor(rng.uniform() * 20)));
      const candidates: number[] = [];
      for (let t = 1; t < 2 ** k - 1; t++) if (popcount(t) >= 2 && popcount(t) < k) candidates.push(t);
      let terms = [...mainEffects(k), ...candidates.filter(() => rng.uniform() < 0.4)];
      while (!isHierarchical(terms)) terms = terms.filter((t) => popcount(t) < Math.max(...terms.map(popcount)));
      const result = new ExistenceChecker(cells, terms).check(y);
      const ours = result.status === 'ok';
      const theirs = fienbergRinaldo(cells, [0, ...terms], y) > 1e-7;
      expect(ours, `k=${k} y=${y.join(',')} terms=${terms.join(',')}`).toBe(theirs);
      if (!theirs) {
        // The facial set from the other side: cell z is in it iff max x_z over {x ≥ 0 : X'x = X'y} > 0.
        const facial = cells.map((_, z) => y[z]! > 0 || maxCell(cells, [0, ...terms], y, z) > 1e-7);
        expect(result.facial, `k=${k} y=${y.join(',')} terms=${terms.join(',')}`).toBeDefined();
        expect(cells.map((_, z) => result.facial!.includes(z))).toEqual(facial);
        if (facial.filter((f, z) => !f && y[z] === 0).length > 0 && result.zeroTerms.length === 0) shrunk++;
      }
      if (theirs) exists++;
      if (!theirs && terms.every((t) => cells.some((c, i) => (c & t) === t && y[i]! > 0))) boundary++;
    }
    // The draw must mix tables with an MLE and tables without one although no statistic is zero.
    expect(boundary).toBeGreaterThan(50);
    expect(exists).toBeGreaterThan(50);
    expect(shrunk).toBeGreaterThan(30);
  });
});

/**
 * The margin constraints X'x = X'y as the first p rows of an LP with n columns (x in columns 0..m−1):
 * row i has a 1 for every cell containing term i and right-hand side that term's statistic.
 */
function margins(cells: number[], terms: number[], y: number[], rows: number, n: number) {
  const A = new Float64Array(rows * n);
  const b = new Float64Array(rows);
  terms.forEach((t, i) => {
    cells.forEach((c, j) => {
      if ((c & t) === t) {
        A[i * n + j] = 1;
        b[i] = b[i]! + y[j]!;
      }
    });
  });
  return { A, b };
}

/** SparseMSE's checkident LP in standard form: variables x (m), s, slacks (m); returns max s. */
function fienbergRinaldo(cells: number[], terms: number[], y: number[]): number {
  const m = cells.length;
  const p = terms.length;
  const n = 2 * m + 1;
  const rows = p + m;
  const { A, b } = margins(cells, terms, y, rows, n);
  for (let j = 0; j < m; j++) {
    // x_j − s − slack_j = 0.
    A[(p + j) * n + j] = 1;
    A[(p + j) * n + m] = -1;
    A[(p + j) * n + m + 1 + j] = -1;
  }
  const c = new Float64Array(n);
  c[m] = 1;
  const r = simplex({ A, m: rows, n, b, c });
  return r.status === 'optimal' ? r.value : 0;
}

/** max x_z subject to X'x = X'y, x ≥ 0 (a cell of the facial set iff > 0); variables x only. */
function maxCell(cells: number[], terms: number[], y: number[], z: number): number {
  const m = cells.length;
  const { A, b } = margins(cells, terms, y, terms.length, m);
  const c = new Float64Array(m);
  c[z] = 1;
  const r = simplex({ A, m: terms.length, n: m, b, c });
  return r.status === 'optimal' ? r.value : 0;
}

describe('model choice and the extended MLE', () => {
  const t = fixture('nested');
  it('stepwise, BIC and AIC may choose A:B (its extended MLE identifies N) but never A:C, and list only estimable models', () => {
    for (const select of ['stepwise', 'bic', 'aic'] as const) {
      const r = runMse(t, { select });
      expect(r.selected.terms, select).not.toContain('A:C');
      expect(r.models.every((m) => m.status === 'ok' || m.status === 'extended_mle'), select).toBe(true);
      expect(r.selected.N, select).not.toBeNull();
    }
    expect(runMse(t, { select: 'stepwise' }).selected.terms).toContain('A:B');
  });
  it('a fixed model whose N is not identifiable is reported with its status and null numbers', () => {
    const r = runMse(t, { model: parseModel('A + B + C + A:C', t.lists) });
    expect(r.models[0]).toMatchObject({ terms: ['A', 'B', 'C', 'A:C'], N: null, se: null, ci: null, deviance: null, aic: null, status: 'not_identifiable' });
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });
  it('the check is made once per model and table: a refit of the same model reuses the fit', () => {
    const f = new MseFitter(t);
    const a = f.fit(parseModel('A + B + C + A:B', t.lists));
    expect(f.fit(parseModel('A + B + C + A:B', t.lists))).toBe(a);
  });
});
