// MSE on extreme but valid tables: counts in the billions and beyond, where the numbers a fit is
// judged by (coefficients, the deviance, the likelihood of the profile) leave the ranges that
// ordinary tables keep them in. Each case is one a careless tolerance gets wrong.
import { describe, expect, it } from 'vitest';
import type { CaptureTable } from '../../src/core/estimate/history.js';
import { parseCaptureHistories } from '../../src/core/estimate/history.js';
import { FIT_OVERHEAD, MseFitter, runMse } from '../../src/core/estimate/mse.js';
import { GrayscopeError } from '../../src/core/errors.js';
import { mainEffects } from '../../src/core/estimate/terms.js';
import { runMseBootstrap } from '../../src/core/estimate/bootstrap.js';
import { countOperations } from '../../src/core/estimate/counting.js';

/** The expected table of k independent lists with capture probability p each in a population of N. */
function independent(k: number, N: number, p: number): CaptureTable {
  const counts = new Float64Array(2 ** k);
  for (let c = 1; c < 2 ** k; c++) {
    let on = 0;
    for (let j = 0; j < k; j++) if (c & (1 << j)) on++;
    counts[c] = Math.round(N * p ** on * (1 - p) ** (k - on));
  }
  return { lists: Array.from({ length: k }, (_, j) => String.fromCharCode(65 + j)), counts };
}

describe('huge counts', () => {
  it('fits a population of 1e14 seen by three rare lists: N̂ is 1e14 although its log, β0, is 32', () => {
    // Singletons ~1e11, pairs ~1e8, the triple 1e5: an exact independence table whose MLE exists.
    const t = independent(3, 1e14, 1e-3);
    const fitted = new MseFitter(t).fit(mainEffects(3));
    expect(fitted.status).toBe('ok');
    expect(Math.abs(fitted.N / 1e14 - 1)).toBeLessThan(1e-6);
    const r = runMse(t, { select: 'stepwise' });
    expect(r.selected.N).not.toBeNull();
    expect(Math.abs(r.selected.N! / 1e14 - 1)).toBeLessThan(1e-6);
  });

  it('stepwise adds no pair to an exactly independent table whose overlaps are in the trillions', () => {
    // 4 lists seen with probability 1/2 by 3.2e13 cases: every overlap is ~8e12, exactly as the
    // main-effects model expects; a p-value that loses its accuracy at that scale adds pairs.
    const t = independent(4, 3.2e13, 0.5);
    const r = runMse(t, { select: 'stepwise' });
    expect(r.selected.terms).toEqual(['A', 'B', 'C', 'D']);
    expect(Math.abs(r.selected.N! / 3.2e13 - 1)).toBeLessThan(1e-6);
  });

  it('the profile interval on counts in the billions is the log-normal one, not the noise of an unconverged fit', () => {
    // With 1e10 cases a fit whose fitted total misses the data's by one part in 10^10 shifts the
    // multinomial log-likelihood by ~1; the interval must still be close to the Wald-like one.
    const t = parseCaptureHistories(
      'A,B,C,count\n1,0,0,3000000000\n0,1,0,2000000000\n1,1,0,1000000000\n0,0,1,1500000000\n1,0,1,700000000\n0,1,1,600000000\n1,1,1,300000000\n',
      'billion.csv',
    );
    for (const model of [mainEffects(3), [...mainEffects(3), 3, 5, 6]]) {
      const r = runMse(t, { model, ci: 'profile' });
      const l = runMse(t, { model, ci: 'lognormal' });
      const [plo, phi] = r.models[0]!.ci!;
      const [llo, lhi] = l.models[0]!.ci!;
      const width = lhi - llo;
      // Large counts: the likelihood is quadratic in N and both intervals agree to a few percent of their width.
      expect(Math.abs(plo - llo) / width, `lower ${plo} vs ${llo}`).toBeLessThan(0.05);
      expect(Math.abs(phi - lhi) / width, `upper ${phi} vs ${lhi}`).toBeLessThan(0.05);
    }
  });
});

describe('work that would run for minutes', () => {
  const five = (): CaptureTable => independent(5, 20000, 0.3);
  it('a model search past its budget stops with a usage error (exit 2) that says what to use instead', () => {
    const err = (() => {
      try {
        runMse(five(), { select: 'aic', maxOrder: 4, workBudget: 500 });
      } catch (e) {
        return e as GrayscopeError;
      }
      throw new Error('the search finished within the budget');
    })();
    expect(err).toBeInstanceOf(GrayscopeError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^--select aic on 5 lists: the model search stopped after fitting \d+ models of 31 cells/);
    expect(err.hint).toMatch(/--select stepwise .* or a lower --max-order/);
    // The same search within the default budget finishes.
    expect(runMse(five(), { select: 'aic', maxOrder: 4 }).selected.N).not.toBeNull();
  });
  it('profile intervals past the budget stop with a usage error naming --ci lognormal', () => {
    expect(() => runMse(five(), { ci: 'profile', workBudget: 5000 })).toThrow(/--ci profile on 5 lists: the profile intervals of the \d+ models listed stopped/);
    expect(runMse(five(), { ci: 'profile' }).selected.ci).not.toBeNull();
  });
  it('a fit met again is taken from the cache and costs no work', () => {
    const f = new MseFitter(five());
    f.fit(mainEffects(5));
    const work = f.work;
    expect(work).toBe(31 + FIT_OVERHEAD);
    f.fit(mainEffects(5));
    expect(f.work).toBe(work);
  });
});

describe('a fit that double precision cannot carry', () => {
  it('one cell of 9e15 beside cells of 1 is not_converged with null numbers, never NaN, and no model is chosen from it', () => {
    // The MLE exists (every margin positive, X on the positive cells of full rank), but X'WX has a
    // condition number near 1e16: its Cholesky factor is lost to rounding.
    const t = parseCaptureHistories('A,B,C,count\n1,0,0,9000000000000000\n0,1,0,1\n0,0,1,1\n1,1,1,1\n', 'huge.csv');
    for (const select of ['stepwise', 'bic', 'aic'] as const) {
      const r = runMse(t, { select, ci: 'profile' });
      expect(r.models.map((m) => m.status), select).toContain('not_converged');
      expect(r.models.find((m) => m.status === 'not_converged'), select).toMatchObject({ N: null, se: null, ci: null, deviance: null, aic: null, bic: null });
      expect(r.selected.N, select).toBeNull();
      expect(JSON.stringify(r), select).not.toMatch(/NaN|Infinity/);
    }
  });
});

describe('lists that never overlap', () => {
  it('the market count of operations falls back to the observed count, as its note says, when complaints and incidents never meet', () => {
    // Enforcement saw nobody; 1,000 operations in complaints and 1,000 in incidents, none in both:
    // Chapman would have made it 1,002,000 operations.
    const r = countOperations([0, 1000, 1000, 0, 0, 0, 0, 0]);
    expect(r.N).toBe(2000);
    expect(r.ci).toBeNull();
    expect(r.note).toMatch(/observed count only/);
  });
  it('a two-list bootstrap counts resamples without overlap as failed and reports no interval when the data have none', async () => {
    const none = await runMseBootstrap({ lists: ['A', 'B'], counts: Float64Array.from([0, 10, 10, 0]) }, {}, { replicates: 50, seed: 1, workers: 1 });
    expect(none.selected).toMatchObject({ N: null, ci: null });
    expect(none.bootstrap).toMatchObject({ replicates: 50, failed: 50, percentile_ci: null });
    // One case in common: about e^{-1} of the resamples miss it; they are failed, not Chapman's maximum.
    const one = await runMseBootstrap({ lists: ['A', 'B'], counts: Float64Array.from([0, 30, 30, 1]) }, {}, { replicates: 400, seed: 1, workers: 1 });
    expect(one.bootstrap!.failed).toBeGreaterThan(0.25 * 400);
    expect(one.bootstrap!.failed).toBeLessThan(0.5 * 400);
    expect(JSON.stringify(one)).not.toMatch(/NaN|Infinity/);
  });
});
