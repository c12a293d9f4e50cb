// The shipped SQL models (queries/*.sql) on the generated small data set, scored against the
// generator's ground truth: linkage precision and recall per quarter, observed operations, capture
// histories, the calendar's growth bases, statistics that add up, and the agency-name key.
// Runs the models itself (header → view or table, in dependency order) so it does not need the engine.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteLiteral, type Db } from '../../src/core/ports/db.js';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { demoCommand, loadCommand } from '../../src/api.js';
import { agencyName, agencyVariant, normaliseAgencyName } from '../../src/core/generate/personal.js';
import { applySchema } from '../../src/core/db/schema.js';
import { Rng } from '../../src/core/random.js';
import { tempProject, ROOT, withDb as withReadOnly } from '../helpers/project.js';
import { dependencyOrder, readShippedModels, runShippedModels, type ModelRun } from '../helpers/shipped-models.js';

interface Truth {
  quarters: Array<{ quarter: string; operations: { observed: number; total: number } }>;
}

const QUERIES = join(ROOT, 'queries');
const models = readShippedModels(QUERIES);
const CATEGORIES = ['debt_evasion', 'credit_repair', 'illegal_agency', 'false_litigation', 'money_laundering', 'info_theft', 'fraud_other'];

let project: ReturnType<typeof tempProject>;
let db: Db;
let runs: ModelRun[];
let truth: Truth;
let dataDir: string;

beforeAll(async () => {
  project = tempProject('gs-shipped-');
  const demo = await demoCommand({ out: join(project.dir, 'demo'), seed: 1 });
  dataDir = join(demo.dir, 'data');
  truth = JSON.parse(readFileSync(join(dataDir, 'truth.json'), 'utf8')) as Truth;
  db = await openDatabase(join(demo.dir, 'grayscope.duckdb'));
  await db.run('SET VARIABLE period = NULL');
  runs = await runShippedModels(db, models);
  await db.run(`CREATE TEMP TABLE truth_records AS SELECT * FROM read_csv(${quoteLiteral(join(dataDir, 'truth_records.csv'))}, all_varchar = true)`);
}, 120_000);
afterAll(() => {
  db?.close();
  project?.cleanup();
});

const num = (v: unknown) => Number(v);

describe('shipped model files', () => {
  it('has the models the later steps read', () => {
    const names = models.map((m) => m.name);
    for (const want of ['stg_complaints', 'stg_incidents', 'stg_enforcement', 'calendar', 'record_operations', 'operations', 'capture_histories', 'operation_amounts', 'estimate_inputs', 'complaint_stats', 'incident_stats', 'enforcement_stats']) {
      expect(names, want).toContain(want);
    }
  });

  it('every header is YAML with a description, a known materialization and a list of tests', () => {
    for (const m of models) {
      expect(typeof m.header.description, m.name).toBe('string');
      expect(['view', 'table'], m.name).toContain(m.materialized);
      expect(Array.isArray(m.header.tests ?? []), m.name).toBe(true);
    }
  });

  it('orders the models so each comes after the models it reads', () => {
    const order = dependencyOrder(models).map((m) => m.name);
    for (const m of models) for (const r of m.refs) expect(order.indexOf(r), `${m.name} reads ${r}`).toBeLessThan(order.indexOf(m.name));
    expect(models.find((m) => m.name === 'record_operations')!.refs).toContain('stg_records');
  });
});

describe('the shipped models on the generated small data set', () => {
  it('every model runs and the linkage, operation and statistics models have rows', () => {
    const failed = runs.filter((r) => r.error !== null).map((r) => `${r.name}: ${r.error}`);
    expect(failed).toEqual([]);
    expect(runs).toHaveLength(models.length);
    for (const name of ['record_operations', 'operations', 'capture_histories', 'operation_amounts', 'estimate_inputs', 'complaint_stats', 'incident_stats', 'enforcement_stats']) {
      expect(runs.find((r) => r.name === name)!.rows, name).toBeGreaterThan(0);
    }
  });

  it('links the records that carry keys into their true operations with pairwise precision and recall ≥ 0.98 in every quarter', async () => {
    // Pairs are counted per component with n·(n−1)/2: true positives from (true, predicted) cells.
    // The complaints the generator hid with no key at all (keyless = 1) only a template cluster can
    // link: test/integration/identification-accuracy.test.ts scores them.
    const rows = await db.all<{ period: string; tp: number; predicted: number; actual: number }>(`
      WITH j AS (
        SELECT t.quarter AS period, nullif(t.operation_id, '') AS true_op, ro.operation_id AS pred_op
        FROM truth_records AS t
        LEFT JOIN record_operations AS ro ON ro.source = t.source AND ro.record_id = t.record_id
        WHERE coalesce(t.keyless, '') <> '1'
      ),
      pairs AS (
        SELECT period, true_op, pred_op, count(*) AS n FROM j GROUP BY ALL
      )
      SELECT period,
             (SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM pairs AS p WHERE p.period = q.period AND true_op IS NOT NULL AND pred_op IS NOT NULL) AS tp,
             (SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM (SELECT pred_op, count(*) AS n FROM j WHERE j.period = q.period AND pred_op IS NOT NULL GROUP BY pred_op)) AS predicted,
             (SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM (SELECT true_op, count(*) AS n FROM j WHERE j.period = q.period AND true_op IS NOT NULL GROUP BY true_op)) AS actual
      FROM (SELECT DISTINCT period FROM j) AS q
      ORDER BY period`);
    expect(rows).toHaveLength(12);
    for (const r of rows) {
      expect(num(r.actual), r.period).toBeGreaterThan(0);
      expect(num(r.tp) / num(r.predicted), `precision ${r.period}`).toBeGreaterThanOrEqual(0.98);
      expect(num(r.tp) / num(r.actual), `recall ${r.period}`).toBeGreaterThanOrEqual(0.98);
    }
  });

  it('puts no ordinary complaint into an operation and every incident and enforcement case into one', async () => {
    const r = await db.all<{ source: string; ordinary_linked: number; unlinked: number }>(`
      SELECT t.source,
             count(*) FILTER (WHERE coalesce(t.operation_id, '') = '' AND ro.operation_id IS NOT NULL) AS ordinary_linked,
             count(*) FILTER (WHERE ro.operation_id IS NULL) AS unlinked
      FROM truth_records AS t
      LEFT JOIN record_operations AS ro ON ro.source = t.source AND ro.record_id = t.record_id
      GROUP BY t.source ORDER BY t.source`);
    const bySource = Object.fromEntries(r.map((x) => [x.source, x]));
    expect(num(bySource.complaints!.ordinary_linked)).toBe(0);
    expect(num(bySource.incidents!.unlinked)).toBe(0);
    expect(num(bySource.enforcement!.unlinked)).toBe(0);
  });

  it('finds close to the observed operations of every quarter, and never more', async () => {
    const found = await db.all<{ period: string; n: number }>('SELECT period, count(*) AS n FROM operations GROUP BY period ORDER BY period');
    expect(found.map((f) => f.period)).toEqual(truth.quarters.map((q) => q.quarter));
    for (const q of truth.quarters) {
      const n = num(found.find((f) => f.period === q.quarter)!.n);
      expect(n, q.quarter).toBeLessThanOrEqual(q.operations.observed);
      expect(q.operations.observed - n, q.quarter).toBeLessThanOrEqual(Math.max(2, 0.01 * q.operations.observed));
    }
  });

  it('capture_histories holds seven observable cells per segment whose counts add up to the operations', async () => {
    const mismatches = await db.all(`
      WITH h AS (SELECT period, category, count(*) AS cells, sum(n) AS n FROM capture_histories GROUP BY ALL),
           o AS (SELECT period, category, count(*) AS n FROM operations GROUP BY ALL)
      SELECT * FROM h FULL JOIN o USING (period, category) WHERE h.n IS DISTINCT FROM o.n OR h.cells <> 7`);
    expect(mismatches).toEqual([]);
    const total = await db.scalar('SELECT sum(n) FROM capture_histories');
    expect(num(total)).toBe(num(await db.scalar('SELECT count(*) FROM operations')));
    const cells = await db.all<{ history: string }>('SELECT DISTINCT history FROM capture_histories ORDER BY 1');
    expect(cells.map((c) => c.history)).toEqual(['001', '010', '011', '100', '101', '110', '111']);
  });

  it('operations carry a taxonomy category and flags that agree with their record counts', async () => {
    const bad = await db.scalar(`
      SELECT count(*) FROM operations
      WHERE category NOT IN (${CATEGORIES.map((c) => `'${c}'`).join(', ')})
         OR in_complaints <> (n_complaints > 0) OR in_incidents <> (n_incidents > 0) OR in_enforcement <> (n_enforcement > 0)
         OR n_records <> n_complaints + n_incidents + n_enforcement`);
    expect(num(bad)).toBe(0);
    const linked = await db.all<{ source: string; n: number }>('SELECT source, count(*) AS n FROM record_operations GROUP BY source ORDER BY source');
    const sums = await db.all<{ c: number; i: number; e: number }>('SELECT sum(n_complaints) AS c, sum(n_incidents) AS i, sum(n_enforcement) AS e FROM operations');
    expect(linked.map((l) => num(l.n))).toEqual([num(sums[0]!.c), num(sums[0]!.e), num(sums[0]!.i)]);
    const orphans = await db.scalar('SELECT count(*) FROM record_operations AS ro WHERE NOT EXISTS (SELECT 1 FROM operations AS o WHERE o.operation_id = ro.operation_id)');
    expect(num(orphans)).toBe(0);
  });

  it('operation_amounts agree with the incident and enforcement records of each operation', async () => {
    const r = await db.all<{ ops: number; amounts: number; inc: string; enf: string; inc_ops: string; enf_ops: string; bad_mean: number }>(`
      SELECT (SELECT count(*) FROM operation_amounts) AS ops,
             (SELECT count(*) FROM operations) AS amounts,
             (SELECT sum(incident_amount_sum_cny) FROM operation_amounts)::VARCHAR AS inc,
             (SELECT sum(incidents_amount_cny) FROM operations)::VARCHAR AS inc_ops,
             (SELECT sum(enforcement_amount_sum_cny) FROM operation_amounts)::VARCHAR AS enf,
             (SELECT sum(enforcement_amount_cny) FROM operations)::VARCHAR AS enf_ops,
             (SELECT count(*) FROM operation_amounts
               WHERE value_records > 0 AND NOT (value_cny_estimate BETWEEN least(coalesce(incident_amount_mean_cny, enforcement_amount_mean_cny), coalesce(enforcement_amount_mean_cny, incident_amount_mean_cny)) - 0.01
                                                 AND greatest(coalesce(incident_amount_max_cny, 0), coalesce(enforcement_amount_max_cny, 0)))) AS bad_mean`);
    const x = r[0]!;
    expect(num(x.ops)).toBe(num(x.amounts));
    expect(x.inc).toBe(x.inc_ops);
    expect(x.enf).toBe(x.enf_ops);
    expect(num(x.bad_mean)).toBe(0);
    const total = await db.scalar(`SELECT sum(amount_cny)::VARCHAR FROM incidents`);
    expect(await db.scalar('SELECT sum(incident_amount_sum_cny)::VARCHAR FROM operation_amounts')).toBe(total);
  });

  it('the calendar runs from the first to the last quarter with the right growth bases', async () => {
    const cal = await db.all<Record<string, unknown>>('SELECT period, previous_period, same_period_last_year, same_period_two_years_ago, CAST(start_date AS VARCHAR) AS s, CAST(end_date AS VARCHAR) AS e FROM calendar ORDER BY start_date');
    expect(cal.map((c) => c.period)).toEqual(truth.quarters.map((q) => q.quarter));
    const q1 = cal.find((c) => c.period === '2025Q1')!;
    expect(q1).toMatchObject({ previous_period: '2024Q4', same_period_last_year: '2024Q1', same_period_two_years_ago: '2023Q1', s: '2025-01-01', e: '2025-03-31' });
    expect(cal.find((c) => c.period === '2024Q4')).toMatchObject({ previous_period: '2024Q3', s: '2024-10-01', e: '2024-12-31' });
  });

  it('the statistics add up to the loaded rows, amounts, arrests and gangs', async () => {
    const sql = (stats: string, count: string, table: string, extra = '') =>
      `SELECT (SELECT sum(${count}) FROM ${stats}) AS a, (SELECT count(*) FROM ${table}) AS b,
              (SELECT sum(amount_cny)::VARCHAR FROM ${stats}) AS c, (SELECT sum(amount_cny)::VARCHAR FROM ${table}) AS d ${extra}`;
    for (const [stats, count, table] of [
      ['complaint_stats', 'complaints', 'complaints'],
      ['incident_stats', 'incidents', 'incidents'],
      ['enforcement_stats', 'cases', 'enforcement'],
    ] as const) {
      const [r] = await db.all<{ a: number; b: number; c: string; d: string }>(sql(stats, count, table));
      expect(num(r!.a), stats).toBe(num(r!.b));
      expect(r!.c, stats).toBe(r!.d);
    }
    const [e] = await db.all<{ pa: number; pb: number; ga: number; gb: number }>(`
      SELECT (SELECT sum(persons_arrested) FROM enforcement_stats) AS pa, (SELECT coalesce(sum(persons_arrested), 0) FROM enforcement) AS pb,
             (SELECT sum(gangs_dismantled) FROM enforcement_stats) AS ga, (SELECT coalesce(sum(gangs_dismantled), 0) FROM enforcement) AS gb`);
    expect(num(e!.pa)).toBe(num(e!.pb));
    expect(num(e!.ga)).toBe(num(e!.gb));
    const linked = await db.scalar(`SELECT sum(linked_complaints) = (SELECT count(*) FROM record_operations WHERE source = 'complaints') FROM complaint_stats`);
    expect(linked).toBe(true);
  });

  it('with period = 2025Q1 the run covers that quarter and its three bases, and links 2025Q1 as the full run does', async () => {
    // Operations with two or more records, named by their smallest record: independent of numbering.
    const groups = `SELECT string_agg(record_key, ',' ORDER BY record_key) AS g FROM record_operations WHERE period = '2025Q1'
                    GROUP BY operation_id HAVING count(*) >= 2 ORDER BY g`;
    const full = (await db.all<{ g: string }>(groups)).map((r) => r.g);
    await db.run(`SET VARIABLE period = '2025Q1'`);
    try {
      const filtered = await runShippedModels(db, models);
      expect(filtered.filter((r) => r.error !== null)).toEqual([]);
      const periods = await db.all<{ period: string }>('SELECT DISTINCT period FROM stg_records ORDER BY period');
      expect(periods.map((p) => p.period)).toEqual(['2023Q1', '2024Q1', '2024Q4', '2025Q1']);
      expect((await db.all<{ g: string }>(groups)).map((r) => r.g)).toEqual(full);
    } finally {
      await db.run('SET VARIABLE period = NULL');
      await runShippedModels(db, models);
    }
  });

  it('with period = 2024 (a year) the staging covers 2024 and the years before it that hold data (up to two), the bases of its quarters', async () => {
    await db.run(`SET VARIABLE period = '2024'`);
    try {
      const periods = await db.all<{ period: string }>('SELECT DISTINCT period FROM stg_records ORDER BY period');
      expect(periods.map((p) => p.period)).toEqual(['2023Q1', '2023Q2', '2023Q3', '2023Q4', '2024Q1', '2024Q2', '2024Q3', '2024Q4']);
      expect(await db.scalar('SELECT span FROM period_filter')).toBe('year');
    } finally {
      await db.run('SET VARIABLE period = NULL');
    }
  });
});

describe('on a database with nothing loaded', () => {
  it('every model still runs and is empty (period_filter aside)', async () => {
    const mem = await openDatabase(':memory:');
    try {
      await applySchema(mem);
      await mem.run('SET VARIABLE period = NULL');
      const result = await runShippedModels(mem, models);
      expect(result.filter((r) => r.error !== null)).toEqual([]);
      expect(result.filter((r) => r.name !== 'period_filter' && r.rows !== 0)).toEqual([]);
    } finally {
      mem.close();
    }
  });
});

describe('agency_key', () => {
  it('maps every spelling the generator writes to the key normaliseAgencyName gives, and distinct agencies to distinct keys', async () => {
    // Raw variants (full-width letters, ideographic spaces, （）, suffixes, case) as files carry them.
    const rng = new Rng(7);
    const names: string[] = [];
    const owners: number[] = [];
    const latin = /[A-Za-z0-9]/;
    let withLatin = 0;
    let plain = 0;
    for (let index = 0; (withLatin < 60 || plain < 60) && index < 1_000_000; index++) {
      const pieces = agencyName(index, index % 3 === 0 ? 'B' : 'A');
      const isLatin = latin.test(pieces.brand);
      if (isLatin ? withLatin++ >= 60 : plain++ >= 60) continue;
      for (let k = 0; k < 8; k++) {
        names.push(agencyVariant(rng, pieces));
        owners.push(index);
      }
    }
    expect(withLatin).toBeGreaterThanOrEqual(60);
    expect(names.some((n) => /[\uFF01-\uFF5E]/.test(n))).toBe(true);
    expect(names.some((n) => n.includes('\u3000'))).toBe(true);
    expect(names.some((n) => /[a-z]/.test(n))).toBe(true);

    // Through the real loader, which writes agency_key (gs_agency_key in sql/normalise.sql).
    const dir = mkdtempSync(join(tmpdir(), 'gs-agency-'));
    try {
      const csv = join(dir, 'names.csv');
      const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;
      writeFileSync(csv, `complaint_id,received_date,region,category,agency_name\n${names.map((n, i) => `C${i + 1},2025-02-01,广东,反催收,${quote(n)}`).join('\n')}\n`);
      const loaded = await loadCommand({ source: 'complaints', files: [csv], project: dir });
      expect(loaded.totals.rows_loaded).toBe(names.length);
      const rows = await withReadOnly(join(dir, 'grayscope.duckdb'), (db) =>
        db.all<{ i: number; key: string }>(`SELECT CAST(substr(complaint_id, 2) AS INTEGER) AS i, agency_key AS key FROM complaints ORDER BY i`),
      );
      expect(rows).toHaveLength(names.length);
      const wrong = rows.filter((r) => r.key !== normaliseAgencyName(names[r.i - 1]!)).map((r) => [names[r.i - 1], r.key]);
      expect(wrong).toEqual([]);
      const keyOwners = new Map<string, Set<number>>();
      for (const r of rows) keyOwners.set(r.key, (keyOwners.get(r.key) ?? new Set()).add(owners[r.i - 1]!));
      expect([...keyOwners.values()].filter((s) => s.size > 1)).toEqual([]);
      expect(keyOwners.size).toBe(new Set(owners).size);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
