// Growth rows of the market (DESIGN "From records to estimates", step 4): yoy, qoq, vs_2y and cagr_2y
// of each segment's MSE scale against its base quarter in the same run, with percentile intervals
// from replicate b of the current period against replicate b of the base (src/core/growth.ts).
import { growthInterval, type GrowthMetric, METRICS } from '../growth.js';
import { ALL, type GrowthRow, type PeriodBases, round, roundCi, scaleKey, type Scales } from './market-types.js';

const BASE_OF: Record<GrowthMetric, keyof PeriodBases> = {
  yoy: 'same_period_last_year',
  qoq: 'previous_period',
  vs_2y: 'same_period_two_years_ago',
  cagr_2y: 'same_period_two_years_ago',
};

/**
 * One row per growth period (with bases in the calendar), segment (the categories, then `all`) and
 * metric; `value: null` when the base period or its scale is missing.
 */
export function marketGrowth(scales: Scales, categories: readonly string[], growthPeriods: readonly string[], bases: ReadonlyMap<string, PeriodBases>, level: number): GrowthRow[] {
  const growth: GrowthRow[] = [];
  for (const period of [...growthPeriods].sort()) {
    const b = bases.get(period);
    if (!b) continue;
    for (const segment of [...categories, ALL]) {
      const current = scales.get(scaleKey(period, segment));
      if (current === undefined) continue;
      for (const metric of ['yoy', 'qoq', 'vs_2y', 'cagr_2y'] as const) {
        const basePeriod = b[BASE_OF[metric]];
        const base = scales.get(scaleKey(basePeriod, segment));
        const value = current.point === null || base === undefined || base.point === null ? undefined : METRICS[metric](current.point, base.point);
        // Growth between floors has a value (of the observed) but no interval: their replicates only resample values.
        const floor = current.lower_bound === true || base?.lower_bound === true;
        const ci = value === undefined || floor ? undefined : growthInterval(current.replicates, base?.replicates ?? [], METRICS[metric], level);
        growth.push({ period, segment, method: 'mse', metric, base_period: basePeriod, value: round(value ?? null, 6), ci: roundCi(ci ?? null, 6) });
      }
    }
  }
  return growth;
}
