// The MSE method's scale in yuan (DESIGN "From records to estimates", step 3): per segment N̂ × the
// mean value per operation, with a joint seeded bootstrap of the capture cells and the values; the
// period's `all` row sums the categories replicate by replicate.
import type { Rng } from '../random.js';
import { countOperations, LISTS, observedOperations } from './counting.js';
import { ALL, type EstimateRow, round, roundCi, scaleKey, type Scales, type SegmentData } from './market-types.js';
import { mean, median, percentileInterval, resampleCells, resampleMean, trimmedMean } from './resampling.js';

/** A segment's values per operation, or the period's pooled ones (`pooled`) when it has none. */
export function valuesOf(s: SegmentData, pooled: readonly number[]): readonly number[] {
  return s.value_per_operation_cny.length ? s.value_per_operation_cny : pooled;
}

/** The values of every segment of a period, in category order: what a segment without values borrows. */
export function pooledValues(own: readonly SegmentData[]): number[] {
  return own.flatMap((s) => s.value_per_operation_cny);
}

/** The MSE point scale of a segment, N̂ × mean value, without a bootstrap; null without any value. */
export function segmentScale(s: SegmentData, pooled: readonly number[], pThreshold?: number): number | null {
  const v = mean(valuesOf(s, pooled));
  return v === null ? null : countOperations(s.capture_counts, pThreshold).N * v;
}

export interface ValuationOptions {
  /** Bootstrap replicates (0: no intervals). */
  bootstrap: number;
  /** The estimate's root stream; each segment forks its own from it. */
  root: Rng;
  pThreshold?: number;
  level: number;
  /** Called after each replicate, for a progress bar. */
  onReplicate?: (period: string) => void;
}

/** The note of a period's `all` row: how it was summed, and which categories are only floors. */
function allNote(floors: readonly string[], allFloors: boolean): string {
  if (allFloors) return 'sum over categories, each only the observed count (fewer than two lists overlap): a lower bound';
  const base = 'sum over categories; interval from the joint bootstrap';
  return floors.length ? `${base}; ${floors.join(', ')}: the observed count only (a lower bound)` : base;
}

/**
 * The MSE rows of one period: one per category (`own`, in category order) and `all`. Records each
 * segment's point scale and replicates in `scales`, for the multiplier rows and growth.
 */
export function valuePeriod(period: string, own: readonly SegmentData[], options: ValuationOptions, scales: Scales): EstimateRow[] {
  const B = options.bootstrap;
  const level = options.level;
  const pooled = pooledValues(own);
  const rows: EstimateRow[] = [];
  const totalN = new Array<number>(B).fill(0);
  const totalScale = new Array<number>(B).fill(0);
  let pointN = 0;
  let pointScale: number | null = 0;
  const floors: string[] = [];
  for (const s of own) {
    const count = countOperations(s.capture_counts, options.pThreshold);
    const values = valuesOf(s, pooled);
    const v = mean(values);
    const scale = v === null ? null : count.N * v;
    // Each segment's bootstrap stream is named by period and category, so the replicates of one
    // segment do not depend on which other segments or periods are estimated in the same run.
    const rng = options.root.fork(`${period}/${s.category}`);
    const replicates: number[] = [];
    for (let b = 0; b < B; b++) {
      const nb = countOperations(resampleCells(s.capture_counts, rng), options.pThreshold).N;
      const vb = resampleMean(values, rng);
      replicates.push(nb * vb);
      totalN[b]! += nb;
      totalScale[b]! += nb * vb;
      options.onReplicate?.(period);
    }
    if (count.lower_bound) floors.push(s.category);
    pointN += count.N;
    pointScale = pointScale === null || scale === null ? null : pointScale + scale;
    scales.set(scaleKey(period, s.category), { point: scale, replicates, lower_bound: count.lower_bound });
    rows.push({
      period,
      segment: s.category,
      method: 'mse',
      operations: { observed: observedOperations(s.capture_counts), estimate: round(count.N, 1), ci: roundCi(count.ci, 1), ci_method: count.ci_method },
      // A floor has no interval: the bootstrap would only resample the values of a fixed count.
      scale_cny: { estimate: round(scale, 0), ci: count.lower_bound ? null : roundCi(percentileInterval(replicates, level), 0), ci_method: B > 0 && !count.lower_bound ? 'bootstrap_percentile' : null },
      lower_bound: count.lower_bound,
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
  // Every category a floor: so is their sum, without an interval (never "5–5"). Some: the interval
  // covers the estimated categories, and the note names the floors.
  const allFloors = own.length > 0 && floors.length === own.length;
  scales.set(scaleKey(period, ALL), { point: pointScale, replicates: totalScale, lower_bound: allFloors });
  const withInterval = B > 0 && !allFloors;
  rows.push({
    period,
    segment: ALL,
    method: 'mse',
    operations: { observed: own.reduce((a, s) => a + observedOperations(s.capture_counts), 0), estimate: round(pointN, 1), ci: withInterval ? roundCi(percentileInterval(totalN, level), 1) : null, ci_method: withInterval ? 'bootstrap_percentile' : null },
    scale_cny: { estimate: round(pointScale, 0), ci: withInterval ? roundCi(percentileInterval(totalScale, level), 0) : null, ci_method: withInterval ? 'bootstrap_percentile' : null },
    lower_bound: allFloors,
    value_per_operation_cny: {
      mean: round(pointScale !== null && pointN > 0 ? pointScale / pointN : null, 0),
      median: round(median(pooled), 0),
      trimmed_mean_10: round(trimmedMean(pooled), 0),
      valued_operations: pooled.length,
      source: 'categories',
    },
    mse: { lists: [...LISTS], terms: [], chao_lower_bound: null, note: allNote(floors, allFloors) },
  });
  return rows;
}
