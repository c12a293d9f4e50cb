// What the market estimate reads (a segment: one row of the estimate_inputs model; a quarter's
// growth bases from calendar) and what it returns (the rows of `estimate --json`), with the rounding
// of those rows. Shared by counting, valuation, the multiplier and growth, so none imports market.ts.
import type { GrowthMetric } from '../growth.js';

/** The segment that sums a period's categories. */
export const ALL = 'all';

/** One period × category, as the estimate_inputs model holds it (same names, model to JSON). */
export interface SegmentData {
  period: string;
  category: string;
  /**
   * Operations per capture history, indexed by its bit mask (bit 0 complaints, bit 1 incidents,
   * bit 2 enforcement; LISTS in counting.ts). capture_counts[0], the unobservable history, is 0.
   */
  capture_counts: number[];
  /** The value in yuan of each of the segment's operations with a positive value, by operation_id (the bootstrap resamples by index). */
  value_per_operation_cny: number[];
  /** Sum of the values of the segment's operations, each operation once (multiplier method). */
  observed_losses_cny: number;
}

/** A quarter's growth bases, from the calendar model. */
export interface PeriodBases {
  previous_period: string;
  same_period_last_year: string;
  same_period_two_years_ago: string;
}

export type Method = 'mse' | 'multiplier';

export type Interval = [number, number];

export interface EstimateRow {
  period: string;
  segment: string;
  method: Method;
  operations: { observed: number; estimate: number | null; ci: Interval | null; ci_method: string | null };
  scale_cny: { estimate: number | null; ci: Interval | null; ci_method: string | null };
  /**
   * The operations (and the scale built on them) are the observed count, a floor and not an
   * estimate: fewer than two sources overlap in the segment (for `all`: in every category), so there
   * is nothing to estimate the unseen from and both intervals are null. False for the multiplier.
   */
  lower_bound: boolean;
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

/** The MSE scale of one period × segment: the point estimate and its bootstrap replicates (growth reads both). */
export interface ScalePoint {
  point: number | null;
  replicates: number[];
  /** The point rests on a floor (the observed count): growth against it has no interval. */
  lower_bound?: boolean;
}

/** MSE scales by period and segment. */
export type Scales = Map<string, ScalePoint>;
export const scaleKey = (period: string, segment: string): string => `${period}|${segment}`;

/** Rounds for the JSON; null for null or a value that is not finite. */
export const round = (x: number | null, digits: number): number | null => (x === null || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);
export const roundCi = (ci: Interval | null, digits: number): Interval | null => (ci ? [round(ci[0], digits)!, round(ci[1], digits)!] : null);
