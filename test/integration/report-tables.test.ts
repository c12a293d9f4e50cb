// The report tables on a demo project: every table's columns (the contract the chart specs are written
// against), values equal to the source tables recomputed here by SQL, zh and en labels, period
// handling (a quarter, a year, none), and exit 3 without an estimate.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/core/ports/db.js';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { demoCommand } from '../../src/api.js';
import { REPORT_TABLES, type ReportTableName } from '../../src/core/reports/report-table.js';
import { NEEDS_ESTIMATE, REPORT_COLUMNS, readReportTable } from '../../src/core/reports/tables.js';
import { GrayscopeError } from '../../src/core/errors.js';

let dir: string;
let db: Db;
let noEstimate: Db;
const NAMES = Object.keys(REPORT_TABLES) as ReportTableName[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gs-report-tables-'));
  await demoCommand({ out: join(dir, 'demo'), seed: 1 });
  // A project whose models ran but that never ran an estimate: the demo's database without the estimate tables' rows.
  copyFileSync(join(dir, 'demo', 'grayscope.duckdb'), join(dir, 'plain.duckdb'));
  const writable = await openDatabase(join(dir, 'plain.duckdb'));
  for (const t of ['estimates', 'growth', 'sensitivity']) await writable.run(`DELETE FROM ${t}`);
  writable.close();
  db = await openDatabase(join(dir, 'demo', 'grayscope.duckdb'), { readOnly: true });
  noEstimate = await openDatabase(join(dir, 'plain.duckdb'), { readOnly: true });
}, 120_000);

afterAll(() => {
  db?.close();
  noEstimate?.close();
  rmSync(dir, { recursive: true, force: true });
});

const num = async (sql: string, params: unknown[] = []) => Number(await db.scalar(sql, params as never));

describe('every report table', () => {
  it.each(NAMES)('%s: the documented columns, every row has each, meta has run_id and period', async (name) => {
    const t = await readReportTable(db, name, { period: null, lang: 'zh' });
    expect(t.name).toBe(name);
    expect(t.columns).toEqual(REPORT_COLUMNS[name]);
    expect(t.rows.length).toBeGreaterThan(0);
    for (const r of t.rows) expect(Object.keys(r)).toEqual(t.columns);
    expect(t.meta.period).toBe('2025Q4');
    expect(t.meta.run_id).toBe(await db.scalar(`SELECT run_id FROM estimates_latest WHERE period = '2025Q4' LIMIT 1`));
  });
});

describe('values', () => {
  it('market_scale: the MSE scale of all in 亿元, as estimates_latest holds it', async () => {
    const t = await readReportTable(db, 'market_scale', { period: null, lang: 'zh' });
    expect(t.meta.unit).toBe('亿元');
    expect(t.rows).toHaveLength(12);
    const q = t.rows.find((r) => r.period === '2024Q3')!;
    const yuan = await num(`SELECT scale_cny FROM estimates_latest WHERE period = '2024Q3' AND segment = 'all' AND method = 'mse'`);
    expect(q.scale).toBeCloseTo(yuan / 1e8, 6);
    expect(q.scale_low as number).toBeLessThan(q.scale as number);
    expect(q.operations).toBe(await num(`SELECT operations_estimate FROM estimates_latest WHERE period = '2024Q3' AND segment = 'all' AND method = 'mse'`));
  });

  it('growth: 同比 and 环比 of all per quarter, with intervals', async () => {
    const t = await readReportTable(db, 'growth', { period: null, lang: 'zh' });
    expect(new Set(t.rows.map((r) => r.metric_label))).toEqual(new Set(['同比', '环比']));
    const r = t.rows.find((x) => x.period === '2025Q4' && x.metric === 'yoy')!;
    expect(r.value).toBeCloseTo(await num(`SELECT value FROM growth_latest WHERE period = '2025Q4' AND segment = 'all' AND method = 'mse' AND metric = 'yoy'`), 9);
  });

  it('scale_by_category: shares of each quarter sum to 1', async () => {
    const t = await readReportTable(db, 'scale_by_category', { period: null, lang: 'en' });
    const q = t.rows.filter((r) => r.period === '2025Q4');
    expect(q).toHaveLength(7);
    expect(q.reduce((s, r) => s + (r.share as number), 0)).toBeCloseTo(1, 9);
    expect(q.map((r) => r.category_label)).toContain('Money laundering');
  });

  it('regions: all 34 divisions once, zeros where none, counts as operations holds them', async () => {
    const t = await readReportTable(db, 'regions', { period: '2025Q4', lang: 'zh' });
    expect(t.rows).toHaveLength(34);
    expect(new Set(t.rows.map((r) => r.region)).size).toBe(34);
    expect(new Set(t.rows.map((r) => `${r.col},${r.row}`)).size).toBe(34);
    const gd = t.rows.find((r) => r.region === '44')!;
    expect(gd.region_label).toBe('广东');
    expect(gd.operations).toBe(await num(`SELECT count(*) FROM operations WHERE period = '2025Q4' AND region = '44'`));
    expect(gd.complaints).toBe(await num(`SELECT sum(complaints) FROM complaint_stats WHERE period = '2025Q4' AND region = '44'`));
    expect(t.rows.find((r) => r.region === '81')!.operations).toBe(0);
    expect(t.rows.map((r) => r.rank)).toEqual(Array.from({ length: 34 }, (_, i) => i + 1));
  });

  it('templated_share: summed over categories, with threshold, shingle and min_cluster in meta', async () => {
    const t = await readReportTable(db, 'templated_share', { period: null, lang: 'zh' });
    const r = t.rows.find((x) => x.period === '2024Q2')!;
    const templated = await num(`SELECT sum(templated) FROM complaint_template_shares WHERE period = '2024Q2'`);
    const all = await num(`SELECT sum(complaints) FROM complaint_template_shares WHERE period = '2024Q2'`);
    expect(r.share).toBeCloseTo(templated / all, 12);
    expect(t.meta).toMatchObject({ threshold: 0.7, shingle: 3, min_cluster: 5 });
  });

  it('suspected_complaints: per category of the period, without ordinary complaints', async () => {
    const t = await readReportTable(db, 'suspected_complaints', { period: '2025Q1', lang: 'en' });
    expect(t.rows).toHaveLength(7);
    const r = t.rows.find((x) => x.category === 'debt_evasion')!;
    expect(r.suspected).toBe(await num(`SELECT suspected FROM complaint_identification WHERE period = '2025Q1' AND category = 'debt_evasion'`));
    expect(r.share).toBeCloseTo((r.suspected as number) / (r.complaints as number), 12);
    expect(r.category_label).toBe('Debt evasion');
  });

  it('source_overlap: seven capture histories that add up to the operations observed', async () => {
    const t = await readReportTable(db, 'source_overlap', { period: '2025Q4', lang: 'zh' });
    expect(t.rows).toHaveLength(7);
    const total = await num(`SELECT sum(n) FROM capture_histories WHERE period = '2025Q4'`);
    expect(t.rows.reduce((s, r) => s + (r.operations as number), 0)).toBe(total);
    expect(t.rows[0]).toMatchObject({ history: '111', label: '投诉＋事件＋执法', lists: 3 });
  });

  it('mse_models: the eight hierarchical models of three lists, one selected', async () => {
    const t = await readReportTable(db, 'mse_models', { period: null, lang: 'en' });
    expect(t.rows).toHaveLength(8);
    expect(t.rows.filter((r) => r.selected)).toHaveLength(1);
    expect(t.rows[0]!.model_label).toBe('Independence');
    expect(t.meta.n_observed).toBe(await num(`SELECT sum(n) FROM capture_histories WHERE period = '2025Q4'`));
    for (const r of t.rows) if (r.N !== null) expect(r.N as number).toBeGreaterThanOrEqual(t.meta.n_observed as number);
  });

  it('sensitivity: low and high bounds per category around the multiplier estimate, widest first', async () => {
    const t = await readReportTable(db, 'sensitivity', { period: null, lang: 'zh' });
    expect(t.rows).toHaveLength(7);
    const central = await num(`SELECT scale_cny FROM estimates_latest WHERE period = '2025Q4' AND segment = 'all' AND method = 'multiplier'`);
    expect(t.meta.central as number).toBeCloseTo(central / 1e8, 6);
    const ml = t.rows.find((r) => r.category === 'money_laundering')!;
    const low = await num(`SELECT estimate_cny FROM sensitivity_latest WHERE period = '2025Q4' AND category = 'money_laundering' AND bound = 'low'`);
    expect(ml.scale_at_low as number).toBeCloseTo(low / 1e8, 6);
    const spans = t.rows.map((r) => r.span as number);
    expect(spans).toEqual([...spans].sort((a, b) => b - a));
  });

  it('enforcement: cases, persons arrested and gangs dismantled per quarter', async () => {
    const t = await readReportTable(db, 'enforcement', { period: null, lang: 'zh' });
    const r = t.rows.find((x) => x.period === '2024Q1')!;
    expect(r.cases).toBe(await num(`SELECT sum(cases) FROM enforcement_stats WHERE period = '2024Q1'`));
    expect(r.persons_arrested).toBe(await num(`SELECT sum(persons_arrested) FROM enforcement_stats WHERE period = '2024Q1'`));
  });
});

describe('period', () => {
  it('a quarter: the output is about it, and series stop there', async () => {
    const t = await readReportTable(db, 'market_scale', { period: '2024Q2', lang: 'zh' });
    expect(t.meta.period).toBe('2024Q2');
    expect(t.rows.at(-1)!.period).toBe('2024Q2');
  });

  it('a year: its last estimated quarter', async () => {
    const t = await readReportTable(db, 'enforcement', { period: '2024', lang: 'en' });
    expect(t.meta.period).toBe('2024Q4');
  });

  it('a quarter without an estimate: exit 3 saying so', async () => {
    const err = await readReportTable(db, 'growth', { period: '2030Q1', lang: 'zh' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrayscopeError);
    expect((err as GrayscopeError).exitCode).toBe(3);
  });
});

describe('labels', () => {
  it('zh and en', async () => {
    const zh = await readReportTable(db, 'regions', { period: null, lang: 'zh' });
    const en = await readReportTable(db, 'regions', { period: null, lang: 'en' });
    expect(zh.rows.find((r) => r.region === '15')).toMatchObject({ region_label: '内蒙古', tile_label: '内蒙古' });
    expect(en.rows.find((r) => r.region === '15')).toMatchObject({ region_label: 'Inner Mongolia', tile_label: 'NM' });
    const unitEn = await readReportTable(db, 'market_scale', { period: null, lang: 'en' });
    expect(unitEn.meta.unit).toBe('CNY 100 million');
  });
});

describe('without an estimate run', () => {
  it.each([...NEEDS_ESTIMATE])('%s exits 3 naming grayscope estimate', async (name) => {
    const err = await readReportTable(noEstimate, name, { period: null, lang: 'zh' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrayscopeError);
    expect((err as GrayscopeError).exitCode).toBe(3);
    expect((err as GrayscopeError).hint ?? (err as Error).message).toContain('grayscope estimate');
  });

  it.each(NAMES.filter((n) => !NEEDS_ESTIMATE.has(n)))('%s works from the models alone, with run_id null', async (name) => {
    const t = await readReportTable(noEstimate, name, { period: null, lang: 'zh' });
    expect(t.meta.run_id).toBeNull();
    expect(t.meta.period).toBe('2025Q4');
    expect(t.rows.length).toBeGreaterThan(0);
  });
});
