// The pure market estimate (src/core/estimate/market.ts and the modules it orders): counting a
// segment with its fallbacks (counting.ts), the heavy-tail statistics (resampling.ts), the joint
// bootstrap's determinism and independence between segments, and the multiplier method and growth
// rows it produces.
import { describe, expect, it } from 'vitest';
import { countOperations } from '../../src/core/estimate/counting.js';
import { estimateMarket, type MarketOptions, type SegmentData } from '../../src/core/estimate/market.js';
import { median, trimmedMean } from '../../src/core/estimate/resampling.js';

// Cells by mask: bit 0 complaints, bit 1 incidents, bit 2 enforcement. An independent population of
// 1,000 with p = 0.5, 0.4, 0.2 has expected counts N·Π p^h (1−p)^(1−h).
const expected = (N: number, p: number[]) =>
  Array.from({ length: 8 }, (_, m) => (m === 0 ? 0 : Math.round(N * p.reduce((a, pj, j) => a * (m & (1 << j) ? pj : 1 - pj), 1))));

const bases = new Map([
  ['2025Q1', { previous_period: '2024Q4', same_period_last_year: '2024Q1', same_period_two_years_ago: '2023Q1' }],
]);
const segment = (period: string, category: string, scale = 1): SegmentData => ({
  period,
  category,
  capture_counts: expected(1000 * scale, [0.5, 0.4, 0.2]),
  value_per_operation_cny: [1e6, 2e6, 3e6, 5e6, 4e7].map((v) => v * scale),
  observed_losses_cny: 1e8 * scale,
});
const options = (over: Partial<MarketOptions> = {}): MarketOptions => ({ bootstrap: 50, seed: 1, methods: ['mse'], growthPeriods: ['2025Q1'], bases, ...over });

describe('countOperations', () => {
  it('recovers N of an independent three-list population with the main-effects model', () => {
    const r = countOperations(expected(1000, [0.5, 0.4, 0.2]));
    expect(r.terms).toEqual(['complaints', 'incidents', 'enforcement']);
    expect(r.N).toBeGreaterThan(980);
    expect(r.N).toBeLessThan(1020);
    expect(r.ci![0]).toBeLessThan(r.N);
  });

  it('drops a list that saw nobody and uses Chapman on the other two', () => {
    const counts = [0, 200, 150, 100, 0, 0, 0, 0]; // enforcement empty; 100 in complaints and incidents
    const r = countOperations(counts);
    expect(r.lists).toEqual(['complaints', 'incidents']);
    expect(r.N).toBeCloseTo((301 * 251) / 101 - 1, 6);
    expect(r.note).toMatch(/enforcement saw no operation/);
  });

  it('reports the observed count, never less, when only one list has cases, and flags it as a lower bound', () => {
    const r = countOperations([0, 12, 0, 0, 0, 0, 0, 0]);
    expect(r.N).toBe(12);
    expect(r.ci).toBeNull();
    expect(r.note).toMatch(/lower bound/);
    expect(r.lower_bound).toBe(true);
    expect(countOperations([0, 5, 7, 0, 0, 0, 0, 0]).lower_bound).toBe(true); // two lists, no overlap
    expect(countOperations(expected(1000, [0.5, 0.4, 0.2])).lower_bound).toBe(false);
  });
});

describe('segments that only one source sees (lower bounds)', () => {
  // Five operations seen in incidents only, each with a value: a floor of 5 operations.
  const oneSource = (category: string): SegmentData => ({ period: '2025Q1', category, capture_counts: [0, 0, 5, 0, 0, 0, 0, 0], value_per_operation_cny: [1e4, 2e4, 3e4, 4e4, 5e4], observed_losses_cny: 1.5e5 });

  it('labels the rows lower_bound with no interval, never a degenerate 5–5, the all row too when every category is a floor', () => {
    const r = estimateMarket([oneSource('a'), oneSource('b')], options({ growthPeriods: [] }));
    for (const e of r.estimates) {
      expect(e.lower_bound, e.segment).toBe(true);
      expect(e.operations.ci, e.segment).toBeNull();
      expect(e.scale_cny.ci, e.segment).toBeNull();
      expect(e.mse!.note, e.segment).toMatch(/lower bound/);
    }
    const all = r.estimates.find((e) => e.segment === 'all')!;
    expect(all.operations).toMatchObject({ observed: 10, estimate: 10, ci: null, ci_method: null });
  });

  it('gives growth between floors a value but no interval', () => {
    const before = { ...oneSource('a'), period: '2024Q1', value_per_operation_cny: [1e4, 1e4, 2e4, 2e4, 3e4] };
    const r = estimateMarket([oneSource('a'), before], options());
    const yoy = r.growth.find((g) => g.segment === 'all' && g.metric === 'yoy')!;
    expect(yoy.value).toBeCloseTo(15 / 9 - 1, 6);
    expect(yoy.ci).toBeNull();
  });

  it('keeps the interval of a period where only some categories are floors, and names the floors in the all row', () => {
    const r = estimateMarket([segment('2025Q1', 'a'), oneSource('b')], options({ growthPeriods: [] }));
    const all = r.estimates.find((e) => e.segment === 'all')!;
    expect(all.lower_bound).toBe(false);
    expect(all.operations.ci).not.toBeNull();
    expect(all.mse!.note).toMatch(/; b: the observed count only \(a lower bound\)$/);
    expect(r.estimates.find((e) => e.segment === 'a')!.lower_bound).toBe(false);
    expect(r.estimates.find((e) => e.segment === 'b')!.lower_bound).toBe(true);
  });
});

describe('heavy-tail statistics', () => {
  it('median and 10%-trimmed mean resist one huge value', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1000];
    expect(median(xs)).toBe(5.5);
    expect(trimmedMean(xs)).toBe(5.5); // drops 1 and 1000
  });
});

describe('estimateMarket', () => {
  it('gives identical results for the same seed and different intervals for another', () => {
    const segs = [segment('2025Q1', 'a'), segment('2025Q1', 'b')];
    const a = estimateMarket(segs, options());
    expect(JSON.stringify(estimateMarket(segs, options()))).toBe(JSON.stringify(a));
    expect(JSON.stringify(estimateMarket(segs, options({ seed: 2 })))).not.toBe(JSON.stringify(a));
  });

  it("keeps a segment's replicates independent of which other periods are estimated", () => {
    const alone = estimateMarket([segment('2025Q1', 'a')], options());
    const more = estimateMarket([segment('2025Q1', 'a'), segment('2024Q1', 'a', 0.8)], options());
    const pick = (r: typeof alone) => r.estimates.find((e) => e.period === '2025Q1' && e.segment === 'a');
    expect(pick(more)).toEqual(pick(alone));
  });

  it('sums categories into all and measures growth against bases in the run, null without a base', () => {
    const r = estimateMarket([segment('2025Q1', 'a'), segment('2025Q1', 'b'), segment('2024Q1', 'a', 0.8), segment('2024Q1', 'b', 0.8)], options());
    const all = r.estimates.find((e) => e.period === '2025Q1' && e.segment === 'all')!;
    const cats = r.estimates.filter((e) => e.period === '2025Q1' && e.segment !== 'all');
    expect(all.operations.estimate).toBeCloseTo(cats[0]!.operations.estimate! + cats[1]!.operations.estimate!, 1);
    expect(all.operations.ci![0]).toBeLessThan(all.operations.estimate!);
    const yoy = r.growth.find((g) => g.segment === 'all' && g.metric === 'yoy')!;
    // Values scale by 0.8 and N by 0.8: the scale by 0.64.
    expect(yoy.value!).toBeCloseTo(1 / 0.64 - 1, 1);
    expect(yoy.ci![0]).toBeLessThan(yoy.value!);
    expect(r.growth.find((g) => g.segment === 'all' && g.metric === 'qoq')).toMatchObject({ base_period: '2024Q4', value: null, ci: null });
  });

  it('divides observed losses by the reporting rate and lists one sensitivity row per category and bound', () => {
    const r = estimateMarket([segment('2025Q1', 'a'), segment('2025Q1', 'b')], options({
      methods: ['multiplier'],
      multiplier: {
        rates: { a: 0.1, b: 0.2 },
        bounds: { a: { low: 0.05, high: 0.2 }, b: { low: 0.1, high: 0.4 } },
        scenario: null,
        cases: [{ category: 'a', bound: 'low', rate: 0.05, rates: { a: 0.05, b: 0.2 } }],
      },
    }));
    const all = r.estimates.find((e) => e.segment === 'all')!;
    expect(all.method).toBe('multiplier');
    expect(all.scale_cny.estimate).toBeCloseTo(1e9 + 5e8, 0);
    expect(all.multiplier!.range).toEqual([5e8 + 2.5e8, 2e9 + 1e9]);
    expect(r.sensitivity).toEqual([{ period: '2025Q1', category: 'a', bound: 'low', rate: 0.05, estimate_cny: 2e9 + 5e8 }]);
    expect(r.growth).toEqual([]);
  });

  it('puts the MSE scale and the reporting rate it implies beside every multiplier row, the same with or without the MSE rows', () => {
    const multiplier: MarketOptions['multiplier'] = { rates: { a: 0.1, b: 0.2 }, bounds: { a: { low: 0.05, high: 0.2 }, b: { low: 0.1, high: 0.4 } }, scenario: null, cases: [] };
    const segs = [segment('2025Q1', 'a'), segment('2025Q1', 'b', 2)];
    const alone = estimateMarket(segs, options({ methods: ['multiplier'], multiplier }));
    const both = estimateMarket(segs, options({ methods: ['mse', 'multiplier'], multiplier }));
    for (const seg of ['a', 'b', 'all']) {
      const mse = both.estimates.find((e) => e.segment === seg && e.method === 'mse')!;
      const m = both.estimates.find((e) => e.segment === seg && e.method === 'multiplier')!;
      expect(m.multiplier!.mse_scale_cny).toBe(mse.scale_cny.estimate);
      expect(m.multiplier!.implied_reporting_rate).toBeCloseTo(m.multiplier!.observed_losses_cny / mse.scale_cny.estimate!, 4);
      expect(alone.estimates.find((e) => e.segment === seg)!.multiplier).toEqual(m.multiplier);
    }
    // Segment a: N ≈ 1,000 operations × mean value 1.02e7 ≈ 1.02e10 yuan against 1e8 observed: about 1%.
    expect(alone.estimates.find((e) => e.segment === 'a')!.multiplier!.implied_reporting_rate).toBeCloseTo(1e8 / (1000 * 1.02e7), 3);
  });
});
