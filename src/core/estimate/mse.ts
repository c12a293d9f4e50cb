// Multiple systems estimation (MSE) on a capture-history table: Poisson log-linear models over the
// 2^k − 1 observable cells, N̂ = n + exp(β̂0) (Cormack 1989), with the extended MLE when the MLE does
// not exist (pairs of lists that never overlap, Chan, Silverman & Vincent 2021), intervals, and model
// choice by the stepwise rule of Chan, Silverman & Vincent (2021, JASA) or by AIC/BIC. The R packages
// Rcapture (Baillargeon & Rivest 2007) and SparseMSE (Chan, Silverman & Vincent) are the references.
import type { CaptureTable } from './history.js';
import { chaoLowerBound, chapman, chiSquareUpper, CHI2_1_95, logNormalInterval, poissonOneSided } from './intervals.js';
import type { ExistenceCheck } from './existence.js';
import { estimable, type FitStatus, PoissonFitter } from './poisson-fit.js';
import { supersetSums } from './lattice.js';
import { logGamma } from '../random.js';
import { usageError } from '../errors.js';
import { allPairs, isHierarchical, mainEffects, popcount, sortTerms, termName } from './terms.js';

export type CiMethod = 'lognormal' | 'profile';
export type Selection = 'stepwise' | 'bic' | 'aic';

export interface MseModel {
  terms: string[];
  N: number | null;
  se: number | null;
  ci: [number, number] | null;
  ci_method: string | null;
  deviance: number | null;
  df: number;
  aic: number | null;
  bic: number | null;
  status: FitStatus;
}

/** Goodness of fit of a model: residual deviance, its df and the chi-square upper tail P(χ²_df ≥ deviance). */
export interface GoodnessOfFit {
  deviance: number;
  df: number;
  /** Null when df = 0 (a saturated fit: nothing left to test it with). */
  p_value: number | null;
}

export interface MseSelected {
  terms: string[];
  N: number | null;
  ci: [number, number] | null;
  ci_method: string | null;
  /** What N is: the log-linear model's n + exp(β̂0), or Chapman's (1951) estimate with two lists. */
  estimator: 'loglinear' | 'chapman';
  /** Of the selected log-linear model (with two lists, the independence model: df 0); null without a fit. */
  gof: GoodnessOfFit | null;
}

export interface MseResult {
  lists: string[];
  n_observed: number;
  chao_lower_bound: number;
  models: MseModel[];
  selected: MseSelected;
  /** Present with --bootstrap N > 0 (see bootstrap.ts); `selected.ci` is then the BCa interval. */
  bootstrap?: BootstrapSummary;
  /** What the numbers above should be read with (N̂ below Chao's bound, BCa limits at extreme order statistics). */
  warnings: string[];
}

export interface BootstrapSummary {
  /** Replicates drawn (--bootstrap N). */
  replicates: number;
  /** Replicates whose selected model had no identifiable N; left out of both intervals. */
  failed: number;
  seed: number;
  percentile_ci: [number, number] | null;
  /** Bias correction and acceleration of the BCa interval (Efron 1987). */
  z0: number | null;
  acceleration: number | null;
  /**
   * The BCa interval's adjusted percentile levels Φ(z0 + (z0 ∓ z)/(1 − a(z0 ∓ z))): the interval is
   * the alpha1 and alpha2 quantiles of the replicates (0.025 and 0.975 when z0 = a = 0).
   */
  alpha1: number | null;
  alpha2: number | null;
}

export interface MseOptions {
  /** A fixed model (term masks, main effects included); otherwise `select` chooses one. */
  model?: number[];
  select?: Selection;
  maxOrder?: number;
  ci?: CiMethod;
  /** Stepwise threshold on the one-sided Poisson p-value (Chan, Silverman & Vincent 2021 use 0.02). */
  pThreshold?: number;
  /** The work runMse may do (default WORK_BUDGET); smaller in tests. */
  workBudget?: number;
  /**
   * Stepwise only: reject a step whenever SparseMSE's `checkident` would (the MLE does not exist
   * beyond pairs that never overlap, or the design without those pairs is rank deficient), instead
   * of fitting the extended MLE (existence.ts). For exact parity with SparseMSE's `stepwisefit`.
   */
  strictExistence?: boolean;
}

/** A fitted model with the internal numbers selection needs. */
export interface Fitted {
  masks: number[];
  status: FitStatus;
  /** Which test of the existence check (existence.ts) decided the status before any fitting. */
  existence: ExistenceCheck['reason'] | undefined;
  /** Terms (masks) at −∞ in the extended MLE: their statistic is zero (a pair that never overlaps). */
  zeroTerms: number[];
  N: number;
  variance: number;
  deviance: number;
  loglik: number;
  /** Parameters of the model, the intercept and any at −∞ included (SparseMSE counts these in AIC). */
  p: number;
  /** Cells of the facial set minus the rank of X there (Fienberg & Rinaldo 2012); (2^k − 1) − p with an MLE. */
  df: number;
  aic: number;
  bic: number;
  /** Fitted values over the observable cells (0 off the facial set); empty unless estimable. */
  mu: Float64Array;
  /**
   * SparseMSE's `checkident` would return 0: the MLE exists, or it fails only through terms whose
   * statistic is zero (pairs that never overlap) and the design without them, on the cells left, has
   * full column rank. False for an extended MLE whose facial set needed the LP, or a rank-deficient one.
   */
  checkident: boolean;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * The work one runMse may do, in cells fitted summed over its fits (a fit of 2^k − 1 cells costs about
 * half a microsecond a cell, whatever k; FIT_OVERHEAD stands for what a fit costs beyond its cells).
 * 6e7 is about half a minute on one core. Stepwise choice stays far below it (at most one fit per pair:
 * 8e6 on 16 lists), but a greedy AIC/BIC search on 16 lists (hundreds of fits per step over 65,535
 * cells) or profile intervals for the hundred models of a 16-list stepwise path would run for many
 * minutes: they stop with a usage error that says what to do instead.
 */
export const WORK_BUDGET = 6e7;
export const FIT_OVERHEAD = 64;

/** Thrown by MseFitter when its work passes its budget; runMse turns it into a usage error. */
export class WorkBudgetExceeded extends Error {
  constructor(readonly fits: number, readonly work: number) {
    super(`work budget exceeded after ${fits} fits`);
  }
}

const thousands = (x: number): string => Math.round(x).toLocaleString('en-US');

/** Fits models of one table; caches fits by term set (selection revisits models). */
export class MseFitter {
  readonly k: number;
  readonly n: number;
  readonly cells: Int32Array;
  readonly y: Float64Array;
  private readonly cache = new Map<string, Fitted>();
  /** Work done so far (see WORK_BUDGET) and the number of fits behind it; a cached refit costs nothing. */
  work = 0;
  fits = 0;
  /** The work after which the next fit throws WorkBudgetExceeded; runMse sets WORK_BUDGET. */
  budget = Infinity;

  /**
   * `pool` shares PoissonFitters by term set across MseFitters of tables with the same lists: the
   * bootstrap builds one MseFitter per replicate and refits the same few models thousands of times.
   */
  constructor(
    readonly table: CaptureTable,
    private readonly pool?: Map<string, PoissonFitter>,
  ) {
    this.k = table.lists.length;
    const m = 2 ** this.k - 1;
    this.cells = Int32Array.from({ length: m }, (_, i) => i + 1);
    this.y = Float64Array.from({ length: m }, (_, i) => table.counts[i + 1] ?? 0);
    this.n = this.y.reduce((a, b) => a + b, 0);
  }

  fit(masks: readonly number[]): Fitted {
    const sorted = sortTerms(masks);
    const key = sorted.join(',');
    const hit = this.cache.get(key);
    if (hit) return hit;
    this.spend(this.cells.length);
    let fitter = this.pool?.get(key);
    if (!fitter) {
      fitter = new PoissonFitter(this.cells, sorted);
      this.pool?.set(key, fitter);
    }
    const status = fitter.fit(this.y);
    const existence = fitter.existence?.reason;
    const zeroTerms = fitter.existence?.zeroTerms ?? [];
    const p = fitter.p;
    // Full column rank without the zero-statistic terms: the rank on F (the basis kept) is p − their number.
    const checkident = status === 'ok' || (status === 'extended_mle' && existence === 'zero_statistic' && fitter.rank === p - zeroTerms.length);
    let result: Fitted;
    if (estimable(status)) {
      const f0 = Math.exp(fitter.beta[0]!);
      // Delta method for N̂ = n + exp(β̂0) under the Poisson model (Cormack 1989; Rivest & Lévesque
      // 2001, as in Rcapture): Var(N̂) = exp(β̂0) + exp(2β̂0)·Var(β̂0). The first term is the Poisson
      // variance of the unobserved cell, the second the uncertainty of its expectation. With the
      // extended MLE, Var(β̂0) is that of the fit on the facial set (β0 is estimable there).
      const variance = f0 + f0 * f0 * fitter.interceptVariance();
      const loglik = fitter.loglik;
      result = {
        masks: sorted, status, existence, zeroTerms, N: this.n + f0, variance, deviance: fitter.deviance, loglik, p,
        df: fitter.facialCells - fitter.rank,
        aic: -2 * loglik + 2 * p,
        // DESIGN.md: BIC = p·log(n) − 2·loglik with n the number of observed cases.
        bic: p * Math.log(this.n) - 2 * loglik,
        mu: Float64Array.from(fitter.mu),
        checkident,
      };
    } else {
      result = { masks: sorted, status, existence, zeroTerms, N: NaN, variance: NaN, deviance: NaN, loglik: NaN, p, df: this.cells.length - p, aic: NaN, bic: NaN, mu: new Float64Array(0), checkident };
    }
    this.cache.set(key, result);
    return result;
  }

  private spend(cells: number): void {
    if (this.work + cells + FIT_OVERHEAD > this.budget) throw new WorkBudgetExceeded(this.fits, this.work);
    this.work += cells + FIT_OVERHEAD;
    this.fits++;
  }

  /**
   * Profile-likelihood interval on N (as Rcapture's closedpCI.t): for each N the model is fitted to
   * the complete 2^k table with the all-zero cell set to N − n, and the multinomial log-likelihood
   * ℓ(N) = log Γ(N+1) − log Γ(N−n+1) + Σ_c y_c log(μ_c/N) is compared with its maximum:
   * {N : 2(ℓmax − ℓ(N)) ≤ χ²₁(0.95)}. Null when the upper end is unbounded. With the extended MLE
   * the complete table is fitted the same way: its facial set is the observable one plus the
   * all-zero cell (every diverging direction leaves that cell alone when N is identifiable).
   */
  profileInterval(fitted: Fitted): [number, number] | null {
    if (!estimable(fitted.status)) return null;
    const m = 2 ** this.k;
    const fitter = new PoissonFitter(Int32Array.from({ length: m }, (_, i) => i), fitted.masks);
    const yy = new Float64Array(m);
    yy.set(this.y, 1);
    const n = this.n;
    const ell = (N: number): number => {
      this.spend(m);
      yy[0] = N - n;
      if (!estimable(fitter.fit(yy))) return -Infinity;
      // μ_c/Σμ rather than μ_c/N: equal at the MLE (the intercept makes Σμ = N), but a fit that
      // stopped one part in 10^12 short of it would otherwise move ℓ by N·10^-12, which is far from
      // nothing when N is in the billions; normalised, the error is of second order.
      let total = 0;
      for (let c = 0; c < m; c++) total += fitter.mu[c]!;
      let s = logGamma(N + 1) - logGamma(N - n + 1);
      for (let c = 0; c < m; c++) if (yy[c]! > 0) s += yy[c]! * Math.log(fitter.mu[c]! / total);
      return s;
    };
    const se = Math.sqrt(fitted.variance);
    // Golden-section search for the maximum on [n, N̂ + 10 se].
    let a = n;
    let b = fitted.N + 10 * se + 10;
    const g = (Math.sqrt(5) - 1) / 2;
    let c1 = b - g * (b - a);
    let c2 = a + g * (b - a);
    let v1 = ell(c1);
    let v2 = ell(c2);
    for (let i = 0; i < 200 && b - a > 1e-9 * b; i++) {
      if (v1 >= v2) {
        b = c2; c2 = c1; v2 = v1; c1 = b - g * (b - a); v1 = ell(c1);
      } else {
        a = c1; c1 = c2; v1 = v2; c2 = a + g * (b - a); v2 = ell(c2);
      }
    }
    const nMax = (a + b) / 2;
    const threshold = ell(nMax) - CHI2_1_95 / 2;
    const root = (lo: number, hi: number, loInside: boolean): number => {
      for (let i = 0; i < 200 && hi - lo > 1e-10 * hi; i++) {
        const mid = (lo + hi) / 2;
        if ((ell(mid) >= threshold) === loInside) lo = mid;
        else hi = mid;
      }
      return (lo + hi) / 2;
    };
    const lower = ell(n) >= threshold ? n : root(n, nMax, false);
    let hi = nMax + Math.max(se, 1);
    for (let i = 0; ell(hi) >= threshold; i++) {
      if (i > 60) return null;
      hi = nMax + 2 * (hi - nMax);
    }
    const upper = root(nMax, hi, true);
    return [lower, upper];
  }

  /** The model as the JSON document reports it: no NaN or Infinity, ever. */
  report(fitted: Fitted, ci: CiMethod): MseModel {
    const ok = estimable(fitted.status);
    const interval = !ok ? null : ci === 'profile' ? this.profileInterval(fitted) : logNormalInterval(this.n, fitted.N, fitted.variance);
    return {
      terms: fitted.masks.map((t) => termName(t, this.table.lists)),
      N: ok ? finite(fitted.N) : null,
      se: ok ? finite(Math.sqrt(fitted.variance)) : null,
      ci: interval && interval.every(Number.isFinite) ? interval : null,
      ci_method: interval ? ci : null,
      // A saturated fit's deviance is 0 up to rounding (R prints −1e-14 as readily): never below 0.
      deviance: ok ? finite(Math.max(0, fitted.deviance)) : null,
      df: fitted.df,
      aic: ok ? finite(fitted.aic) : null,
      bic: ok ? finite(fitted.bic) : null,
      status: fitted.status,
    };
  }
}

/**
 * Stepwise choice of Chan, Silverman & Vincent (2021), as SparseMSE's `stepwisefit`: from the main
 * effects, every pairwise interaction not yet in the model is a candidate; its p-value is the smaller
 * one-sided Poisson tail of n*, the cases on both lists, given the mean λ* that the current model
 * fits to those cells; a candidate whose model has no identifiable N (existence.ts: the extended MLE
 * on the facial set) gets p = 1. The candidate with the smallest p is added while p < threshold;
 * ties go to the first pair in mask order (A:B, A:C, B:C, A:D, …). With `strict`, a candidate whose
 * model fails SparseMSE's `checkident` (Fitted.checkident) gets p = 1 too, as in `stepwisefit`, even
 * when its extended MLE identifies N. Returns the path of models, the chosen one last.
 */
export function stepwise(f: MseFitter, threshold = 0.02, strict = false): Fitted[] {
  return stepwisePath(f, threshold, strict).map((s) => s.fitted);
}

/** One step of the stepwise path: the model, the pair added to reach it and that pair's p-value. */
export interface Step {
  fitted: Fitted;
  /** The pair added (mask); undefined for the main-effects model. */
  term?: number;
  p?: number;
}

/** The stepwise path with the pair and p-value of each step (see stepwise). */
export function stepwisePath(f: MseFitter, threshold = 0.02, strict = false): Step[] {
  let current = f.fit(mainEffects(f.k));
  const path: Step[] = [{ fitted: current }];
  if (!estimable(current.status) || f.k < 3) return path;
  const span = 2 ** f.k;
  const nStar = new Float64Array(span);
  for (let c = 1; c < span; c++) nStar[c] = f.y[c - 1]!;
  supersetSums(nStar, span);
  const lambda = new Float64Array(span);
  for (;;) {
    lambda.fill(0);
    lambda.set(current.mu, 1);
    supersetSums(lambda, span);
    const candidates = allPairs(f.k)
      .filter((pair) => !current.masks.includes(pair))
      .map((pair) => ({ pair, p: poissonOneSided(nStar[pair]!, lambda[pair]!) }))
      .sort((a, b) => a.p - b.p || a.pair - b.pair);
    // Only the best candidate whose model is estimable matters: the others would get p = 1.
    let next: Step | undefined;
    for (const { pair, p } of candidates) {
      if (!(p < threshold)) break;
      const cand = f.fit([...current.masks, pair]);
      if (estimable(cand.status) && (!strict || cand.checkident)) {
        next = { fitted: cand, term: pair, p };
        break;
      }
    }
    if (!next) return path;
    current = next.fitted;
    path.push(next);
  }
}

const criterion = (x: Fitted, which: 'aic' | 'bic') => (estimable(x.status) ? x[which] : Infinity);

/** Hierarchical terms of order 2..maxOrder (below k) that could be added to a model. */
function addable(masks: readonly number[], k: number, maxOrder: number): number[] {
  const set = new Set(masks);
  const out: number[] = [];
  for (let t = 1; t < 2 ** k; t++) {
    const order = popcount(t);
    if (order < 2 || order > maxOrder || order >= k || set.has(t)) continue;
    if (isHierarchical([...masks, t])) out.push(t);
  }
  return out;
}

/** Interactions that no other term of the model contains (removable keeping the model hierarchical). */
function removable(masks: readonly number[]): number[] {
  return masks.filter((t) => popcount(t) >= 2 && !masks.some((u) => u !== t && (u & t) === t));
}

/**
 * Choice by AIC or BIC over hierarchical models up to maxOrder. With maxOrder 2 and k ≤ 5 every
 * subset of pairwise interactions is fitted (at most 2^10 models); otherwise a greedy search adds or
 * removes one term at a time from the main-effects model while the criterion improves. Models with
 * the extended MLE compete with their N identifiable; models whose N is not are never chosen.
 * Returns the fitted models, best first.
 */
export function selectByCriterion(f: MseFitter, which: 'aic' | 'bic', maxOrder: number): Fitted[] {
  const mains = mainEffects(f.k);
  const seen: Fitted[] = [];
  if (maxOrder <= 2 && f.k <= 5) {
    const pairs = allPairs(f.k);
    for (let s = 0; s < 2 ** pairs.length; s++) {
      seen.push(f.fit([...mains, ...pairs.filter((_, i) => s & (1 << i))]));
    }
  } else {
    let current = f.fit(mains);
    seen.push(current);
    for (;;) {
      const moves = [
        ...addable(current.masks, f.k, maxOrder).map((t) => [...current.masks, t]),
        ...removable(current.masks).map((t) => current.masks.filter((u) => u !== t)),
      ].map((m) => f.fit(m));
      seen.push(...moves);
      const best = moves.reduce<Fitted | undefined>((b, x) => (b === undefined || criterion(x, which) < criterion(b, which) ? x : b), undefined);
      if (!best || !(criterion(best, which) < criterion(current, which))) break;
      current = best;
    }
  }
  const unique = [...new Map(seen.map((x) => [x.masks.join(','), x])).values()];
  return unique.sort((a, b) => criterion(a, which) - criterion(b, which) || a.p - b.p);
}

/** How many models the JSON lists beside the chosen one for AIC/BIC. */
const SHOWN = 10;

/**
 * The model choice of `options`: a fixed model, stepwise (always with two lists) or AIC/BIC. `chosen`
 * is the selected model, `shown` the models the JSON lists. The bootstrap reruns exactly this.
 */
export function chooseModel(f: MseFitter, options: MseOptions): { chosen: Fitted; shown: Fitted[] } {
  if (options.model) {
    const chosen = f.fit(options.model);
    return { chosen, shown: [chosen] };
  }
  if (f.k === 2 || (options.select ?? 'stepwise') === 'stepwise') {
    const shown = stepwise(f, options.pThreshold ?? 0.02, options.strictExistence ?? false);
    return { chosen: shown[shown.length - 1]!, shown };
  }
  const which = options.select === 'aic' ? 'aic' : 'bic';
  const ranked = selectByCriterion(f, which, options.maxOrder ?? 2);
  const mains = f.fit(mainEffects(f.k));
  return { chosen: ranked[0]!, shown: [...new Set([...ranked.filter((x) => estimable(x.status)).slice(0, SHOWN), mains])] };
}

/** The warning for an estimate below Chao's (1987) lower bound (see chaoLowerBound). */
function belowChao(N: number, chao: number, k: number): string {
  const one = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  return (
    `N = ${one(N)} is below Chao's lower bound ${one(chao)} for ${k} lists: the selected model does not allow for cases that differ in how likely every list is to see them (heterogeneity), which biases N down; ` +
    'the bound holds when lists are independent given that catchability. Compare the models listed, or report the bound beside N.'
  );
}

/**
 * `usage`, when given, receives the work of the model choice alone (see WORK_BUDGET): the bootstrap
 * reruns that choice in every replicate and projects its cost from it.
 */
export function runMse(table: CaptureTable, options: MseOptions = {}, usage?: { choiceWork: number }): MseResult {
  const f = new MseFitter(table);
  const budget = options.workBudget ?? WORK_BUDGET;
  f.budget = budget;
  const ci = options.ci ?? 'lognormal';
  const lists = [...table.lists];
  // f1, f2: cases seen by exactly one / two lists.
  let f1 = 0;
  let f2 = 0;
  for (let c = 1; c < 2 ** f.k; c++) {
    const order = popcount(c);
    if (order === 1) f1 += table.counts[c] ?? 0;
    else if (order === 2) f2 += table.counts[c] ?? 0;
  }
  const k = f.k;
  const cells = thousands(2 ** k - 1);
  let choice: ReturnType<typeof chooseModel>;
  try {
    choice = chooseModel(f, options);
  } catch (err) {
    if (!(err instanceof WorkBudgetExceeded)) throw err;
    const how = options.model ? '--model' : `--select ${options.select ?? 'stepwise'}`;
    throw usageError(
      `${how} on ${k} lists: the model search stopped after fitting ${thousands(err.fits)} models of ${cells} cells, more than one search may take (${thousands(budget)} cells fitted in all${budget === WORK_BUDGET ? ', about half a minute' : ''}).`,
      `Use --select stepwise (the default), which fits one model per step${(options.maxOrder ?? 2) > 2 ? ', or a lower --max-order' : ''}, or fewer lists.`,
    );
  }
  const { chosen, shown } = choice;
  if (usage) usage.choiceWork = f.work;
  let models: MseModel[];
  let chosenReport: MseModel;
  try {
    models = shown.map((x) => f.report(x, ci));
    chosenReport = f.report(chosen, ci);
  } catch (err) {
    if (!(err instanceof WorkBudgetExceeded)) throw err;
    throw usageError(
      `--ci profile on ${k} lists: the profile intervals of the ${shown.length} models listed stopped after fitting ${thousands(err.fits)} models (the complete table has ${thousands(2 ** k)} cells), more than one run may take (${thousands(budget)} cells fitted in all${budget === WORK_BUDGET ? ', about half a minute' : ''}).`,
      'Use --ci lognormal (the default), or --model to profile one model.',
    );
  }
  const gof: GoodnessOfFit | null =
    chosenReport.deviance === null ? null : { deviance: chosenReport.deviance, df: chosenReport.df, p_value: chiSquareUpper(chosenReport.deviance, chosenReport.df) };
  let selected: MseSelected = { terms: chosenReport.terms, N: chosenReport.N, ci: chosenReport.ci, ci_method: chosenReport.ci_method, estimator: 'loglinear', gof };
  if (f.k === 2) {
    // Two lists: Chapman (1951), nearly unbiased where Lincoln–Petersen is not, with Seber's variance.
    // Two lists that never overlap say nothing about N (the independence model is not_identifiable):
    // Chapman's formula stays finite there only by its +1s, (n1 + 1)(n2 + 1) − 1, so it is not reported.
    const m = table.counts[3] ?? 0;
    const n1 = (table.counts[1] ?? 0) + m;
    const n2 = (table.counts[2] ?? 0) + m;
    const c = chapman(n1, n2, m);
    const interval = m > 0 ? logNormalInterval(f.n, c.N, c.variance) : null;
    selected = { terms: chosenReport.terms, N: m > 0 ? finite(c.N) : null, ci: interval, ci_method: interval ? 'chapman_lognormal' : null, estimator: 'chapman', gof };
  }
  const chao = chaoLowerBound(f.n, f1, f2, k);
  const warnings: string[] = [];
  // Not with two lists: there (n10 + n01)²/4 ≥ n10·n01 puts the bound at or above the independence
  // estimate n + n10·n01/n11 on every table, so falling below it says nothing about these data.
  if (k > 2 && selected.N !== null && selected.N < chao) warnings.push(belowChao(selected.N, chao, k));
  return { lists, n_observed: f.n, chao_lower_bound: chao, models, selected, warnings };
}
