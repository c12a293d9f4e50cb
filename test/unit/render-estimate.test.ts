// The estimate table for people (src/render/estimate.ts): one unit for the whole table, picked by the
// magnitude of its figures (an institution's 万元, a market's 亿元) or fixed with --unit; the JSON
// keeps yuan. Built from the pure market estimate, no database.
import { describe, expect, it } from 'vitest';
import type { EstimateResult } from '../../src/core/estimate/estimate-project.js';
import { estimateMarket, type SegmentData } from '../../src/core/estimate/market.js';
import { renderEstimate } from '../../src/render/estimate.js';

const counts = [0, 250, 200, 100, 50, 25, 20, 10];
/** One segment whose operations are worth `value` yuan each. */
const result = (value: number): EstimateResult => {
  const s: SegmentData = { period: '2025Q1', category: 'debt_evasion', capture_counts: counts, value_per_operation_cny: [value, value * 2, value * 3], observed_losses_cny: value * 6 };
  const rates = { debt_evasion: 0.1 };
  const m = estimateMarket([s], {
    bootstrap: 10,
    seed: 1,
    methods: ['mse', 'multiplier'],
    growthPeriods: [],
    bases: new Map(),
    multiplier: { rates, bounds: { debt_evasion: { low: 0.05, high: 0.2 } }, scenario: null, cases: [] },
  });
  return { run_id: 'R', ...m, models_run: { run_id: null, ran_now: false, reason: null }, parameters: { period: null, method: 'all', bootstrap: 10, seed: 1, scenario: null, selection: 'stepwise', p_threshold: 0.02 } };
};

describe('renderEstimate units', () => {
  it("prints an institution's small figures in 万元 instead of 0.0 亿元, one unit for every amount column", () => {
    const text = renderEstimate(result(300)); // ~700 operations × 600 yuan ≈ 42 万元
    expect(text).toMatch(/scale 万元 .* multiplier 万元/);
    expect(text).not.toMatch(/亿元/);
    expect(text).not.toMatch(/\s0\.0\s/);
  });

  it('prints a market-sized estimate in 亿元, and any table in the unit --unit fixes', () => {
    expect(renderEstimate(result(3e6))).toMatch(/scale 亿元 .* multiplier 亿元/);
    const fixed = renderEstimate(result(300), { unit: 'yuan' });
    expect(fixed).toMatch(/scale 元 .* multiplier 元/);
    expect(fixed).toMatch(/\d{3},\d{3}/); // whole yuan, grouped
  });

  it('uses the same picked unit in the multiplier-only table', () => {
    const r = result(300);
    const only = { ...r, estimates: r.estimates.filter((e) => e.method === 'multiplier') };
    expect(renderEstimate(only)).toMatch(/observed losses 万元 .* multiplier 万元 .* range 万元 .* MSE 万元/);
  });
});

describe('renderEstimate language', () => {
  it('names its columns and segments in Chinese with lang zh, in English with lang en; units stay 万元/亿元 in both', () => {
    const zh = renderEstimate(result(3e6), { lang: 'zh' });
    expect(zh).toMatch(/^报告期\s+类别\s+观测数\s+团伙数\s+95% 区间\s+规模 亿元/m);
    expect(zh).toContain('恶意逃废债');
    expect(zh).not.toMatch(/\bperiod\b|\bsegment\b/);
    expect(renderEstimate(result(3e6), { lang: 'en' })).toMatch(/^period\s+segment\s+observed\s+operations\s+95% interval\s+scale 亿元/m);
  });
});
