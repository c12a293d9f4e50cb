// The diagnostics of `grayscope mse` (issue 11): Chao's lower bound with its finite-t factor on
// published tables, the warning when N̂ falls below it, the goodness of fit of the selected model,
// Chapman's estimate named as such, the BCa interval's adjusted levels, its type-8 quantiles, ties with
// θ̂ found within a relative tolerance, the warning on a limit at an extreme order statistic, and
// --strict-existence (SparseMSE's checkident in the stepwise choice).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bcaInterval, bcaWarnings, normalCdf, normalQuantile, quantileSorted, runMseBootstrap, TIE_TOLERANCE } from '../../src/core/estimate/bootstrap.js';
import { type CaptureTable, parseCaptureHistories } from '../../src/core/estimate/history.js';
import { chiSquareUpper, levelText, Z95 } from '../../src/core/estimate/intervals.js';
import { MseFitter, runMse } from '../../src/core/estimate/mse.js';
import { parseModel } from '../../src/core/estimate/terms.js';
import { renderMse } from '../../src/render/mse.js';
import { REPO } from '../helpers/cli.js';

const published = (name: string): CaptureTable =>
  parseCaptureHistories(readFileSync(join(REPO, 'fixtures', 'mse', 'published', `${name}.csv`), 'utf8'), `${name}.csv`);
const fixture = (name: string): CaptureTable => parseCaptureHistories(readFileSync(join(REPO, 'fixtures', 'mse', `${name}.csv`), 'utf8'), `${name}.csv`);

describe("Chao's lower bound n + ((t − 1)/t)·f1²/(2 f2) on published tables", () => {
  // [table, t, n, f1, f2]; the t → ∞ form n + f1²/(2 f2) gave 15,578.9, 144.7, 10,270.5 and 2,813.7.
  const cases: Array<[string, number, number, number, number]> = [
    ['hiv-rome', 4, 1896, 1774, 115],
    ['korea-palembang', 3, 123, 51, 60],
    ['kosovo-1999', 4, 4400, 3218, 882],
    ['western-us', 5, 345, 322, 21],
  ];
  for (const [name, t, n, f1, f2] of cases) {
    it(`${name}: t = ${t} lists, n = ${n}, f1 = ${f1}, f2 = ${f2}`, () => {
      const r = runMse(published(name));
      expect(r.n_observed).toBe(n);
      expect(r.chao_lower_bound).toBeCloseTo(n + (((t - 1) / t) * f1 * f1) / (2 * f2), 9);
    });
  }
  it('hiv-rome: the bound is 12,158.2 (the t → ∞ form gave 15,578.9, a third more)', () => {
    expect(runMse(published('hiv-rome')).chao_lower_bound).toBeCloseTo(12158.2, 1);
  });
});

describe("the warning when N is below Chao's bound", () => {
  it('hiv-rome (main effects, N 11,124.6 < 12,158.2) warns; korea-palembang (N 268.8 > 137.4) does not', () => {
    const hiv = runMse(published('hiv-rome'));
    expect(hiv.selected.N!).toBeLessThan(hiv.chao_lower_bound);
    expect(hiv.warnings).toEqual([expect.stringMatching(/^N = 11,124\.6 is below Chao's lower bound 12,158\.2 for 4 lists/)]);
    expect(runMse(published('korea-palembang')).warnings).toEqual([]);
  });
  it('two lists never warn: the bound is at or above the independence estimate on every table', () => {
    const r = runMse(published('seber-1982-p107'));
    expect(r.selected.N!).toBeLessThan(r.chao_lower_bound);
    expect(r.warnings).toEqual([]);
  });
});

describe('goodness of fit of the selected model', () => {
  it('korea-palembang (b:c, deviance 8.566946 on 2 df): p = exp(−deviance/2), the chi-square(2) upper tail', () => {
    const { gof } = runMse(published('korea-palembang')).selected;
    expect(gof!.deviance).toBeCloseTo(8.566946, 6);
    expect(gof!.df).toBe(2);
    expect(gof!.p_value!).toBeCloseTo(Math.exp(-gof!.deviance / 2), 12);
  });
  it('with df 1 the p-value is the chi-square(1) tail 2(1 − Φ(√deviance)) (three.csv, all pairs but B:C)', () => {
    const t = fixture('three');
    const r = runMse(t, { model: parseModel('A + B + C + A:B + A:C', t.lists) });
    const { deviance, df, p_value } = r.selected.gof!;
    expect(df).toBe(1);
    expect(p_value!).toBeCloseTo(2 * (1 - normalCdf(Math.sqrt(deviance))), 10);
  });
  it('chiSquareUpper: P(χ²₁ ≥ 3.841459) = 0.05, P(χ²₂ ≥ x) = e^{−x/2}, null without df', () => {
    expect(chiSquareUpper(3.841458820694124, 1)!).toBeCloseTo(0.05, 12);
    expect(chiSquareUpper(5, 2)!).toBeCloseTo(Math.exp(-2.5), 12);
    expect(chiSquareUpper(0, 0)).toBeNull();
  });
  it('is null-valued with df 0 (two lists: the saturated independence model)', () => {
    expect(runMse(published('seber-1982-p107')).selected.gof).toEqual({ deviance: 0, df: 0, p_value: null });
  });
});

describe("two lists: Chapman's estimate is named", () => {
  it('estimator "chapman", and the human output says so; three lists say "loglinear"', () => {
    const r = runMse(published('seber-1982-p107'));
    expect(r.selected).toMatchObject({ estimator: 'chapman', ci_method: 'chapman_lognormal' });
    expect(renderMse(r)).toMatch(/^N = [\d,.]+ \(Chapman's estimate, two lists\), 95% interval/m);
    expect(runMse(published('korea-palembang')).selected.estimator).toBe('loglinear');
  });
});

describe('BCa: quantiles, ties, adjusted levels, extreme order statistics', () => {
  it('quantiles are Hyndman & Fan type 8 (R quantile(1:10, p, type = 8)), not type 7', () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    // h = (10 + 1/3)p + 1/3: p = 0.1 → 1.3667 (type 7: 1.9), 0.5 → 5.5, 0.9 → 9.6333; outside [1, 10] the end.
    expect(quantileSorted(x, 0.1)).toBeCloseTo(1 + 1.1 / 3, 12);
    expect(quantileSorted(x, 0.5)).toBe(5.5);
    expect(quantileSorted(x, 0.9)).toBeCloseTo(9 + 1.9 / 3, 12);
    expect(quantileSorted(x, 0.025)).toBe(1);
    expect(quantileSorted(x, 0.975)).toBe(10);
    // A level landing on an order statistic takes it exactly: p = 2/3 on 1..5 → h = 4.
    expect(quantileSorted(Float64Array.from([1, 2, 3, 4, 5]), (4 - 1 / 3) / (5 + 1 / 3))).toBe(4);
  });

  it('a replicate within the relative tolerance of θ̂ counts as a tie (one half), not as above it', () => {
    const theta = 1000;
    const reps = [...Array.from({ length: 99 }, (_, i) => 900 + i), theta * (1 + 1e-12), ...Array.from({ length: 100 }, (_, i) => 1001 + i)];
    const r = bcaInterval(theta, reps, [1, 2, 3], [1, 1, 1]);
    expect(r.z0).toBeCloseTo(normalQuantile(99.5 / 200), 14);
    // 1e-8 relative is a different estimate.
    expect(bcaInterval(theta, reps.map((v) => (v === theta * (1 + 1e-12) ? theta * (1 + 10 * TIE_TOLERANCE) : v)), [1, 2, 3], [1, 1, 1]).z0).toBeCloseTo(normalQuantile(99 / 200), 14);
  });

  it('levels are printed with two significant digits in their tail: 0.00016%, 2.5%, 98.7%, 99.99984%', () => {
    expect([1.6e-6, 0.025, 0.33, 0.987, 0.9999984].map(levelText)).toEqual(['0.00016%', '2.5%', '33%', '98.7%', '99.99984%']);
  });

  it('reports the adjusted levels α1, α2 (0.025 and 0.975 when z0 = a = 0)', () => {
    const theta = 1000;
    const reps = Array.from({ length: 1999 }, (_, i) => theta + 50 * normalQuantile((i + 1) / 2000));
    const r = bcaInterval(theta, reps, [theta - 1, theta, theta + 1], [1, 1, 1]);
    expect(r.alpha1!).toBeCloseTo(0.025, 12);
    expect(r.alpha2!).toBeCloseTo(0.975, 12);
    expect(bcaWarnings(r, 1999)).toEqual([]);
  });

  it('warns when a limit has fewer than five replicates beyond it, advising a larger --bootstrap', () => {
    // θ̂ above 993 of 999 replicates: z0 ≈ 2.5 pushes α2 to about 1, the upper limit to the largest replicate.
    const reps = Array.from({ length: 999 }, (_, i) => 100 + 10 * normalQuantile((i + 1) / 1000));
    const r = bcaInterval(125, reps, [1, 2, 3], [1, 1, 1]);
    expect(r.alpha2!).toBeGreaterThan(0.999);
    expect(r.above).toBeLessThan(5);
    const w = bcaWarnings(r, 999);
    expect(w).toEqual([expect.stringMatching(/^the BCa upper limit [\d,.]+ is an extreme order statistic: its adjusted level is [\d.]+% and \d of the 999 replicates lie beyond it/)]);
    expect(w[0]).toMatch(/--bootstrap|percentile interval/);
  });

  it('new-orleans (8 lists): the summary carries α1, α2 from z0 and a, and the warnings name the extreme limit', async () => {
    const r = await runMseBootstrap(published('new-orleans'), {}, { replicates: 200, seed: 1, workers: 1 });
    const b = r.bootstrap!;
    const level = (zj: number) => normalCdf(b.z0! + (b.z0! + zj) / (1 - b.acceleration! * (b.z0! + zj)));
    expect(b.alpha1!).toBeCloseTo(level(-Z95), 12);
    expect(b.alpha2!).toBeCloseTo(level(Z95), 12);
    const extreme = r.warnings.filter((w) => w.includes('extreme order statistic'));
    const tails = [b.alpha1! * 200, (1 - b.alpha2!) * 200];
    // A tail expecting fewer than five replicates is warned about (the count beyond the limit is what decides).
    for (const [i, which] of (['lower', 'upper'] as const).entries()) if (tails[i]! < 4) expect(extreme.some((w) => w.includes(which))).toBe(true);
  });
});

describe('--strict-existence: SparseMSE checkident in the stepwise choice', () => {
  // nested.csv: every case on B is also on A; with A:B the MLE does not exist although every pair
  // overlaps (the LP lifts the cells with B and not A), and its extended MLE identifies N.
  const t = fixture('nested');
  it('the default stepwise fits the extended MLE of A:B; strict rejects that step as checkident (code 1) does', () => {
    const f = new MseFitter(t);
    const ab = f.fit(parseModel('A + B + C + A:B', t.lists));
    expect(ab).toMatchObject({ status: 'extended_mle', existence: 'lp', checkident: false });
    expect(f.fit(parseModel('A + B + C + A:C', t.lists)).checkident).toBe(false);
    const plain = runMse(t);
    const strict = runMse(t, { strictExistence: true });
    expect(plain.selected.terms).toEqual(['A', 'B', 'C', 'A:B']);
    expect(plain.selected.N!).toBeCloseTo(311.67, 2);
    expect(strict.selected.terms).toEqual(['A', 'B', 'C']);
    expect(strict.selected.N!).toBeCloseTo(188.91, 2);
  });
  it('zero-overlap pairs stay allowed under strict (checkident 0): zero-overlap.csv still adds A:D', () => {
    const z = fixture('zero-overlap');
    const strict = runMse(z, { strictExistence: true });
    expect(strict.selected.terms).toEqual(['A', 'B', 'C', 'D', 'A:D']);
    expect(new MseFitter(z).fit(parseModel('A + B + C + D + A:D', z.lists))).toMatchObject({ status: 'extended_mle', existence: 'zero_statistic', checkident: true });
  });
  it('the bootstrap reruns the strict choice in every replicate', async () => {
    const plain = await runMseBootstrap(t, {}, { replicates: 100, seed: 2, workers: 1 });
    const strict = await runMseBootstrap(t, { strictExistence: true }, { replicates: 100, seed: 2, workers: 1 });
    expect(strict.selected.N).toBe(runMse(t, { strictExistence: true }).selected.N);
    expect(strict.bootstrap!.percentile_ci).not.toEqual(plain.bootstrap!.percentile_ci);
  });
});
