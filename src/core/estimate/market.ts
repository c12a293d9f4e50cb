// The market estimate (DESIGN "From records to estimates", steps 2–4), pure: per period, the MSE rows
// (counting.ts, valuation.ts) and the multiplier rows beside them (multiplier.ts), then growth
// (market-growth.ts). This module only orders the work; each step lives in its own module.
import { Rng } from '../random.js';
import type { EstimateRow, MarketResult, Method, PeriodBases, Scales, SegmentData, SensitivityRow } from './market-types.js';
import { scaleKey } from './market-types.js';
import { marketGrowth } from './market-growth.js';
import { type MultiplierInputs, multiplierRows } from './multiplier.js';
import { pooledValues, segmentScale, valuePeriod } from './valuation.js';

// The types of estimateMarket's signature, so a caller needs one import.
export type { MarketResult, SegmentData } from './market-types.js';

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
  /** Called after each bootstrap replicate of a segment (progress: segments × bootstrap in all). */
  onReplicate?: (period: string) => void;
}

const byCategory = (a: SegmentData, b: SegmentData) => (a.category < b.category ? -1 : a.category > b.category ? 1 : 0);

export function estimateMarket(segments: readonly SegmentData[], options: MarketOptions): MarketResult {
  const level = options.level ?? 0.95;
  const root = new Rng(`grayscope-estimate/${options.seed}`);
  const periods = [...new Set(segments.map((s) => s.period))].sort();
  const estimates: EstimateRow[] = [];
  const sensitivity: SensitivityRow[] = [];
  const scales: Scales = new Map();

  for (const period of periods) {
    const own = segments.filter((s) => s.period === period).sort(byCategory);
    if (options.methods.includes('mse')) {
      estimates.push(...valuePeriod(period, own, { bootstrap: options.bootstrap, root, pThreshold: options.pThreshold, level, ...(options.onReplicate ? { onReplicate: options.onReplicate } : {}) }, scales));
    }
    const mult = options.multiplier;
    if (options.methods.includes('multiplier') && mult) {
      // The MSE point scale beside every multiplier row (DESIGN: the multiplier is never shown alone);
      // computed here when the MSE rows were not asked for.
      const pooled = pooledValues(own);
      const mseScaleOf = (s: SegmentData) => {
        const known = scales.get(scaleKey(period, s.category));
        return known ? known.point : segmentScale(s, pooled, options.pThreshold);
      };
      const rows = multiplierRows(period, own, mult, mseScaleOf);
      estimates.push(...rows.estimates);
      sensitivity.push(...rows.sensitivity);
    }
  }

  const categories = [...new Set(segments.map((s) => s.category))].sort();
  const growth = options.methods.includes('mse') ? marketGrowth(scales, categories, options.growthPeriods, options.bases, level) : [];
  return { estimates, growth, sensitivity };
}
