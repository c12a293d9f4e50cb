// MSE against R: fixed-model N̂, SE, deviance, AIC, BIC and both intervals agree with base R's
// glm(family = poisson) to 1e-6 relative on 2- to 8-list tables, the published ones in
// fixtures/mse/published/ included; and the existence of the MLE agrees with R twice over, with glm's
// diverging coefficients and with Fienberg & Rinaldo's LP as SparseMSE's checkident solves it
// (fixtures/mse/reference.R produced fixtures/mse/reference.json; R is not needed to run this test).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCaptureHistories } from '../../src/core/estimate/history.js';
import { MseFitter, runMse } from '../../src/core/estimate/mse.js';
import { parseModel } from '../../src/core/estimate/terms.js';
import { REPO } from '../helpers/cli.js';

interface Ref {
  table: string;
  model: string;
  mle_exists: boolean;
  /** Optimum of Fienberg & Rinaldo's LP (lpSolve): > 0 iff the MLE exists. */
  lp: number;
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

const dir = join(REPO, 'fixtures', 'mse');
const reference = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as { models: Ref[] };
const load = (name: string) => parseCaptureHistories(readFileSync(join(dir, `${name}.csv`), 'utf8'), `${name}.csv`);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1);

describe('fixed models agree with R glm(family = poisson)', () => {
  let worst = 0;
  for (const ref of reference.models) {
    it(`${ref.table}: ${ref.model} ${ref.mle_exists ? 'matches R to 1e-6 relative' : 'is reported as mle_does_not_exist'}`, () => {
      const table = load(ref.table);
      const fitter = new MseFitter(table);
      const fitted = fitter.fit(parseModel(ref.model, table.lists));
      expect(ref.lp > 0, 'R\'s LP and glm agree on existence').toBe(ref.mle_exists);
      if (!ref.mle_exists) {
        expect(ref.max_abs_coef, 'R\'s glm coefficients run off').toBeGreaterThan(20);
        expect(fitted.status).toBe('mle_does_not_exist');
        // Decided by the exact check before fitting, not by the fit's divergence safety net.
        expect(['zero_statistic', 'lp']).toContain(fitted.existence);
        const shown = runMse(table, { model: parseModel(ref.model, table.lists) });
        expect(shown.models[0]).toMatchObject({ N: null, se: null, ci: null, status: 'mle_does_not_exist' });
        expect(JSON.stringify(shown)).not.toMatch(/NaN|Infinity/);
        return;
      }
      expect(fitted.status).toBe('ok');
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
});
