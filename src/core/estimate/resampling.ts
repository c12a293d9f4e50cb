// The bootstrap's draws and the statistics of heavy-tailed values: resampling a segment's capture
// cells and its values per operation (seeded, by index, so the same inputs and seed give the same
// replicates), the percentile interval of replicates, and mean, median and trimmed mean.
import type { Rng } from '../random.js';
import type { Interval } from './market-types.js';

/** Linear interpolation between order statistics of an ascending array (R's type 7). */
export function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (h - lo);
}

export const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

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

/** Multinomial(n, counts/n) over the observable cells (masks 1..7), by conditional binomials. */
export function resampleCells(counts: readonly number[], rng: Rng): number[] {
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

/** The mean of a resample with replacement, drawn by index; NaN for no values. */
export function resampleMean(values: readonly number[], rng: Rng): number {
  if (!values.length) return Number.NaN;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[rng.int(0, values.length - 1)]!;
  return s / values.length;
}
