// The bulletin's pure parts on hand-made report tables: the headline's published rounding (two
// significant digits, "above"; whole percent, "about"), a fall in growth, the year-on-year fallback,
// a lower bound without interval, the caveats naming lower-bound categories, the shipped texts in
// both languages with the same keys, the refused template constructs and mustache's parse positions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate } from '../../src/adapters/bulletin-template.js';
import { buildHeadline, headlineFloor } from '../../src/core/bulletin/headline.js';
import { bulletinRoot, parseBulletinStrings, textsOf } from '../../src/core/bulletin/strings.js';
import { refusedConstructs } from '../../src/core/bulletin/template-check.js';
import { bulletinView } from '../../src/core/bulletin/view.js';
import type { ReportTable } from '../../src/core/reports/report-table.js';

const strings = await parseBulletinStrings(readFileSync(join(bulletinRoot(), 'strings.yaml'), 'utf8'), 'strings.yaml');

function market(scale: number, low: number | null, high: number | null, unit = '亿元'): ReportTable {
  return {
    name: 'market_scale',
    columns: ['period', 'scale', 'scale_low', 'scale_high', 'operations', 'operations_low', 'operations_high', 'operations_observed'],
    rows: [{ period: '2025Q1', scale, scale_low: low, scale_high: high, operations: 500, operations_low: 450, operations_high: 600, operations_observed: 350 }],
    meta: { run_id: 'r1', period: '2025Q1', unit, unit_code: 'yi' },
  };
}

function growth(values: Record<string, number>): ReportTable {
  return {
    name: 'growth',
    columns: ['period', 'metric', 'metric_label', 'value', 'ci_low', 'ci_high'],
    rows: Object.entries(values).map(([metric, value]) => ({ period: '2025Q1', metric, metric_label: metric, value, ci_low: value - 0.1, ci_high: value + 0.1 })),
    meta: { run_id: 'r1', period: '2025Q1' },
  };
}

describe('headline', () => {
  it('cuts the scale to two significant digits, never up', () => {
    expect(headlineFloor(2856.3)).toEqual({ value: 2800, decimals: 0 });
    expect(headlineFloor(2400)).toEqual({ value: 2400, decimals: 0 });
    expect(headlineFloor(99.6)).toEqual({ value: 99, decimals: 0 });
    expect(headlineFloor(12_809.2)).toEqual({ value: 12_000, decimals: 0 });
    expect(headlineFloor(0.876)).toEqual({ value: 0.87, decimals: 2 });
  });

  it('reads as published: above 2,800 亿元 with its interval, about +40% on the quarter two years back, about 18% a year', () => {
    const g = growth({ yoy: 0.2, vs_2y: 0.4012, cagr_2y: 0.1836 });
    const zh = buildHeadline(market(2856.3, 2401.2, 3310.7), g, 'zh', textsOf(strings, 'zh'));
    expect(zh.text).toBe('2025年第一季度金融黑灰产市场规模超过2,800亿元（95%区间 2,401.2–3,310.7 亿元），较2023年同期增长约40%，年均约18%。');
    expect(zh).toMatchObject({ scale: 2856.3, scale_headline: 2800, vs_2y: 0.4012, cagr_2y: 0.1836, base_period: '2023Q1', compared: 'vs_2y' });
    const en = buildHeadline(market(2856.3, 2401.2, 3310.7, 'CNY 100 million'), g, 'en', textsOf(strings, 'en'));
    expect(en.text).toBe('The financial black and gray market was above 2,800 (CNY 100 million) in Q1 2025 (95% interval 2,401.2–3,310.7), about +40% on Q1 2023, about +18% a year.');
  });

  it('a fall reads 下降 in Chinese and a minus sign in English', () => {
    const g = growth({ vs_2y: -0.124, cagr_2y: -0.064 });
    expect(buildHeadline(market(1500, 1200, 1900), g, 'zh', textsOf(strings, 'zh')).text).toContain('较2023年同期下降约12%，年均约6%');
    expect(buildHeadline(market(1500, 1200, 1900), g, 'en', textsOf(strings, 'en')).text).toContain('about -12% on Q1 2023, about -6% a year');
  });

  it('without a two-year change it states the year-on-year one; without any growth, none', () => {
    const yoy = buildHeadline(market(1500, 1200, 1900), growth({ yoy: 0.336 }), 'zh', textsOf(strings, 'zh'));
    expect(yoy.text).toMatch(/，较2024年同期增长约34%。$/);
    expect(yoy).toMatchObject({ compared: 'yoy', base_period: '2024Q1', vs_2y: null });
    expect(buildHeadline(market(1500, 1200, 1900), null, 'en', textsOf(strings, 'en')).text).toMatch(/\(95% interval 1,200\.0–1,900\.0\)\.$/);
  });

  it('a lower bound (no interval) says so instead of an interval', () => {
    const h = buildHeadline(market(1500, null, null), null, 'zh', textsOf(strings, 'zh'));
    expect(h.text).toContain('（下限：部分类别只有一个来源观测到团伙）');
    expect(h.text).not.toContain('95%');
  });
});

describe('view', () => {
  const facts = { lowerBound: ['false_litigation', 'info_theft'], sources: [{ source: 'complaints', path: '/home/someone/exports/2025/complaints.csv', sha256: 'a'.repeat(64), rows_loaded: 1234 }], rates: null, version: '0.1.0', bulletinRunId: 'b1' };
  const tables = { market_scale: market(2856.3, 2401.2, 3310.7, 'CNY 100 million'), growth: growth({ yoy: 0.2, qoq: 0.05, vs_2y: 0.4, cagr_2y: 0.18 }) };

  it('names the lower-bound categories in the caveats and says what the interval leaves out', () => {
    const zh = bulletinView({ lang: 'zh', tables, facts, charts: [], strings });
    expect(zh.caveats[0]).toContain('不包括报告率假设与记录关联误差');
    expect(zh.caveats[1]).toContain('虚假诉讼、信息窃取');
    const en = bulletinView({ lang: 'en', tables, facts, charts: [], strings });
    expect(en.caveats[1]).toContain('False litigation');
  });

  it('sources by base name and short hash; key figures exact with intervals; tables carry *_text beside figures', () => {
    const v = bulletinView({ lang: 'en', tables, facts, charts: [], strings });
    expect(v.sources.rows).toEqual([{ source: 'Complaints', file: 'complaints.csv', sha256: 'aaaaaaaaaaaa', rows: '1,234' }]);
    expect(v.key_figures[0]).toEqual({ label: 'Market size (CNY 100 million)', value: '2,856.3', interval: '2,401.2–3,310.7' });
    expect(v.key_figures.find((r) => r.label.startsWith('Two-year change (on 2023Q1)'))).toEqual({ label: 'Two-year change (on 2023Q1)', value: '+40.0%', interval: '+30.0% – +50.0%' });
    expect(v.tables.market_scale!.rows[0]).toMatchObject({ scale: 2856.3, scale_text: '2,856.3', operations_observed_text: '350' });
    expect(v.tables.growth!.rows[0]).toMatchObject({ metric: 'yoy', value_text: '20.0%' });
    expect(v.complaints).toBeNull();
    expect(v.enforcement).toBeNull();
  });
});

describe('shipped texts and templates', () => {
  it('zh and en hold the same keys, and the shipped templates parse', () => {
    expect(Object.keys(strings.zh).sort()).toEqual(Object.keys(strings.en).sort());
    for (const name of ['bulletin.html.mustache', 'bulletin.md.mustache']) {
      const text = readFileSync(join(bulletinRoot(), name), 'utf8');
      expect(() => parseTemplate(text, name)).not.toThrow();
      expect(refusedConstructs(text, name)).toEqual([]);
    }
  });

  it('refused constructs are found case-insensitively, with spaces, each at line:col', () => {
    const text = 'ok\n<SCRIPT >\n<a HREF = "HTTP://x">\n<img src=\'//cdn/x\'>\n<style>@IMPORT x; b{background:URL( https://x)}</style>';
    expect(refusedConstructs(text, 't')).toEqual([
      't:2:1: a <script> element (the bulletin runs no code)',
      't:3:4: href= naming a URL',
      't:4:6: src= naming a URL',
      't:5:8: @import',
      't:5:32: url() naming a URL',
    ]);
    expect(refusedConstructs('<a href="#key-figures">x</a><img src="data:image/png;base64,AA">', 't')).toEqual([]);
  });

  it('Markdown escapes a table cell’s | and leaves & and / alone; HTML escapes markup', () => {
    expect(renderTemplate('| {{x}} |', { x: 'a|b & c/d' }, 'md')).toBe('| a\\|b & c/d |');
    expect(renderTemplate('<p>{{x}}</p>', { x: '<b>&' }, 'html')).toBe('<p>&lt;b&gt;&amp;</p>');
  });
});
