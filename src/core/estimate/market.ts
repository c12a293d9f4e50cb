// The market estimate (DESIGN "From records to estimates", steps 2–4), pure: per period and category
// the operations by MSE on the capture histories, the scale in yuan as N̂ × mean value per operation
// with a joint seeded bootstrap, the multiplier method beside it, and growth with bootstrap intervals
// (each quarter resampled on its own, replicate b against replicate b).
import { growthInterval, type GrowthMetric, METRICS } from '../growth.js';
import { Rng } from '../random.js';
import type { CaptureTable } from './history.js';
import { runMse } from './mse.js';

/** The lists of the capture histories, in bit order: bit 0 complaints, bit 1 incidents, bit 2 enforcement. */
export const LISTS = ['complaints', 'incidents', 'enforcement'] as const;
export const ALL = 'all';

/** One period × category, as the estimate_inputs model holds it (same names, model to JSON). */
export interface SegmentData {
  period: string;
  category: string;
  /** capture_counts[mask] for mask 1..7 (bit j = seen by LISTS[j]); capture_counts[0] is 0 (the unobservable history). */
  capture_counts: number[];
  /** The value in yuan of each of the segment's operations with a positive value, by operation_id (the bootstrap resamples by index). */
  value_per_operation_cny: number[];
  /** Sum of the segment's observed operations' values, each operation once (multiplier method). */
  observed_losses_cny: number;
}

export interface PeriodBases {
  previous_period: string;
  same_period_last_year: string;
  same_period_two_years_ago: string;
}

export type Method = 'mse' | 'multiplier';

export interface MultiplierInputs {
  /** Rates in force (central, or the scenario's). */
  rates: Record<string, number>;
  /** low/high of each category, for the range shown beside the multiplier estimate. */
  bounds: Record<string, { low: number; high: number }>;
  scenario: string | null;
  /** One-at-a-time cases: each category moved to a bound. */
  cases: Array<{ category: string; bound: 'low' | 'high'; rate: number; rates: Record<string, number> }>;
}

export interface MarketOptions {
  /** Bootstrap replicates (0: no bootstrap intervals). */
  bootstrap: number;
  seed: number | string;
  methods: readonly Method[];
  multiplier?: MultiplierInputs;
  /** Periods that get growth rows (their bases must be among the inputs to have a value). */
  growthPeriods: readonly string[];
  bases: ReadonlyMap<string, PeriodBases>;
  /** Stepwise threshold (Chan, Silverman & Vincent 2021). */
  pThreshold?: number;
  level?: number;
}

export type Interval = [number, number];

export interface EstimateRow {
  period: string;
  segment: string;
  method: Method;
  operations: { observed: number; estimate: number | null; ci: Interval | null; ci_method: string | null };
  scale_cny: { estimate: number | null; ci: Interval | null; ci_method: string | null };
  /** MSE: the value per operation and its heavy tail. */
  value_per_operation_cny?: { mean: number | null; median: number | null; trimmed_mean_10: number | null; valued_operations: number; source: 'segment' | 'period_pooled' | 'categories' };
  /** MSE: the chosen model and notes. */
  mse?: { lists: string[]; terms: string[]; chao_lower_bound: number | null; note: string | null };
  /** Multiplier: what the scale was divided from. */
  multiplier?: {
    observed_losses_cny: number;
    reporting_rate: number | null;
    scenario: string | null;
    range: Interval | null;
    /** The MSE scale of the same period and segment (point estimate), so the multiplier is never read alone. */
    mse_scale_cny: number | null;
    /** The reporting rate the MSE scale implies: observed losses ÷ MSE scale (a check on the assumed rate). */
    implied_reporting_rate: number | null;
  };
}

export interface GrowthRow {
  period: string;
  segment: string;
  method: Method;
  metric: GrowthMetric;
  base_period: string;
  value: number | null;
  ci: Interval | null;
}

export interface SensitivityRow {
  period: string;
  category: string;
  bound: 'low' | 'high';
  rate: number;
  estimate_cny: number;
}

export interface MarketResult {
  estimates: EstimateRow[];
  growth: GrowthRow[];
  sensitivity: SensitivityRow[];
}

// ---- counting one segment ----

export interface CountResult {
  N: number;
  ci: Interval | null;
  ci_method: string | null;
  lists: string[];
  terms: string[];
  chao: number | null;
  note: string | null;
}

function subTable(counts: readonly number[], keep: readonly number[]): CaptureTable {
  const out = new Float64Array(2 ** keep.length);
  for (let mask = 1; mask < 8; mask++) {
    let m = 0;
    keep.forEach((j, i) => {
      if (mask & (1 << j)) m |= 1 << i;
    });
    if (m > 0) out[m] = out[m]! + (counts[mask] ?? 0);
  }
  return { lists: keep.map((j) => LISTS[j]!), counts: out };
}

/**
 * N̂ for one capture-history table: stepwise MSE on the three lists (runMse's default model choice,
 * SparseMSE's rule: main effects, then the pairwise interaction with the smallest Poisson p-value
 * (the smaller one-sided tail) of its observed overlap under the current fit, while p < pThreshold
 * and N stays identifiable; extended-MLE fits allowed). A list that saw nobody is dropped; when no
 * three-list model identifies N, complaints × incidents (Chapman) is used; when no two lists overlap
 * or only one list saw anything, the observed count is reported as a lower bound.
 * N̂ is never below the observed count.
 */
export function countOperations(counts: readonly number[], pThreshold = 0.02): CountResult {
  let n = 0;
  const listTotals = [0, 0, 0];
  for (let mask = 1; mask < 8; mask++) {
    const y = counts[mask] ?? 0;
    n += y;
    for (let j = 0; j < 3; j++) if (mask & (1 << j)) listTotals[j]! += y;
  }
  const active = [0, 1, 2].filter((j) => listTotals[j]! > 0);
  const attempt = (keep: number[], note: string | null): CountResult | null => {
    const r = runMse(subTable(counts, keep), { select: 'stepwise', pThreshold });
    const N = r.selected.N;
    if (N === null || !Number.isFinite(N)) return null;
    const ci = r.selected.ci ? ([Math.max(n, r.selected.ci[0]), Math.max(n, r.selected.ci[1])] as Interval) : null;
    return { N: Math.max(n, N), ci, ci_method: r.selected.ci_method, lists: r.lists, terms: r.selected.terms, chao: r.chao_lower_bound, note };
  };
  if (active.length === 3) {
    const full = attempt(active, null);
    if (full) return full;
  }
  if (active.length >= 2) {
    const keep = active.length === 3 ? [0, 1] : active;
    const dropped = [0, 1, 2].filter((j) => !keep.includes(j)).map((j) => LISTS[j]);
    const two = attempt(keep, `${dropped.join(', ')} ${active.length === 3 ? 'left out: no three-list model identifies N' : 'saw no operation'}; two lists (Chapman)`);
    if (two) return two;
  }
  return { N: n, ci: null, ci_method: null, lists: active.map((j) => LISTS[j]!), terms: [], chao: null, note: n === 0 ? 'no operations' : 'fewer than two lists overlap: the observed count only (a lower bound)' };
}

// ---- statistics of the heavy-tailed values ----

function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (h - lo);
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function median(xs: readonly number[]): number | null {
  return xs.length ? quantile([...xs].sort((a, b) => a - b), 0.5) : null;
}

/** Mean after dropping `trim` of the values at each end (floor of trim·n each side). */
export function trimmedMean(xs: readonly number[], trim = 0.1): number | null {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const g = Math.floor(trim * sorted.length);
  return mean(sorted.slice(g, sorted.length - g));
}

/** Percentile interval of the finite replicates; null with fewer than two. */
export function percentileInterval(reps: readonly number[], level = 0.95): Interval | null {
  const xs = reps.filter(Number.isFinite).sort((a, b) => a - b);
  if (xs.length < 2) return null;
  const tail = (1 - level) / 2;
  return [quantile(xs, tail), quantile(xs, 1 - tail)];
}

/** Multinomial(n, counts/n) over the observable cells, by conditional binomials. */
function resampleCells(counts: readonly number[], rng: Rng): number[] {
  const out = [0, 0, 0, 0, 0, 0, 0, 0];
  let left = 0;
  for (let m = 1; m < 8; m++) left += counts[m] ?? 0;
  let mass = left;
  for (let m = 1; m < 8 && left > 0; m++) {
    const y = counts[m] ?? 0;
    const draw = m === 7 || mass <= y ? left : rng.binomial(left, y / mass);
    out[m] = draw;
    left -= draw;
    mass -= y;
  }
  return out;
}

function resampleMean(values: readonly number[], rng: Rng): number {
  if (!values.length) return Number.NaN;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[rng.int(0, values.length - 1)]!;
  return s / values.length;
}

const round = (x: number | null, digits: number): number | null => (x === null || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);
const roundCi = (ci: Interval | null, digits: number): Interval | null => (ci ? [round(ci[0], digits)!, round(ci[1], digits)!] : null);

// ---- the market ----

interface SegmentReplicates {
  N: number[];
  scale: number[];
}

const BASE_OF: Record<GrowthMetric, keyof PeriodBases> = {
  yoy: 'same_period_last_year',
  qoq: 'previous_period',
  vs_2y: 'same_period_two_years_ago',
  cagr_2y: 'same_period_two_years_ago',
};

export function estimateMarket(segments: readonly SegmentData[], options: MarketOptions): MarketResult {
  const level = options.level ?? 0.95;
  const B = options.bootstrap;
  const root = new Rng(`grayscope-estimate/${options.seed}`);
  const periods = [...new Set(segments.map((s) => s.period))].sort();
  const estimates: EstimateRow[] = [];
  const sensitivity: SensitivityRow[] = [];
  const scalePoint = new Map<string, number | null>();
  const scaleReps = new Map<string, number[]>();
  const key = (period: string, segment: string) => `${period}|${segment}`;

  for (const period of periods) {
    const own = segments.filter((s) => s.period === period).sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
    const pooled = own.flatMap((s) => s.value_per_operation_cny);
    const observedAll = own.reduce((a, s) => a + s.capture_counts.slice(1).reduce((x, y) => x + y, 0), 0);
    /** A segment's operation values, or the period's pooled ones when it has none. */
    const valuesOf = (s: SegmentData) => (s.value_per_operation_cny.length ? s.value_per_operation_cny : pooled);

    if (options.methods.includes('mse')) {
      const totalN = new Array<number>(B).fill(0);
      const totalScale = new Array<number>(B).fill(0);
      let pointN = 0;
      let pointScale: number | null = 0;
      for (const s of own) {
        const count = countOperations(s.capture_counts, options.pThreshold);
        const values = valuesOf(s);
        const v = mean(values);
        const scale = v === null ? null : count.N * v;
        // Each segment's bootstrap stream is named by period and category, so the replicates of one
        // segment do not depend on which other segments or periods are estimated in the same run.
        const rng = root.fork(`${period}/${s.category}`);
        const reps: SegmentReplicates = { N: [], scale: [] };
        for (let b = 0; b < B; b++) {
          const nb = countOperations(resampleCells(s.capture_counts, rng), options.pThreshold).N;
          const vb = resampleMean(values, rng);
          reps.N.push(nb);
          reps.scale.push(nb * vb);
          totalN[b]! += nb;
          totalScale[b]! += nb * vb;
        }
        pointN += count.N;
        pointScale = pointScale === null || scale === null ? null : pointScale + scale;
        scalePoint.set(key(period, s.category), scale);
        scaleReps.set(key(period, s.category), reps.scale);
        estimates.push({
          period,
          segment: s.category,
          method: 'mse',
          operations: { observed: s.capture_counts.slice(1).reduce((a, b) => a + b, 0), estimate: round(count.N, 1), ci: roundCi(count.ci, 1), ci_method: count.ci_method },
          scale_cny: { estimate: round(scale, 0), ci: roundCi(percentileInterval(reps.scale, level), 0), ci_method: B > 0 ? 'bootstrap_percentile' : null },
          value_per_operation_cny: {
            mean: round(v, 0),
            median: round(median(values), 0),
            trimmed_mean_10: round(trimmedMean(values), 0),
            valued_operations: values.length,
            source: s.value_per_operation_cny.length ? 'segment' : 'period_pooled',
          },
          mse: { lists: count.lists, terms: count.terms, chao_lower_bound: round(count.chao, 1), note: count.note },
        });
      }
      scalePoint.set(key(period, ALL), pointScale);
      scaleReps.set(key(period, ALL), totalScale);
      estimates.push({
        period,
        segment: ALL,
        method: 'mse',
        operations: { observed: observedAll, estimate: round(pointN, 1), ci: roundCi(percentileInterval(totalN, level), 1), ci_method: B > 0 ? 'bootstrap_percentile' : null },
        scale_cny: { estimate: round(pointScale, 0), ci: roundCi(percentileInterval(totalScale, level), 0), ci_method: B > 0 ? 'bootstrap_percentile' : null },
        value_per_operation_cny: {
          mean: round(pointScale !== null && pointN > 0 ? pointScale / pointN : null, 0),
          median: round(median(pooled), 0),
          trimmed_mean_10: round(trimmedMean(pooled), 0),
          valued_operations: pooled.length,
          source: 'categories',
        },
        mse: { lists: [...LISTS], terms: [], chao_lower_bound: null, note: 'sum over categories; interval from the joint bootstrap' },
      });
    }

    const mult = options.multiplier;
    if (options.methods.includes('multiplier') && mult) {
      // The MSE point scale beside every multiplier row (DESIGN: the multiplier is never shown alone);
      // computed here when the MSE rows were not asked for.
      const mseScale = (s: SegmentData): number | null => {
        const k = key(period, s.category);
        if (scalePoint.has(k)) return scalePoint.get(k)!;
        const v = mean(valuesOf(s));
        return v === null ? null : countOperations(s.capture_counts, options.pThreshold).N * v;
      };
      const beside = (losses: number, scale: number | null) => ({
        mse_scale_cny: round(scale, 0),
        implied_reporting_rate: scale !== null && scale > 0 ? round(losses / scale, 4) : null,
      });
      let total = 0;
      let mseTotal: number | null = 0;
      let lo = 0;
      let hi = 0;
      let observedLosses = 0;
      for (const s of own) {
        const rate = mult.rates[s.category];
        const bounds = mult.bounds[s.category];
        if (rate === undefined || bounds === undefined) continue;
        const scale = s.observed_losses_cny / rate;
        total += scale;
        lo += s.observed_losses_cny / bounds.high;
        hi += s.observed_losses_cny / bounds.low;
        observedLosses += s.observed_losses_cny;
        const segmentMse = mseScale(s);
        mseTotal = mseTotal === null || segmentMse === null ? null : mseTotal + segmentMse;
        estimates.push({
          period,
          segment: s.category,
          method: 'multiplier',
          operations: { observed: s.capture_counts.slice(1).reduce((a, b) => a + b, 0), estimate: null, ci: null, ci_method: null },
          scale_cny: { estimate: round(scale, 0), ci: null, ci_method: null },
          multiplier: {
            observed_losses_cny: round(s.observed_losses_cny, 0)!,
            reporting_rate: rate,
            scenario: mult.scenario,
            range: [round(s.observed_losses_cny / bounds.high, 0)!, round(s.observed_losses_cny / bounds.low, 0)!],
            ...beside(s.observed_losses_cny, segmentMse),
          },
        });
      }
      estimates.push({
        period,
        segment: ALL,
        method: 'multiplier',
        operations: { observed: observedAll, estimate: null, ci: null, ci_method: null },
        scale_cny: { estimate: round(total, 0), ci: null, ci_method: null },
        multiplier: { observed_losses_cny: round(observedLosses, 0)!, reporting_rate: null, scenario: mult.scenario, range: [round(lo, 0)!, round(hi, 0)!], ...beside(observedLosses, mseTotal) },
      });
      for (const c of mult.cases) {
        let est = 0;
        for (const s of own) {
          const rate = c.rates[s.category];
          if (rate !== undefined) est += s.observed_losses_cny / rate;
        }
        sensitivity.push({ period, category: c.category, bound: c.bound, rate: c.rate, estimate_cny: round(est, 0)! });
      }
    }
  }

  const growth: GrowthRow[] = [];
  if (options.methods.includes('mse')) {
    const segmentNames = [...new Set(segments.map((s) => s.category))].sort();
    for (const period of [...options.growthPeriods].sort()) {
      const bases = options.bases.get(period);
      if (!bases) continue;
      for (const segment of [...segmentNames, ALL]) {
        const current = scalePoint.get(key(period, segment));
        if (current === undefined) continue;
        for (const metric of ['yoy', 'qoq', 'vs_2y', 'cagr_2y'] as const) {
          const basePeriod = bases[BASE_OF[metric]];
          const base = scalePoint.get(key(basePeriod, segment));
          const value = current === null || base === undefined || base === null ? undefined : METRICS[metric](current, base);
          const ci = value === undefined ? undefined : growthInterval(scaleReps.get(key(period, segment)) ?? [], scaleReps.get(key(basePeriod, segment)) ?? [], METRICS[metric], level);
          growth.push({ period, segment, method: 'mse', metric, base_period: basePeriod, value: round(value ?? null, 6), ci: roundCi(ci ?? null, 6) });
        }
      }
    }
  }
  return { estimates, growth, sensitivity };
}
