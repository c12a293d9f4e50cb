// The tile grid of the regions map, composeSpec, and the shipped sidecars against their schema.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { TILE_GRID } from '../../src/core/reports/tile-grid.js';
import { REGIONS } from '../../src/core/regions.js';
import { composeSpec, type ChartSpec } from '../../src/core/charts/compose.js';
import { chartSidecarSchema, type ChartSidecar } from '../../src/core/charts/sidecar.js';
import type { ReportTable } from '../../src/core/reports/report-table.js';
import { GrayscopeError } from '../../src/core/errors.js';

describe('tile grid', () => {
  it('places each of the 34 provincial-level divisions once, in 34 distinct cells', () => {
    expect(TILE_GRID).toHaveLength(34);
    expect(new Set(TILE_GRID.map((c) => c.code))).toEqual(new Set(REGIONS.map((r) => r.code)));
    expect(new Set(TILE_GRID.map((c) => `${c.col},${c.row}`)).size).toBe(34);
  });
  it('黑龙江 top right, 新疆 and 西藏 west, 海南 at the bottom', () => {
    const at = (code: string) => TILE_GRID.find((c) => c.code === code)!;
    const maxCol = Math.max(...TILE_GRID.map((c) => c.col));
    const maxRow = Math.max(...TILE_GRID.map((c) => c.row));
    expect(at('23')).toMatchObject({ col: maxCol, row: 0 });
    expect(at('65').col).toBe(Math.min(...TILE_GRID.map((c) => c.col)));
    expect(at('46').row).toBe(maxRow);
  });
});

const sidecar: ChartSidecar = {
  table: 'templated_share',
  title: { zh: '模板化投诉占比', en: 'Templated share' },
  subtitle: { zh: '阈值 {threshold}，{shingle}字片段', en: 'Threshold {threshold}, {shingle}-character shingles' },
  texts: { share: { zh: '占比', en: 'Share' }, unit: { zh: '单位 {unit}', en: 'in {unit}' } },
};
const table: ReportTable = {
  name: 'templated_share',
  columns: ['period', 'share'],
  rows: [{ period: '2025Q1', share: 0.3 }],
  meta: { run_id: 'r1', period: '2025Q1', threshold: 0.7, shingle: 3, unit: '亿元', central: 12.5 },
};
const spec: ChartSpec = {
  data: { name: 'table' },
  title: { anchor: 'start' },
  mark: 'line',
  encoding: { y: { field: 'share', type: 'quantitative', title: '@text:share' }, x: { field: 'period', title: '@text:unit' } },
  layer: [{ mark: 'rule', encoding: { x: { datum: '@meta:central' } } }],
};

describe('composeSpec', () => {
  it('inlines the rows, fills texts, meta, title and subtitle in the language, keeps title style', () => {
    const zh = composeSpec(spec, sidecar, table, 'zh');
    expect(zh.data).toEqual({ values: [{ period: '2025Q1', share: 0.3 }] });
    expect(zh.title).toEqual({ anchor: 'start', text: '模板化投诉占比', subtitle: '阈值 0.7，3字片段' });
    expect(JSON.stringify(zh)).toContain('"title":"占比"');
    expect(JSON.stringify(zh)).toContain('"title":"单位 亿元"');
    expect(JSON.stringify(zh)).toContain('"datum":12.5');
    const en = composeSpec(spec, sidecar, table, 'en');
    expect(en.title).toMatchObject({ text: 'Templated share', subtitle: 'Threshold 0.7, 3-character shingles' });
    expect(spec.data).toEqual({ name: 'table' });
  });
  it('refuses a text or meta key that is not there, and a spec without the table data', () => {
    expect(() => composeSpec({ ...spec, mark: '@text:nope' }, sidecar, table, 'zh', 'x.vl.json')).toThrow(GrayscopeError);
    expect(() => composeSpec({ ...spec, mark: '@meta:nope' }, sidecar, table, 'zh')).toThrow(/meta/);
    expect(() => composeSpec({ mark: 'bar' }, sidecar, table, 'zh')).toThrow(/data/);
  });
});

describe('shipped charts', () => {
  const dir = join(__dirname, '../../reports/charts');
  const names = readdirSync(dir).filter((f) => f.endsWith('.vl.json')).map((f) => f.slice(0, -8));
  it('are the eleven of issue 12, each with a valid sidecar', () => {
    expect(names.sort()).toEqual(['enforcement', 'growth', 'market_scale', 'mse_models', 'regions_map', 'regions_rank', 'scale_by_category', 'sensitivity', 'source_overlap', 'suspected_complaints', 'templated_share']);
    for (const n of names) {
      const parsed = chartSidecarSchema.safeParse(YAML.parse(readFileSync(join(dir, `${n}.chart.yaml`), 'utf8')));
      expect(parsed.success, n).toBe(true);
      const text = readFileSync(join(dir, `${n}.vl.json`), 'utf8');
      expect(text).not.toMatch(/"url"/);
      for (const key of text.matchAll(/"@text:(\w+)"/g)) expect(parsed.data!.texts[key[1]!], `${n}: ${key[1]}`).toBeDefined();
    }
  });
});
