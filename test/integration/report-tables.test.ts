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
import { AMOUNT_COLUMNS, NEEDS_ESTIMATE, REPORT_COLUMNS, readReportTable } from '../../src/core/reports/tables.js';
import { CATEGORIES } from '../../src/core/taxonomy.js';
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

  it('growth: 同比, 环比 and the two-year figures of all per quarter, with intervals', async () => {
    const t = await readReportTable(db, 'growth', { period: null, lang: 'zh' });
    expect(new Set(t.rows.map((r) => r.metric_label))).toEqual(new Set(['同比', '环比', '两年变动', '两年几何年均']));
    expect(t.rows.filter((r) => r.period === '2025Q4').map((r) => r.metric)).toEqual(['yoy', 'qoq', 'vs_2y', 'cagr_2y']);
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

/** The divisor of a table's amount unit (meta.unit_code). */
const DIVISOR: Record<string, number> = { yuan: 1, wan: 1e4, yi: 1e8 };
const yuan = (t: { meta: Record<string, unknown> }, x: unknown) => (x as number) * DIVISOR[t.meta.unit_code as string]!;
const sum = (rows: Array<Record<string, unknown>>, key: string) => rows.reduce((s, r) => s + Number(r[key]), 0);
const read = (name: ReportTableName, period: string | null = '2025Q4', lang: 'zh' | 'en' = 'zh') => readReportTable(db, name, { period, lang });

describe('the figures the returns read', () => {
  it.each(Object.keys(AMOUNT_COLUMNS) as ReportTableName[])('%s: amounts non-negative, in the unit meta.unit_code names (meta.unit its label)', async (name) => {
    const t = await read(name);
    expect(['yuan', 'wan', 'yi']).toContain(t.meta.unit_code);
    expect({ yuan: ['元'], wan: ['万元'], yi: ['亿元'] }[t.meta.unit_code as string]).toContain(t.meta.unit);
    for (const c of AMOUNT_COLUMNS[name]!) {
      expect(t.columns).toContain(c);
      for (const r of t.rows) if (r[c] !== null) expect(r[c] as number).toBeGreaterThanOrEqual(0);
    }
  });

  it('suspected_complaints.amount: the amounts in dispute of the category’s complaints (labelled and suspected), in the table’s unit', async () => {
    const t = await read('suspected_complaints');
    for (const category of ['debt_evasion', 'money_laundering']) {
      const r = t.rows.find((x) => x.category === category)!;
      const sql = await num(
        `SELECT sum(c.amount_cny) FROM complaint_classification AS k JOIN complaints AS c USING (complaint_id) WHERE k.period = '2025Q4' AND k.category = ?`, [category]);
      expect(sql).toBeGreaterThan(0);
      expect(yuan(t, r.amount)).toBeCloseTo(sql, 2);
    }
  });

  it.each(['2025Q4', '2024Q4', '2023Q4'])('complaint_totals %s: the sums of suspected_complaints, all complaints received, the ordinary rest, and incidents', async (q) => {
    const totals = await read('complaint_totals');
    const row = totals.rows.find((r) => r.period === q)!;
    const cats = await read('suspected_complaints', q);
    expect(row.identified).toBe(sum(cats.rows, 'complaints'));
    expect(row.suspected).toBe(sum(cats.rows, 'suspected'));
    expect(yuan(totals, row.amount)).toBeCloseTo(yuan(cats, sum(cats.rows, 'amount')), 2);
    expect(row.complaints).toBe(await num(`SELECT count(*) FROM complaints WHERE gs_period(received_date) = ?`, [q]));
    expect(row.ordinary).toBe((row.complaints as number) - (row.identified as number));
    expect(row.ordinary).toBe(cats.meta.ordinary);
    expect(row.ordinary as number).toBeGreaterThan(0);
    const incidents = await read('incidents_by_category', q);
    expect(row.incidents).toBe(sum(incidents.rows, 'incidents'));
    expect(row.incidents).toBe(await num(`SELECT count(*) FROM incidents WHERE gs_period(detected_date) = ?`, [q]));
  });

  it('complaint_totals: a row per quarter up to the period, so a return reads the quarter before, a year and two years before', async () => {
    const t = await read('complaint_totals', '2025Q1');
    expect(t.rows.map((r) => r.period)).toEqual(['2023Q1', '2023Q2', '2023Q3', '2023Q4', '2024Q1', '2024Q2', '2024Q3', '2024Q4', '2025Q1']);
  });

  it('regions: suspected (the identified complaints of a region) and their amounts add up to complaint_totals over the 34 divisions', async () => {
    const t = await read('regions');
    const totals = (await read('complaint_totals')).rows.at(-1)!;
    expect(totals.period).toBe('2025Q4');
    expect(sum(t.rows, 'suspected')).toBe(totals.identified);
    expect(yuan(t, sum(t.rows, 'amount'))).toBeCloseTo(yuan(await read('complaint_totals'), totals.amount), 2);
    for (const r of t.rows) expect(r.suspected as number).toBeLessThanOrEqual(r.complaints as number);
    expect(t.rows.find((r) => r.region === '82')).toMatchObject({ suspected: 0, amount: 0 });
    const gd = t.rows.find((r) => r.region === '44')!;
    expect(gd.suspected).toBe(await num(`SELECT count(*) FROM complaint_classification WHERE period = '2025Q4' AND region = '44' AND status <> 'ordinary'`));
  });

  it('incidents_by_category: the seven categories in taxonomy order, zeros where none, incidents and amounts as incident_stats holds them', async () => {
    const t = await read('incidents_by_category', '2025Q4', 'en');
    expect(t.rows.map((r) => r.category)).toEqual(CATEGORIES.map((c) => c.code));
    expect(t.rows.map((r) => r.category_order)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(t.rows[4]!.category_label).toBe('Money laundering');
    const ml = t.rows.find((r) => r.category === 'money_laundering')!;
    expect(ml.incidents).toBe(await num(`SELECT sum(incidents) FROM incident_stats WHERE period = '2025Q4' AND category = 'money_laundering'`));
    expect(yuan(t, ml.amount)).toBeCloseTo(await num(`SELECT sum(amount_cny) FROM incident_stats WHERE period = '2025Q4' AND category = 'money_laundering'`), 2);
    expect(t.meta.incidents).toBe(sum(t.rows, 'incidents'));
  });

  it('enforcement.referrals: cases whose operation the incidents saw first, never more than the cases of the quarter', async () => {
    const t = await read('enforcement');
    for (const r of t.rows) {
      expect(r.referrals as number).toBeGreaterThanOrEqual(0);
      expect(r.referrals as number).toBeLessThanOrEqual(r.cases as number);
      // at most the quarter's cases in operations that incidents also saw
      expect(r.referrals as number).toBeLessThanOrEqual(await num(`SELECT coalesce(sum(n_enforcement), 0) FROM operations WHERE period = ? AND in_incidents`, [r.period]));
    }
    expect(sum(t.rows, 'referrals')).toBeGreaterThan(0);
    expect(t.meta.referrals).toBe(t.rows.at(-1)!.referrals);
  });

  it('scale_by_category: operations within their interval, as estimates_latest holds them', async () => {
    const t = await read('scale_by_category');
    for (const r of t.rows) {
      expect(r.operations_low as number).toBeLessThanOrEqual(r.operations as number);
      expect(r.operations as number).toBeLessThanOrEqual(r.operations_high as number);
    }
    const r = t.rows.find((x) => x.period === '2025Q4' && x.category === 'credit_repair')!;
    expect(r.operations).toBe(await num(`SELECT operations_estimate FROM estimates_latest WHERE period = '2025Q4' AND segment = 'credit_repair' AND method = 'mse'`));
  });

  it('growth: cagr_2y = (1 + vs_2y)^(1/2) − 1, vs_2y the change on the scale eight quarters before; meta.yoy and meta.qoq stay those of the period', async () => {
    const g = await read('growth', null, 'en');
    const scale = await read('market_scale', null);
    const at = (q: string, m: string) => g.rows.find((r) => r.period === q && r.metric === m)!;
    let checked = 0;
    for (const q of ['2025Q1', '2025Q2', '2025Q3', '2025Q4']) {
      const vs = at(q, 'vs_2y').value as number;
      expect(at(q, 'cagr_2y').value as number).toBeCloseTo(Math.sqrt(1 + vs) - 1, 5);
      const base = `${Number(q.slice(0, 4)) - 2}${q.slice(4)}`;
      const s = (p: string) => scale.rows.find((r) => r.period === p)!.scale as number;
      expect(vs).toBeCloseTo(s(q) / s(base) - 1, 5);
      checked++;
    }
    expect(checked).toBe(4);
    expect(at('2025Q4', 'vs_2y').metric_label).toBe('Change over two years');
    expect(at('2025Q4', 'cagr_2y').metric_label).toBe('Geometric annual average over two years');
    expect(g.meta.yoy).toBe(at('2025Q4', 'yoy').value);
    expect(g.meta.qoq).toBe(at('2025Q4', 'qoq').value);
  });

  it('templated_share: threshold, shingle_k and min_cluster on every row', async () => {
    const t = await read('templated_share');
    for (const r of t.rows) expect(r).toMatchObject({ threshold: 0.7, shingle_k: 3, min_cluster: 5 });
  });

  it('estimate_run: one row, the run market_scale reads, method MSE with its label, the period', async () => {
    const zh = await read('estimate_run', null);
    const en = await read('estimate_run', null, 'en');
    const scale = await read('market_scale', null);
    expect(zh.rows).toHaveLength(1);
    expect(zh.rows[0]).toMatchObject({ run_id: scale.meta.run_id, method: 'mse', method_label: '多系统估计（对数线性模型）', period: '2025Q4' });
    expect(en.rows[0]!.method_label).toBe('Multiple systems estimation (log-linear models)');
    expect(zh.rows[0]!.model).toBe(await db.scalar(`SELECT model FROM estimates_latest WHERE period = '2025Q4' AND segment = 'all' AND method = 'mse'`));
    const earlier = await read('estimate_run', '2024Q4');
    expect(earlier.rows[0]!.period).toBe('2024Q4');
  });
});
