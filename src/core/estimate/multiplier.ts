// The multiplier method (DESIGN "From records to estimates", step 3, second method): a segment's
// observed losses ÷ its reporting rate from assumptions.yaml, with the range of the rate's bounds,
// the MSE scale beside every row (never shown alone) and one-at-a-time sensitivity cases.
import { observedOperations } from './counting.js';
import { ALL, type EstimateRow, round, type SegmentData, type SensitivityRow } from './market-types.js';

export interface MultiplierInputs {
  /** Rates in force (central, or the scenario's). */
  rates: Record<string, number>;
  /** low/high of each category, for the range shown beside the multiplier estimate. */
  bounds: Record<string, { low: number; high: number }>;
  scenario: string | null;
  /** One-at-a-time cases: each category moved to a bound. */
  cases: Array<{ category: string; bound: 'low' | 'high'; rate: number; rates: Record<string, number> }>;
}

/**
 * The multiplier rows of one period (`own`: its segments in category order; a category without a
 * rate is left out) and its `all` row, and the period's sensitivity rows. `mseScaleOf` gives the
 * MSE point scale of a segment, whether or not the MSE rows were asked for.
 */
export function multiplierRows(
  period: string,
  own: readonly SegmentData[],
  mult: MultiplierInputs,
  mseScaleOf: (s: SegmentData) => number | null,
): { estimates: EstimateRow[]; sensitivity: SensitivityRow[] } {
  const estimates: EstimateRow[] = [];
  const sensitivity: SensitivityRow[] = [];
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
    const losses = s.observed_losses_cny;
    const scale = losses / rate;
    total += scale;
    lo += losses / bounds.high;
    hi += losses / bounds.low;
    observedLosses += losses;
    const segmentMse = mseScaleOf(s);
    mseTotal = mseTotal === null || segmentMse === null ? null : mseTotal + segmentMse;
    estimates.push({
      period,
      segment: s.category,
      method: 'multiplier',
      operations: { observed: observedOperations(s.capture_counts), estimate: null, ci: null, ci_method: null },
      scale_cny: { estimate: round(scale, 0), ci: null, ci_method: null },
      lower_bound: false,
      multiplier: {
        observed_losses_cny: round(losses, 0)!,
        reporting_rate: rate,
        scenario: mult.scenario,
        range: [round(losses / bounds.high, 0)!, round(losses / bounds.low, 0)!],
        ...beside(losses, segmentMse),
      },
    });
  }
  estimates.push({
    period,
    segment: ALL,
    method: 'multiplier',
    operations: { observed: own.reduce((a, s) => a + observedOperations(s.capture_counts), 0), estimate: null, ci: null, ci_method: null },
    scale_cny: { estimate: round(total, 0), ci: null, ci_method: null },
    lower_bound: false,
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
  return { estimates, sensitivity };
}
