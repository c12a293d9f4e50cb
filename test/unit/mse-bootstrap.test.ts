// The BCa bootstrap of `grayscope mse`: the same seed gives the same interval whatever the number of
// worker threads, other seeds give a close but different one; on a symmetric bootstrap distribution
// BCa is the percentile interval; replicates whose N is not identifiable are counted and left out; a small
// simulation checks coverage; and the built CLI reports `ci_method: "bca"` with a bootstrap block.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bcaInterval, normalCdf, normalQuantile, runMseBootstrap } from '../../src/core/estimate/bootstrap.js';
import { type CaptureTable, parseCaptureHistories } from '../../src/core/estimate/history.js';
import { runMse } from '../../src/core/estimate/mse.js';
import { Rng } from '../../src/core/random.js';
import type { MseResult } from '../../src/index.js';
import { cli, type ErrorDocument, onlyJson, present, REPO } from '../helpers/cli.js';

const fixture = (name: string) => parseCaptureHistories(readFileSync(join(REPO, 'fixtures', 'mse', `${name}.csv`), 'utf8'), `${name}.csv`);

const table = (lists: string[], cells: Record<string, number>): CaptureTable => {
  const counts = new Float64Array(2 ** lists.length);
  for (const [h, c] of Object.entries(cells)) counts[[...h].reduce((m, b, j) => m | (b === '1' ? 1 << j : 0), 0)] = c;
  return { lists, counts };
};

/** N individuals caught independently by each list with probabilities p. */
function independent(rng: Rng, N: number, p: number[]): CaptureTable {
  const counts = new Float64Array(2 ** p.length);
  for (let i = 0; i < N; i++) {
    let h = 0;
    for (let j = 0; j < p.length; j++) if (rng.bernoulli(p[j]!)) h |= 1 << j;
    counts[h]! += 1;
  }
  counts[0] = 0;
  return { lists: p.map((_, j) => String.fromCharCode(65 + j)), counts };
}

describe('normal distribution helpers', () => {
  it('the quantile function inverts the distribution function to 1e-12', () => {
    for (const p of [1e-10, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
  });
});

describe('BCa interval (Efron 1987)', () => {
  it('equals the percentile interval when the bootstrap distribution is symmetric about θ̂ (z0 = 0, a = 0)', () => {
    const theta = 1000;
    // 1,999 replicates placed at normal quantiles: symmetric about θ̂, which is their median.
    const reps = Array.from({ length: 1999 }, (_, i) => theta + 50 * normalQuantile((i + 1) / 2000));
    const jack = [theta - 2, theta - 1, theta, theta + 1, theta + 2];
    const r = bcaInterval(theta, reps, jack, [3, 1, 5, 1, 3]);
    expect(r.z0).toBeCloseTo(0, 12);
    expect(r.acceleration).toBeCloseTo(0, 12);
    expect(r.ci![0]).toBeCloseTo(r.percentile![0], 9);
    expect(r.ci![1]).toBeCloseTo(r.percentile![1], 9);
    expect(r.percentile![0]).toBeCloseTo(theta - 50 * 1.96, 0);
  });

  it('moves both ends up when most replicates fall below θ̂ (z0 > 0)', () => {
    const reps = Array.from({ length: 999 }, (_, i) => 100 + 10 * normalQuantile((i + 1) / 1000));
    const r = bcaInterval(105, reps, [1, 2, 3], [1, 1, 1]);
    expect(r.z0).toBeGreaterThan(0.3);
    expect(r.ci![0]).toBeGreaterThan(r.percentile![0]);
    expect(r.ci![1]).toBeGreaterThan(r.percentile![1]);
  });

  it('is null, with the percentile interval kept, when every replicate lies above θ̂', () => {
    const r = bcaInterval(0, [1, 2, 3, 4], [1, 2], [1, 1]);
    expect(r.ci).toBeNull();
    expect(r.percentile).not.toBeNull();
  });

  it('on a large independent 3-list table the main-effects BCa interval is close to the percentile interval', async () => {
    const t = independent(new Rng('bca-symmetric'), 20000, [0.5, 0.4, 0.45]);
    const r = await runMseBootstrap(t, { model: [1, 2, 4] }, { replicates: 400, seed: 5, workers: 1 });
    const b = r.bootstrap!;
    expect(Math.abs(b.z0!)).toBeLessThan(0.2);
    expect(Math.abs(b.acceleration!)).toBeLessThan(0.01);
    const width = b.percentile_ci![1] - b.percentile_ci![0];
    expect(Math.abs(r.selected.ci![0] - b.percentile_ci![0])).toBeLessThan(0.1 * width);
    expect(Math.abs(r.selected.ci![1] - b.percentile_ci![1])).toBeLessThan(0.1 * width);
  });
});

describe('reproducibility', () => {
  const three = fixture('three');
  it('the same seed gives the identical interval', async () => {
    const a = await runMseBootstrap(three, {}, { replicates: 200, seed: 3, workers: 1 });
    const b = await runMseBootstrap(three, {}, { replicates: 200, seed: 3, workers: 1 });
    expect(b.selected.ci).toEqual(a.selected.ci);
    expect(b.bootstrap).toEqual(a.bootstrap);
  });

  it('different seeds give close but not identical intervals', async () => {
    const a = await runMseBootstrap(three, {}, { replicates: 1000, seed: 3, workers: 1 });
    const b = await runMseBootstrap(three, {}, { replicates: 1000, seed: 4, workers: 1 });
    expect(b.selected.ci).not.toEqual(a.selected.ci);
    // Monte Carlo error only: each end moves by a small fraction of the interval's width.
    const width = a.selected.ci![1] - a.selected.ci![0];
    for (const i of [0, 1]) expect(Math.abs(b.selected.ci![i]! - a.selected.ci![i]!)).toBeLessThan(0.15 * width);
  });

  it('one worker and two worker threads give the identical result (stepwise and BIC)', async () => {
    for (const [name, options] of [['three', {}], ['five', { select: 'bic' as const }]] as const) {
      const t = fixture(name);
      const one = await runMseBootstrap(t, options, { replicates: 60, seed: 11, workers: 1 });
      const two = await runMseBootstrap(t, options, { replicates: 60, seed: 11, workers: 2 });
      expect(two).toEqual(one);
      expect(one.selected.ci_method).toBe('bca');
    }
  });

  it('keeps the rest of the runMse result and only replaces the selected interval', async () => {
    const plain = runMse(three);
    const boot = await runMseBootstrap(three, {}, { replicates: 50, seed: 1, workers: 1 });
    expect(boot.models).toEqual(plain.models);
    expect(boot.selected.N).toBe(plain.selected.N);
    expect(boot.selected.ci).not.toEqual(plain.selected.ci);
  });
});

describe('replicates whose N is not identifiable', () => {
  it('are counted in `failed` and left out of the interval (a fixed A:B model resting on two single cases)', async () => {
    // A resample that draws neither the one A∩C case nor the one B∩C case is SparseMSE's Artificial_3
    // pattern: A:C and B:C never overlap and the A:B model no longer identifies N (about e^{-2} of
    // the replicates). A resample that misses only one of them still has an extended MLE.
    const t = table(['A', 'B', 'C'], { '100': 300, '010': 250, '110': 40, '001': 280, '101': 1, '011': 1 });
    const r = await runMseBootstrap(t, { model: [1, 2, 4, 3] }, { replicates: 300, seed: 2, workers: 1 });
    const b = r.bootstrap!;
    expect(b.failed).toBeGreaterThan(0.05 * 300);
    expect(b.failed).toBeLessThan(0.25 * 300);
    expect(r.selected.ci_method).toBe('bca');
    expect(r.selected.ci === null || r.selected.ci.every(Number.isFinite)).toBe(true);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it('a resample where a pair stops overlapping gives the extended MLE, not a failure (a fixed A:B model with one A∩B case)', async () => {
    const t = table(['A', 'B', 'C'], { '100': 300, '010': 250, '110': 1, '001': 280, '101': 60, '011': 50 });
    const r = await runMseBootstrap(t, { model: [1, 2, 4, 3] }, { replicates: 100, seed: 2, workers: 1 });
    expect(r.bootstrap!.failed).toBe(0);
    expect(r.selected.ci![0]).toBeLessThan(r.selected.N!);
  });

  it('stepwise never fails on a table whose main-effects MLE exists', async () => {
    const r = await runMseBootstrap(fixture('zero-overlap'), {}, { replicates: 100, seed: 1, workers: 1 });
    expect(r.bootstrap!.failed).toBe(0);
    expect(r.selected.ci![0]).toBeLessThan(r.selected.N!);
    expect(r.selected.ci![1]).toBeGreaterThan(r.selected.N!);
  });
});

describe('two lists', () => {
  it('bootstraps Chapman’s estimate', async () => {
    const t = table(['A', 'B'], { '10': 400, '01': 300, '11': 200 });
    const r = await runMseBootstrap(t, {}, { replicates: 200, seed: 1, workers: 1 });
    expect(r.selected.ci_method).toBe('bca');
    expect(r.selected.ci![0]).toBeLessThan(r.selected.N!);
    expect(r.selected.ci![1]).toBeGreaterThan(r.selected.N!);
  });
});

describe('coverage by simulation', () => {
  it('the BCa 95% interval of the A + B + C model covers the true N in at least 85% of 200 studies', async () => {
    const N = 2000;
    const studies = 200;
    const rng = new Rng('mse-bootstrap-coverage');
    let covered = 0;
    for (let s = 0; s < studies; s++) {
      const t = independent(rng, N, [0.3, 0.25, 0.2]);
      const r = await runMseBootstrap(t, { model: [1, 2, 4] }, { replicates: 200, seed: s + 1, workers: 1 });
      const ci = r.selected.ci!;
      if (ci[0] <= N && N <= ci[1]) covered++;
    }
    process.stderr.write(`mse bootstrap: BCa 95% coverage ${covered}/${studies} = ${(covered / studies).toFixed(3)}\n`);
    expect(covered / studies).toBeGreaterThanOrEqual(0.85);
  });
});

describe('grayscope mse --bootstrap (built CLI)', () => {
  it('reports the BCa interval with ci_method "bca" and a bootstrap block under --json', async () => {
    const r = await cli(['mse', join('fixtures', 'mse', 'three.csv'), '--bootstrap', '200', '--seed', '3', '--json'], { cwd: REPO });
    expect(r.code, r.stderr).toBe(0);
    const doc = onlyJson<MseResult>(r);
    expect(doc.selected.ci_method).toBe('bca');
    const ci = present(doc.selected.ci, 'selected.ci');
    const N = present(doc.selected.N, 'selected.N');
    expect(ci[0]).toBeLessThan(N);
    expect(ci[1]).toBeGreaterThan(N);
    expect(doc.bootstrap).toMatchObject({ replicates: 200, failed: 0, seed: 3 });
    expect(doc.bootstrap?.percentile_ci).toHaveLength(2);
  });

  it('refuses --bootstrap -5 with exit 2 and an error document', async () => {
    const r = await cli(['mse', join('fixtures', 'mse', 'three.csv'), '--bootstrap', '-5', '--json'], { cwd: REPO });
    expect(r.code).toBe(2);
    expect(onlyJson<ErrorDocument>(r).error).toMatchObject({ code: 'usage', exit_code: 2 });
  });
});
