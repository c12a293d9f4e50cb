// BCa bootstrap interval for the selected MSE estimate (`grayscope mse --bootstrap N --seed S`): the
// observed cases are resampled, model choice is rerun in every replicate (Silverman, Chan & Vincent
// 2024), and the interval is Efron's (1987) bias-corrected and accelerated percentile interval.
// Replicates run on a pool of worker threads (bootstrap-worker.ts); each replicate draws from its own
// forked random stream, so the result does not depend on how replicates are split over workers.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CaptureTable } from './history.js';
import { chapman, levelText, normalCdf, Z95 } from './intervals.js';
import { type BootstrapSummary, chooseModel, FIT_OVERHEAD, MseFitter, type MseOptions, type MseResult, runMse } from './mse.js';
import { usageError } from '../errors.js';
import { estimable, type PoissonFitter } from './poisson-fit.js';
import { Rng } from '../random.js';

export interface BootstrapOptions {
  /** Number of bootstrap replicates (B). */
  replicates: number;
  seed: number;
  /** Worker threads; 1 (or fewer) computes in this thread. Default: os.availableParallelism(). */
  workers?: number;
}

/** Everything a worker needs to compute replicate and jackknife values; structured-clone safe. */
export interface BootstrapJob {
  lists: string[];
  counts: Float64Array;
  options: Pick<MseOptions, 'model' | 'select' | 'maxOrder' | 'pThreshold' | 'strictExistence'>;
  seed: number;
}

/** A slice of work: replicates r ∈ [from, to), or jackknife values for observed cells [from, to). */
export interface BootstrapTask {
  kind: 'replicate' | 'jackknife';
  from: number;
  to: number;
}

/**
 * Computes replicate and jackknife estimates for one table. Built once per thread: its PoissonFitters
 * (one per model any replicate visits) are kept and refitted, so a replicate allocates little.
 */
export class ReplicateRunner {
  /** Masks of the cells with at least one observed case, ascending; their counts. */
  readonly observed: Int32Array;
  readonly observedCounts: Float64Array;
  readonly n: number;
  private readonly pool = new Map<string, PoissonFitter>();
  private readonly root: Rng;
  private readonly work: Float64Array;

  constructor(private readonly job: BootstrapJob) {
    const cells: number[] = [];
    for (let c = 1; c < job.counts.length; c++) if ((job.counts[c] ?? 0) > 0) cells.push(c);
    this.observed = Int32Array.from(cells);
    this.observedCounts = Float64Array.from(cells, (c) => job.counts[c]!);
    this.n = this.observedCounts.reduce((a, b) => a + b, 0);
    this.root = new Rng(`grayscope/mse-bootstrap/${job.seed}`);
    this.work = new Float64Array(job.counts.length);
  }

  /**
   * N̂ of the model that `options` chooses on these counts (a full 2^k table); Chapman's estimate with
   * two lists, as runMse reports. NaN when the chosen model's N is not identifiable (nor estimable).
   */
  estimate(counts: Float64Array): number {
    const { lists, options } = this.job;
    if (lists.length === 2) {
      // No overlap in the resample: N is not identifiable there (runMse reports no N either).
      const m = counts[3] ?? 0;
      return m > 0 ? chapman((counts[1] ?? 0) + m, (counts[2] ?? 0) + m, m).N : Number.NaN;
    }
    const { chosen } = chooseModel(new MseFitter({ lists, counts }, this.pool), options);
    return estimable(chosen.status) && Number.isFinite(chosen.N) ? chosen.N : Number.NaN;
  }

  /**
   * Replicate r: a multinomial draw of n cases over the observed cells with probabilities y_c / n
   * (resampling cases with replacement), by sequential conditional binomials from stream fork(r).
   */
  replicate(r: number): number {
    const rng = this.root.fork(r);
    const { observed, observedCounts, work } = this;
    work.fill(0);
    let left = this.n;
    let rest = this.n;
    for (let i = 0; i < observed.length && left > 0; i++) {
      const y = observedCounts[i]!;
      const x = i === observed.length - 1 ? left : rng.binomial(left, y / rest);
      work[observed[i]!] = x;
      left -= x;
      rest -= y;
    }
    return this.estimate(work);
  }

  /** The estimate with one case removed from observed cell i (the delete-one-case jackknife). */
  jackknife(i: number): number {
    this.work.set(this.job.counts);
    const c = this.observed[i]!;
    this.work[c] = this.work[c]! - 1;
    return this.estimate(this.work);
  }

  run(task: BootstrapTask): Float64Array {
    const out = new Float64Array(task.to - task.from);
    for (let i = task.from; i < task.to; i++) out[i - task.from] = task.kind === 'replicate' ? this.replicate(i) : this.jackknife(i);
    return out;
  }
}

/**
 * The work a bootstrap may do, in cells fitted (mse.ts's WORK_BUDGET): about a minute on two cores
 * (1,000 replicates of the main-effects model on 16 lists, 1.5e8, took 65 s). The 8-list benchmark
 * (1,000 replicates, stepwise) needs a twelfth of it.
 */
/** Kept here too for the callers that know it from the BCa interval. */
export { normalCdf };

export const BOOTSTRAP_BUDGET = 1.5e8;

/**
 * Refuses, before any replicate runs, a bootstrap whose projected work passes BOOTSTRAP_BUDGET: B
 * resamples and one jackknife table per non-empty cell, each drawn (its cells) and each rerunning the
 * model choice, which costs about what it cost on the data (`choiceWork`).
 */
export function checkBootstrapWork(table: CaptureTable, replicates: number, choiceWork: number, fixedModel = false): void {
  let cells = 0;
  for (let c = 1; c < table.counts.length; c++) if ((table.counts[c] ?? 0) > 0) cells++;
  const perTable = choiceWork + cells + FIT_OVERHEAD;
  const projected = (replicates + cells) * perTable;
  if (projected <= BOOTSTRAP_BUDGET) return;
  const most = Math.floor(BOOTSTRAP_BUDGET / perTable) - cells;
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const k = table.lists.length;
  throw usageError(
    `--bootstrap ${n(replicates)} on ${k} lists: ${n(replicates)} resamples and ${n(cells)} jackknife tables (one per non-empty cell) would each rerun the model choice, about ${n(projected)} cells fitted in all, more than grayscope allows a bootstrap (${n(BOOTSTRAP_BUDGET)}, about a minute on two cores).`,
    most >= 200
      ? `Use --bootstrap ${n(most)} or fewer.`
      : fixedModel
        ? `Even the jackknife (one refit per non-empty cell) is too much work on ${k} lists: use fewer lists, or no --bootstrap.`
        : `Even the jackknife is too much work with this model choice on ${k} lists: use --model to bootstrap one model, or fewer lists.`,
  );
}

/** Standard normal quantile (Wichura 1988, AS 241, PPND16; relative error ~1e-16). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : Number.NaN;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let v: number;
  if (r <= 5) {
    r -= 1.6;
    v =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    v =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -v : v;
}

/**
 * Quantile of sorted values by Hyndman & Fan's (1996) definition 8, approximately median-unbiased
 * whatever the distribution, as R's quantile(type = 8) and SparseMSE's `bcaconfvalues`: with
 * h = (B + 1/3)·p + 1/3, linear between the order statistics x_⌊h⌋ and x_⌊h⌋+1 (1-based), and the
 * extreme one past either end. R's fuzz of 4 machine epsilons on h is kept, so that a level landing on
 * an order statistic takes it exactly. (boot's bca.ci instead interpolates the (B + 1)·α-th order
 * statistic on the normal quantile scale, and bootstrap's bcanon takes type 1, no interpolation.)
 */
export function quantileSorted(sorted: ArrayLike<number>, prob: number): number {
  const n = sorted.length;
  if (n === 0 || !(prob >= 0 && prob <= 1)) return Number.NaN;
  const fuzz = 4 * Number.EPSILON;
  const h = (n + 1 / 3) * prob + 1 / 3;
  const j = Math.floor(h + fuzz);
  const g = Math.abs(h - j) < fuzz ? 0 : h - j;
  if (j < 1) return sorted[0]!;
  if (j >= n) return sorted[n - 1]!;
  const a = sorted[j - 1]!;
  return g === 0 ? a : a + g * (sorted[j]! - a);
}

/**
 * Relative tolerance within which a replicate counts as tied with θ̂ in z0 (one half below). A
 * replicate table equal to the data refits the same model from another start; N̂ agrees to about
 * 1e-12 relative (the fit stops at a relative change of deviance of 1e-13), never bit for bit. A
 * table one case away moves N̂ by about 1/n relative, 1e-7 or more while n ≤ 10⁷, so 1e-9 separates
 * the two.
 */
export const TIE_TOLERANCE = 1e-9;

/** A BCa limit with fewer replicates than this beyond it rests on extreme order statistics. */
export const MIN_BEYOND = 5;

export interface BcaResult {
  ci: [number, number] | null;
  percentile: [number, number] | null;
  z0: number | null;
  acceleration: number | null;
  /** The adjusted levels of the lower and upper limit; null where undefined. */
  alpha1: number | null;
  alpha2: number | null;
  /** Finite replicates strictly below the lower limit and strictly above the upper (0 without a ci). */
  below: number;
  above: number;
  /** Finite replicates used. */
  B: number;
}

/**
 * The BCa interval (Efron 1987; DiCiccio & Efron 1996, §3) from the estimate θ̂, the replicate
 * estimates θ*_b and jackknife estimates θ_(i) with weights w_i (the number of cases each stands for;
 * the weighted delete-one-case jackknife of Chan, Silverman & Vincent 2021, §3.3, and SparseMSE):
 *   z0 = Φ⁻¹(#{θ* < θ̂}/B), ties (within TIE_TOLERANCE of θ̂) counted half;
 *   a  = Σ w_i U_i³ / (6 (Σ w_i U_i²)^{3/2}),  U_i = θ̄ − θ_(i),  θ̄ = Σ w_i θ_(i) / Σ w_i;
 *   α_j = Φ(z0 + (z0 + z_j)/(1 − a(z0 + z_j))) for z_j = ∓z_{0.975}, and the interval is the α_1 and α_2
 *   quantiles of θ* (type 8, quantileSorted). Non-finite replicate and jackknife values are left out.
 *   The interval is null when z0 is infinite (every replicate on one side of θ̂) or an adjusted level
 *   is undefined.
 */
export function bcaInterval(theta: number, replicates: ArrayLike<number>, jack: ArrayLike<number>, weights: ArrayLike<number>, z = Z95): BcaResult {
  const sorted = Float64Array.from(Array.from(replicates).filter(Number.isFinite)).sort();
  const B = sorted.length;
  const none = { ci: null, z0: null, alpha1: null, alpha2: null, below: 0, above: 0, B };
  if (B < 2 || !Number.isFinite(theta)) return { ...none, percentile: null, acceleration: null };
  const lower = normalCdf(-z);
  const percentile: [number, number] = [quantileSorted(sorted, lower), quantileSorted(sorted, 1 - lower)];
  const tie = TIE_TOLERANCE * Math.abs(theta);
  let below = 0;
  for (let b = 0; b < B; b++) below += Math.abs(sorted[b]! - theta) <= tie ? 0.5 : sorted[b]! < theta ? 1 : 0;
  const z0 = normalQuantile(below / B);
  let sw = 0;
  let mean = 0;
  for (let i = 0; i < jack.length; i++) {
    const w = weights[i] ?? 0;
    if (!Number.isFinite(jack[i]!) || !(w > 0)) continue;
    sw += w;
    mean += w * jack[i]!;
  }
  mean /= sw;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < jack.length; i++) {
    const w = weights[i] ?? 0;
    if (!Number.isFinite(jack[i]!) || !(w > 0)) continue;
    const u = mean - jack[i]!;
    s2 += w * u * u;
    s3 += w * u * u * u;
  }
  // All jackknife values equal (or none usable): no skewness information, a = 0.
  const a = s2 > 0 ? s3 / (6 * s2 ** 1.5) : 0;
  if (!Number.isFinite(z0)) return { ...none, percentile, acceleration: a };
  const level = (zj: number): number => {
    const d = 1 - a * (z0 + zj);
    return d > 0 ? normalCdf(z0 + (z0 + zj) / d) : Number.NaN;
  };
  const lo = level(-z);
  const hi = level(z);
  const alpha1 = Number.isFinite(lo) ? lo : null;
  const alpha2 = Number.isFinite(hi) ? hi : null;
  if (alpha1 === null || alpha2 === null) return { ...none, percentile, z0, acceleration: a, alpha1, alpha2 };
  const ci: [number, number] = [quantileSorted(sorted, lo), quantileSorted(sorted, hi)];
  let beyondLo = 0;
  while (beyondLo < B && sorted[beyondLo]! < ci[0]) beyondLo++;
  let beyondHi = 0;
  while (beyondHi < B && sorted[B - 1 - beyondHi]! > ci[1]) beyondHi++;
  return { ci, percentile, z0, acceleration: a, alpha1, alpha2, below: beyondLo, above: beyondHi, B };
}

/** Beyond this many replicates a larger --bootstrap is not practical advice (BOOTSTRAP_BUDGET refuses most). */
const PRACTICAL_REPLICATES = 100_000;

/**
 * Warnings on a BCa interval whose limit has fewer than MIN_BEYOND replicates beyond it: that limit
 * is an extreme order statistic of the replicates and moves with the seed. The advice is the
 * --bootstrap that puts about MIN_BEYOND replicates beyond it (MIN_BEYOND / tail level, rounded up to
 * a thousand); when that is past PRACTICAL_REPLICATES the adjustment itself is extreme and the
 * warning says to read the percentile interval beside it instead.
 */
export function bcaWarnings(bca: BcaResult, replicates: number): string[] {
  if (!bca.ci || bca.alpha1 === null || bca.alpha2 === null) return [];
  const out: string[] = [];
  const n = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
  const limits = [
    { which: 'lower', beyond: bca.below, level: bca.alpha1, tail: bca.alpha1, value: bca.ci[0] },
    { which: 'upper', beyond: bca.above, level: bca.alpha2, tail: 1 - bca.alpha2, value: bca.ci[1] },
  ];
  for (const { which, beyond, level, tail, value } of limits) {
    if (beyond >= MIN_BEYOND) continue;
    const need = Math.max(2 * replicates, Math.ceil(MIN_BEYOND / Math.max(tail, 1e-12) / 1000) * 1000);
    const advice =
      need <= PRACTICAL_REPLICATES
        ? `Use a larger --bootstrap (about ${n(need)} puts ${MIN_BEYOND} replicates beyond it).`
        : `About ${n(need)} replicates would be needed to put ${MIN_BEYOND} beyond it: the BCa adjustment is extreme here (z0 ${bca.z0!.toFixed(3)}, a ${bca.acceleration!.toFixed(3)}); read the percentile interval beside it.`;
    out.push(`the BCa ${which} limit ${n(value)} is an extreme order statistic: its adjusted level is ${levelText(level)} and ${beyond} of the ${n(bca.B)} replicates lie beyond it, so it moves with the seed. ${advice}`);
  }
  return out;
}

/** True when this module runs as TypeScript source (vitest, tsx) rather than from dist/. */
const SOURCE = import.meta.url.endsWith('.ts');

/**
 * A worker entry that registers tsx's loader before importing the TypeScript worker: under tests the
 * worker is source too, and Node 20 does not apply `--import` loaders to a worker's own entry module.
 */
function tsxEntry(worker: URL): string {
  // The ESM build of tsx/esm/api (its CommonJS build cannot register ESM hooks from here).
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const api = pathToFileURL(join(dirname(pkg), 'dist', 'esm', 'api', 'index.mjs')).href;
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(worker.href)}); });`;
}

/** Runs tasks on a pool of worker threads, each building one ReplicateRunner; results by index. */
async function runOnWorkers(job: BootstrapJob, tasks: BootstrapTask[], workers: number): Promise<Float64Array[]> {
  const url = new URL(SOURCE ? './bootstrap-worker.ts' : './bootstrap-worker.js', import.meta.url);
  const results: Float64Array[] = new Array(tasks.length);
  const threads: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      const feed = (w: Worker) => {
        if (next < tasks.length) {
          const id = next++;
          w.postMessage({ id, task: tasks[id] });
        }
      };
      for (let i = 0; i < Math.min(workers, tasks.length); i++) {
        const w = SOURCE ? new Worker(tsxEntry(url), { eval: true, workerData: job }) : new Worker(url, { workerData: job });
        threads.push(w);
        w.on('message', (msg: { id: number; values: Float64Array }) => {
          results[msg.id] = msg.values;
          if (++done === tasks.length) resolve();
          else feed(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (done < tasks.length) reject(new Error(`a bootstrap worker exited with code ${code} before the work was done`));
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return results;
}

/** Splits [0, total) into slices small enough to balance the load over the workers. */
function slices(kind: BootstrapTask['kind'], total: number, workers: number): BootstrapTask[] {
  const size = Math.max(1, Math.ceil(total / (workers * 8)));
  const out: BootstrapTask[] = [];
  for (let from = 0; from < total; from += size) out.push({ kind, from, to: Math.min(total, from + size) });
  return out;
}

/** Replicate estimates (index r) and jackknife estimates (index = observed cell) for a job. */
export async function bootstrapValues(job: BootstrapJob, replicates: number, workers: number): Promise<{ replicates: Float64Array; jackknife: Float64Array; weights: Float64Array }> {
  const runner = new ReplicateRunner(job);
  const cells = runner.observed.length;
  const tasks = [...slices('replicate', replicates, workers), ...slices('jackknife', cells, workers)];
  const parts = workers <= 1 ? tasks.map((t) => runner.run(t)) : await runOnWorkers(job, tasks, workers);
  const boot = new Float64Array(replicates);
  const jack = new Float64Array(cells);
  tasks.forEach((t, i) => (t.kind === 'replicate' ? boot : jack).set(parts[i]!, t.from));
  return { replicates: boot, jackknife: jack, weights: runner.observedCounts };
}

/**
 * runMse, then the BCa bootstrap of the selected N̂: `selected.ci` becomes the BCa interval
 * (`ci_method: "bca"`) and `bootstrap` reports B, the failed replicates, the seed and the percentile
 * interval. The per-model intervals in `models` are unchanged.
 */
export async function runMseBootstrap(table: CaptureTable, options: MseOptions, boot: BootstrapOptions): Promise<MseResult> {
  const usage = { choiceWork: 0 };
  const result = runMse(table, options, usage);
  checkBootstrapWork(table, boot.replicates, usage.choiceWork, options.model !== undefined);
  const job: BootstrapJob = {
    lists: [...table.lists],
    counts: Float64Array.from(table.counts),
    options: {
      ...(options.model ? { model: options.model } : {}),
      ...(options.select ? { select: options.select } : {}),
      ...(options.maxOrder !== undefined ? { maxOrder: options.maxOrder } : {}),
      ...(options.pThreshold !== undefined ? { pThreshold: options.pThreshold } : {}),
      ...(options.strictExistence ? { strictExistence: true } : {}),
    },
    seed: boot.seed,
  };
  const workers = Math.max(1, Math.floor(boot.workers ?? availableParallelism()));
  const values = await bootstrapValues(job, boot.replicates, workers);
  const failed = values.replicates.reduce((s, v) => s + (Number.isFinite(v) ? 0 : 1), 0);
  const bca = bcaInterval(result.selected.N ?? Number.NaN, values.replicates, values.jackknife, values.weights);
  const summary: BootstrapSummary = {
    replicates: boot.replicates,
    failed,
    seed: boot.seed,
    percentile_ci: bca.percentile,
    z0: bca.z0,
    acceleration: bca.acceleration,
    alpha1: bca.alpha1,
    alpha2: bca.alpha2,
  };
  const warnings = [...result.warnings, ...bcaWarnings(bca, boot.replicates)];
  return { ...result, selected: { ...result.selected, ci: bca.ci, ci_method: 'bca' }, bootstrap: summary, warnings };
}
