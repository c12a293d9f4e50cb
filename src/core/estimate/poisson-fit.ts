// Poisson log-linear models fitted by IRLS (Newton–Raphson with step halving), built to be called many
// times: one fitter per model holds its design and every work array, so `fit(y)` allocates nothing (a
// BCa bootstrap that reruns model choice in each sample, Silverman, Chan & Vincent 2024, refits the same
// models thousands of times). Counts and fitted values are typed arrays over cells
// given as capture-history masks; see terms.ts for how a mask encodes a design row. The design is
// never formed: because x_t(c) = [c ⊇ t], every product with it is a subset or superset sum over the
// mask lattice (a zeta transform, O(k·2^k)), e.g. (X'WX)_{st} = Σ_{c ⊇ s∪t} μ_c.
// When the MLE does not exist, the extended MLE is fitted instead: the same IRLS on the facial set
// with the aliased columns dropped (existence.ts), every other cell's fitted value 0.
import { logGamma } from '../random.js';
import { type ExistenceCheck, ExistenceChecker } from './existence.js';
import { latticeModel, subsetSums, supersetSums } from './lattice.js';

/**
 * ok: the MLE exists and was fitted. extended_mle: it does not; the extended MLE was fitted on the
 * facial set and N is identifiable. not_identifiable: N is not (existence.ts). not_converged: numerical
 * trouble the exact check cannot see (the IRLS diverged, stalled or met a singular information matrix).
 */
export type FitStatus = 'ok' | 'extended_mle' | 'not_identifiable' | 'not_converged';

/** True for the statuses whose N̂ is reported and can be chosen. */
export const estimable = (status: FitStatus): boolean => status === 'ok' || status === 'extended_mle';

/**
 * |β| beyond this would overflow exp(η): the fit has run away. It is not a test of divergence: a
 * legitimate coefficient can be large (β0 = log f0 is 32 for a population of 1e14, and counts reach
 * 9e15), and the exact existence check (existence.ts) runs before fitting, so the fit's MLE exists.
 */
const DIVERGED = 700;
/**
 * A fit whose deviance has stopped changing while its coefficients still move this much per step is
 * drifting along a flat direction (a boundary the existence check missed), not converging: Newton
 * steps near a true optimum are many orders smaller, and a drift moves η by about 1 per step.
 */
const DRIFT = 1e-3;
const MAX_ITER = 100;
const TOL = 1e-13;
/** Fitters of facial sets kept per model (the bootstrap meets the same few zero patterns again and again). */
const FACIAL_FITTERS = 64;

export class PoissonFitter {
  readonly cells: Int32Array;
  readonly terms: Int32Array;
  readonly m: number;
  readonly p: number;
  /** Size of the mask lattice the cells and terms live in (a power of two). */
  private readonly span: number;
  /** Scratch indexed by mask, for the zeta transforms. */
  private readonly work: Float64Array;
  readonly beta: Float64Array;
  readonly mu: Float64Array;
  status: FitStatus = 'ok';
  /** The existence check of the last fit: which test decided, the zero-statistic terms, the facial set. */
  existence: ExistenceCheck | undefined;
  /** Cells of the facial set and rank of X there, of the last successful fit (all cells and p with an MLE). */
  facialCells = 0;
  rank = 0;
  deviance = Number.NaN;
  loglik = Number.NaN;
  iterations = 0;
  private readonly eta: Float64Array;
  private readonly betaOld: Float64Array;
  private readonly a: Float64Array;
  private readonly l: Float64Array;
  private readonly rhs: Float64Array;
  private readonly tmp: Float64Array;
  private checker: ExistenceChecker | undefined;
  /** The fitter of the facial set of the last extended fit; undefined after an ordinary fit. */
  private facial: PoissonFitter | undefined;
  private readonly facialFitters = new Map<string, PoissonFitter>();

  constructor(cells: ArrayLike<number>, terms: ArrayLike<number>) {
    ({ cells: this.cells, terms: this.terms, span: this.span } = latticeModel(cells, terms));
    this.m = this.cells.length;
    this.p = this.terms.length;
    this.work = new Float64Array(this.span);
    this.beta = new Float64Array(this.p);
    this.betaOld = new Float64Array(this.p);
    this.mu = new Float64Array(this.m);
    this.eta = new Float64Array(this.m);
    this.a = new Float64Array(this.p * this.p);
    this.l = new Float64Array(this.p * this.p);
    this.rhs = new Float64Array(this.p);
    this.tmp = new Float64Array(this.p);
  }

  /**
   * Whether the MLE exists for counts y and the model is identifiable (existence.ts: a zero term
   * statistic such as a pair of lists that never overlap, or any other zero pattern that puts the
   * statistics on the boundary of the marginal cone; Fienberg & Rinaldo 2012).
   */
  checkExistence(y: ArrayLike<number>): ExistenceCheck {
    this.checker ??= new ExistenceChecker(this.cells, this.terms);
    this.existence = this.checker.check(y);
    return this.existence;
  }

  /**
   * Fits the model to counts y (one per cell): the MLE when it exists, otherwise the extended MLE on
   * the facial set. Returns the status; results stay in the fitter (with the extended MLE, `mu` is 0
   * off the facial set and only beta[0] of `beta` is meaningful).
   */
  fit(y: ArrayLike<number>): FitStatus {
    this.iterations = 0;
    this.facial = undefined;
    const check = this.checkExistence(y);
    if (check.status === 'not_identifiable') return this.fail('not_identifiable');
    if (check.status === 'ok') {
      const status = this.irls(y);
      if (status !== 'ok') return this.fail(status);
      this.facialCells = this.m;
      this.rank = this.p;
      return status;
    }
    const facial = check.facial!;
    const sub = this.facialFitter(facial, check.kept!);
    const yF = new Float64Array(facial.length);
    for (let i = 0; i < facial.length; i++) yF[i] = y[facial[i]!] ?? 0;
    const status = sub.irls(yF);
    if (status !== 'ok') return this.fail(status);
    this.mu.fill(0);
    for (let i = 0; i < facial.length; i++) this.mu[facial[i]!] = sub.mu[i]!;
    this.beta.fill(0);
    this.beta[0] = sub.beta[0]!;
    this.iterations = sub.iterations;
    this.deviance = sub.deviance;
    this.loglik = sub.loglik;
    this.facialCells = facial.length;
    this.rank = sub.p;
    this.facial = sub;
    this.status = 'extended_mle';
    return 'extended_mle';
  }

  /** Var(β̂0) of the last successful fit: from the facial set's fit when the MLE did not exist. */
  interceptVariance(): number {
    return this.facial ? this.facial.variance(0) : this.variance(0);
  }

  /** The fitter of one facial set (cells by index, kept terms by mask), made once and kept. */
  private facialFitter(facial: Int32Array, kept: Int32Array): PoissonFitter {
    const key = `${facial.join(',')}|${kept.join(',')}`;
    let sub = this.facialFitters.get(key);
    if (!sub) {
      if (this.facialFitters.size >= FACIAL_FITTERS) this.facialFitters.clear();
      sub = new PoissonFitter(Array.from(facial, (i) => this.cells[i]!), kept);
      this.facialFitters.set(key, sub);
    }
    return sub;
  }

  /** IRLS from R's glm start, without the existence check (the caller knows the MLE exists). */
  private irls(y: ArrayLike<number>): FitStatus {
    const { m, p, beta, mu, eta } = this;
    // R's glm start: mu = y + 0.1, then the first weighted least-squares step from eta = log(mu).
    for (let c = 0; c < m; c++) {
      mu[c] = (y[c] ?? 0) + 0.1;
      eta[c] = Math.log(mu[c]!);
    }
    if (!this.wlsStep(y)) return 'not_converged';
    let dev = this.updateMu(y);
    // The deviance's rounding error: its terms are of the size of the counts, so with counts in the
    // billions it is far above 1e-12. Step halving must not take that noise for a rise (it would halve
    // a good Newton step to nothing and stop the fit short of the optimum).
    let total = 0;
    for (let c = 0; c < m; c++) total += y[c] ?? 0;
    const noise = 1e-12 + 1e-14 * total;
    for (let iter = 1; iter <= MAX_ITER; iter++) {
      this.iterations = iter;
      this.betaOld.set(beta);
      if (!this.wlsStep(y)) return 'not_converged';
      let next = this.updateMu(y);
      // Step halving keeps the deviance from rising (it can overshoot far from the optimum).
      for (let half = 0; half < 30 && !(next <= dev * (1 + 1e-12) + noise); half++) {
        for (let j = 0; j < p; j++) beta[j] = 0.5 * (beta[j]! + this.betaOld[j]!);
        next = this.updateMu(y);
      }
      let big = 0;
      for (let j = 0; j < p; j++) big = Math.max(big, Math.abs(beta[j]!));
      if (!Number.isFinite(next) || big > DIVERGED) return 'not_converged';
      let step = 0;
      for (let j = 0; j < p; j++) step = Math.max(step, Math.abs(beta[j]! - this.betaOld[j]!));
      // The deviance test is R's; the step test ends fits whose deviance is ~0 (saturated models) or
      // below its rounding error (huge counts). A flat deviance with moving coefficients is a drift.
      const converged = (Math.abs(next - dev) / (Math.abs(next) + 0.1) < TOL && step < DRIFT) || step < 1e-11;
      dev = next;
      if (converged) break;
      if (iter === MAX_ITER) return 'not_converged';
    }
    // Information at the final fit, for Var(β̂0) and for callers that need the covariance.
    if (!this.factorInformation()) return 'not_converged';
    this.deviance = dev;
    let ll = 0;
    for (let c = 0; c < m; c++) {
      const yc = y[c] ?? 0;
      ll += (yc > 0 ? yc * eta[c]! : 0) - mu[c]! - logGamma(yc + 1);
    }
    this.loglik = ll;
    this.status = 'ok';
    return 'ok';
  }

  /** [(X'WX)^{-1}]_{jj}, the variance of β̂_j, from the factor of the last successful fit. */
  variance(j: number): number {
    const { tmp } = this;
    tmp.fill(0);
    tmp[j] = 1;
    this.solve(tmp);
    return tmp[j]!;
  }

  private fail(status: FitStatus): FitStatus {
    this.status = status;
    this.deviance = Number.NaN;
    this.loglik = Number.NaN;
    return status;
  }

  /** work ← the per-cell values v placed at their masks, zero elsewhere. */
  private scatterCells(v: ArrayLike<number>): void {
    const { work, cells, m } = this;
    work.fill(0);
    for (let c = 0; c < m; c++) work[cells[c]!] = v[c] ?? 0;
  }

  /** eta = Xβ, mu = exp(eta); returns the deviance. */
  private updateMu(y: ArrayLike<number>): number {
    const { m, p, beta, mu, eta, work, terms, cells } = this;
    work.fill(0);
    for (let j = 0; j < p; j++) work[terms[j]!] = work[terms[j]!]! + beta[j]!;
    // η_c = Σ_{t ⊆ c} β_t.
    subsetSums(this.work, this.span);
    let dev = 0;
    for (let c = 0; c < m; c++) {
      const e = work[cells[c]!]!;
      eta[c] = e;
      const mc = Math.exp(e);
      mu[c] = mc;
      const yc = y[c] ?? 0;
      dev += yc > 0 ? 2 * (yc * Math.log(yc / mc) - (yc - mc)) : 2 * mc;
    }
    return dev;
  }

  /** Builds X'WX (W = mu) into `a` and factors it (Cholesky) into `l`; false if not positive definite. */
  private factorInformation(): boolean {
    const { p, mu, a, l, work, terms } = this;
    this.scatterCells(mu);
    supersetSums(this.work, this.span);
    for (let i = 0; i < p; i++) {
      const ti = terms[i]!;
      for (let j = 0; j <= i; j++) a[i * p + j] = work[ti | terms[j]!]!;
    }
    for (let i = 0; i < p; i++) {
      for (let j = 0; j <= i; j++) {
        let s = a[i * p + j]!;
        for (let k = 0; k < j; k++) s -= l[i * p + k]! * l[j * p + k]!;
        if (i === j) {
          if (!(s > 1e-13 * a[i * p + i]!) || !(s > 0)) return false;
          l[i * p + i] = Math.sqrt(s);
        } else l[i * p + j] = s / l[j * p + j]!;
      }
    }
    return true;
  }

  /** Solves (LL') v = v in place. */
  private solve(v: Float64Array): void {
    const { p, l } = this;
    for (let i = 0; i < p; i++) {
      let s = v[i]!;
      for (let k = 0; k < i; k++) s -= l[i * p + k]! * v[k]!;
      v[i] = s / l[i * p + i]!;
    }
    for (let i = p - 1; i >= 0; i--) {
      let s = v[i]!;
      for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * v[k]!;
      v[i] = s / l[i * p + i]!;
    }
  }

  /** One IRLS step: β = (X'WX)^{-1} X'W z with z = eta + (y − mu)/mu, W = mu. */
  private wlsStep(y: ArrayLike<number>): boolean {
    const { m, p, mu, eta, rhs, beta, work, cells, terms } = this;
    if (!this.factorInformation()) return false;
    work.fill(0);
    for (let c = 0; c < m; c++) work[cells[c]!] = mu[c]! * eta[c]! + ((y[c] ?? 0) - mu[c]!);
    supersetSums(this.work, this.span);
    for (let j = 0; j < p; j++) rhs[j] = work[terms[j]!]!;
    this.solve(rhs);
    beta.set(rhs);
    return true;
  }
}
