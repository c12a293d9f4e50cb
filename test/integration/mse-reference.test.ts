// MSE against R: fixed-model N̂, SE, deviance, df, AIC, BIC and both intervals agree with base R's
// glm(family = poisson) to 1e-6 relative on 2- to 8-list tables, the published ones in
// fixtures/mse/published/ included; the existence of the MLE agrees with R twice over, with glm's
// diverging coefficients and with Fienberg & Rinaldo's LP as SparseMSE's checkident solves it; where
// it does not exist, the facial set, the identifiability of N and the extended MLE agree with R's own
// computation (one primal LP per empty cell with lpSolve, glm on the facial cells); and the stepwise
// path (pairs, Poisson p-values, N̂) agrees with SparseMSE's rule rerun in R
// (fixtures/mse/reference.R produced fixtures/mse/reference.json; R is not needed to run this test).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExistenceChecker } from '../../src/core/estimate/existence.js';
import { parseCaptureHistories } from '../../src/core/estimate/history.js';
import { MseFitter, runMse, stepwisePath } from '../../src/core/estimate/mse.js';
import { parseModel, termName } from '../../src/core/estimate/terms.js';
import { REPO } from '../helpers/cli.js';

interface Ref {
  table: string;
  model: string;
  mle_exists: boolean;
  /** Optimum of Fienberg & Rinaldo's LP (lpSolve): > 0 iff the MLE exists. */
  lp: number;
  status: 'ok' | 'extended_mle' | 'not_identifiable';
  /** Capture histories (list order, '1' = on the list) outside the facial set, by R's per-cell LPs. */
  out_of_facial: string[];
  max_abs_coef?: number;
  N: number;
  se: number;
  deviance: number;
  df: number;
  aic: number;
  bic: number;
  lognormal: [number, number];
  profile: [number, number];
}

interface StepRef {
  table: string;
  threshold: number;
  path: Array<{ term: string; p: number; status: string; N: number }>;
  N: number;
  deviance: number;
}

const dir = join(REPO, 'fixtures', 'mse');
const reference = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as { models: Ref[]; stepwise: StepRef[] };
const load = (name: string) => parseCaptureHistories(readFileSync(join(dir, `${name}.csv`), 'utf8'), `${name}.csv`);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1);
/** A cell mask as R's history string: one character per list, list order. */
const history = (mask: number, k: number) => Array.from({ length: k }, (_, j) => (mask & (1 << j) ? '1' : '0')).join('');

describe('fixed models agree with R glm(family = poisson)', () => {
  let worst = 0;
  for (const ref of reference.models) {
    it(`${ref.table}: ${ref.model} is ${ref.status}${ref.status === 'not_identifiable' ? '' : ', matching R to 1e-6 relative'}`, () => {
      const table = load(ref.table);
      const k = table.lists.length;
      const fitter = new MseFitter(table);
      const model = parseModel(ref.model, table.lists);
      const fitted = fitter.fit(model);
      expect(ref.lp > 0, 'R\'s LP and glm agree on existence').toBe(ref.mle_exists);
      if (!ref.mle_exists) expect(ref.max_abs_coef, 'R\'s glm coefficients run off').toBeGreaterThan(20);
      expect(fitted.status).toBe(ref.status);
      // The facial set: grayscope's direction LP against R's one primal LP per empty cell.
      const cells = Array.from({ length: 2 ** k - 1 }, (_, i) => i + 1);
      const check = new ExistenceChecker(cells, model).check(cells.map((c) => table.counts[c] ?? 0));
      const out = check.facial ? cells.filter((_, i) => !check.facial!.includes(i)) : [];
      expect(out.map((c) => history(c, k)).sort()).toEqual([...ref.out_of_facial].sort());
      if (ref.status === 'not_identifiable') {
        const shown = runMse(table, { model });
        expect(shown.models[0]).toMatchObject({ N: null, se: null, ci: null, deviance: null, aic: null, status: 'not_identifiable' });
        expect(JSON.stringify(shown)).not.toMatch(/NaN|Infinity/);
        return;
      }
      const ours = fitter.report(fitted, 'lognormal');
      const profile = fitter.profileInterval(fitted);
      const pairs: Array<[string, number, number]> = [
        ['N', ours.N!, ref.N],
        ['se', ours.se!, ref.se],
        ['deviance', ours.deviance!, ref.deviance],
        ['aic', ours.aic!, ref.aic],
        ['bic', ours.bic!, ref.bic],
        ['lognormal lo', ours.ci![0], ref.lognormal[0]],
        ['lognormal hi', ours.ci![1], ref.lognormal[1]],
        ['profile lo', profile![0], ref.profile[0]],
        ['profile hi', profile![1], ref.profile[1]],
      ];
      for (const [what, a, b] of pairs) {
        worst = Math.max(worst, rel(a, b));
        expect(rel(a, b), `${what}: ${a} vs R ${b}`).toBeLessThan(1e-6);
      }
      expect(ours.df).toBe(ref.df);
    });
  }
  it('reports the largest relative difference from R', () => {
    process.stderr.write(`mse vs R: max relative difference ${worst.toExponential(2)}\n`);
    expect(worst).toBeLessThan(1e-6);
  });
  it('the reference exercises the extended MLE and unidentifiable N, not only ordinary fits', () => {
    const count = (s: string) => reference.models.filter((r) => r.status === s).length;
    expect(count('extended_mle')).toBeGreaterThanOrEqual(5);
    expect(count('not_identifiable')).toBeGreaterThanOrEqual(5);
  });
});

describe('stepwise choice agrees with SparseMSE\'s rule rerun in R', () => {
  let worst = 0;
  for (const ref of reference.stepwise) {
    it(`${ref.table}: ${ref.path.length ? ref.path.map((s) => s.term).join(', ') : 'main effects only'}`, () => {
      const table = load(ref.table);
      const path = stepwisePath(new MseFitter(table), ref.threshold).slice(1);
      expect(path.map((s) => termName(s.term!, table.lists))).toEqual(ref.path.map((s) => s.term));
      path.forEach((s, i) => {
        const r = ref.path[i]!;
        expect(s.fitted.status).toBe(r.status);
        worst = Math.max(worst, Math.abs(s.p! - r.p) / r.p, rel(s.fitted.N, r.N));
        // p-values run down to 1e-130: compare them relative to themselves.
        expect(Math.abs(s.p! - r.p) / r.p, `p of ${r.term}: ${s.p} vs R ${r.p}`).toBeLessThan(1e-6);
        expect(rel(s.fitted.N, r.N), `N after ${r.term}`).toBeLessThan(1e-6);
      });
      const chosen = runMse(table);
      expect(rel(chosen.selected.N!, ref.N)).toBeLessThan(1e-6);
    });
  }
  it('the comparison covers extended-MLE steps and tables where the rule stops at main effects', () => {
    expect(reference.stepwise.some((s) => s.path.some((p) => p.status === 'extended_mle'))).toBe(true);
    expect(reference.stepwise.some((s) => s.path.length === 0)).toBe(true);
    expect(worst).toBeLessThan(1e-6);
  });
});
