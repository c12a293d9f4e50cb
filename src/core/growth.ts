// Growth conventions of the bulletin and the returns: 同比 (yoy, against the same quarter a year
// earlier), 环比 (qoq, against the previous quarter), against the same quarter two years earlier with
// its geometric annual average, and CAGR; shares change in percentage points, never in percent.
// Intervals come from bootstrap replicates of the two estimates taken in step (replicate b of the
// current period against replicate b of the base); estimate/valuation.ts resamples each quarter on
// its own.

export type GrowthMetric = 'yoy' | 'qoq' | 'vs_2y' | 'cagr_2y';

/** Relative change from base to current: 0.4 means +40%. Undefined without a positive base. */
export function change(current: number, base: number): number | undefined {
  return base > 0 && Number.isFinite(current) ? current / base - 1 : undefined;
}

/** The annual rate that compounds to `total` over `years` (e.g. +40% over 2 years → 18.3% a year). */
export function annualised(total: number, years: number): number | undefined {
  return total > -1 && years > 0 ? (1 + total) ** (1 / years) - 1 : undefined;
}

/** Compound annual growth from `first` to `last` over `years`. */
export function cagr(first: number, last: number, years: number): number | undefined {
  const total = change(last, first);
  return total === undefined ? undefined : annualised(total, years);
}

/** A change in a share, in percentage points: 0.30 → 0.33 is +3.0 points. */
export function percentagePoints(current: number, base: number): number {
  return (current - base) * 100;
}

function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (h - lo);
}

/** Percentile interval of a metric over replicates taken in step; replicates with no defined value are dropped. */
export function growthInterval(
  current: readonly number[],
  base: readonly number[],
  metric: (current: number, base: number) => number | undefined,
  level = 0.95,
): [number, number] | undefined {
  const values: number[] = [];
  for (let i = 0; i < Math.min(current.length, base.length); i++) {
    const v = metric(current[i]!, base[i]!);
    if (v !== undefined && Number.isFinite(v)) values.push(v);
  }
  if (values.length < 2) return undefined;
  values.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return [quantile(values, tail), quantile(values, 1 - tail)];
}

/** The metric as it is defined for a current and a base estimate. */
export const METRICS: Record<GrowthMetric, (current: number, base: number) => number | undefined> = {
  yoy: change,
  qoq: change,
  vs_2y: change,
  cagr_2y: (current, base) => cagr(base, current, 2),
};
