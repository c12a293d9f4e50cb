// `grayscope export` on a small estimated project (hand-made records, the real engine, estimate
// and DuckDB): each format read back — CSV with its BOM and formula-safe cells (two planted
// payloads), Parquet through DuckDB with its DECIMAL type, XLSX through exceljs with number and
// text cells, JSON parsed with every digit of a DECIMAL — and the refusals and filters.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { loadExcelJS } from '../../src/adapters/exceljs-utf8.js';
import { estimateCommand, exportCommand, runCommand } from '../../src/api.js';
import type { GrayscopeError } from '../../src/core/errors.js';
import { parseCsv } from '../helpers/cli.js';
import { ASSUMPTIONS } from '../helpers/estimate-project.js';
import { seedDb } from '../helpers/model-project.js';
import { tempProject, withDb } from '../helpers/project.js';

const RECORDS = [
  ['complaints', 'complaint_id', 'received_date', 'C-A', '2025-01-10', 999, 'agency-a'],
  ['incidents', 'incident_id', 'detected_date', 'I-A1', '2025-01-12', 100, 'agency-a'],
  ['enforcement', 'case_id', 'opened_date', 'E-A', '2025-02-01', 300, 'agency-a'],
  ['complaints', 'complaint_id', 'received_date', 'C-B', '2025-01-20', 5000, 'agency-b'],
  ['incidents', 'incident_id', 'detected_date', 'I-C', '2025-02-03', 50, 'agency-c'],
  ['incidents', 'incident_id', 'detected_date', 'I-E', '2025-02-11', 25.5, 'agency-e'],
  ['complaints', 'complaint_id', 'received_date', 'C-E', '2025-02-10', 12, 'agency-e'],
  ['incidents', 'incident_id', 'detected_date', 'I-H', '2024-11-02', 70, 'agency-h'],
  ['enforcement', 'case_id', 'opened_date', 'E-H', '2024-12-01', 90, 'agency-h'],
] as const;

const SEED = RECORDS.map(
  ([source, id, date, value, day, amount, agency], i) =>
    `INSERT INTO ${source} (${id}, ${date}, region, category, amount_cny, agency_name, agency_key, source_file, source_line, load_id)
     VALUES ('${value}', DATE '${day}', '44', 'debt_evasion', ${amount}, '${agency}', '${agency}', 'seed.csv', ${i + 2}, 0);`,
).join('\n');


/** The payloads planted in operations: Excel's DDE classic, and its full-width twin. */
const DDE = "=cmd|' /C calc'!A0";
const FULL_WIDTH = '＝HYPERLINK("http://example.invalid","x")';
/** 18 significant digits: more than a double (or Excel) keeps. */
const BIG = '1234567890123456.78';

let project: ReturnType<typeof tempProject>;
let runId: string;
const dbPath = () => join(project.dir, 'grayscope.duckdb');
const out = (name: string) => join(project.dir, 'out', name);
const exp = (name: string, format: string, file: string, extra: { run?: string; period?: string } = {}) =>
  exportCommand({ project: project.dir, name, format, out: out(file), ...extra });
const fails = async (p: Promise<unknown>) => (await p.then(() => undefined, (e: unknown) => e)) as GrayscopeError;

beforeAll(async () => {
  project = tempProject('gs-export-');
  writeFileSync(join(project.dir, 'assumptions.yaml'), ASSUMPTIONS);
  await seedDb(project.dir, SEED);
  await runCommand({ project: project.dir });
  runId = (await estimateCommand({ project: project.dir, bootstrap: 0 })).run_id;
  const db = await openDatabase(dbPath());
  try {
    await db.run(
      `INSERT INTO operations (operation_id, period, category, region, n_records, n_complaints, n_incidents, n_enforcement, in_complaints, in_incidents, in_enforcement, incidents_amount_cny)
       VALUES (?, '2025Q1', 'debt_evasion', '44', 1, 0, 1, 0, false, true, false, CAST(? AS DECIMAL(38,2))), (?, '2024Q4', 'debt_evasion', '44', 1, 0, 1, 0, false, true, false, NULL)`,
      [DDE, BIG, FULL_WIDTH],
    );
  } finally {
    db.close();
  }
}, 60_000);
afterAll(() => project?.cleanup());

describe('export formats, read back', () => {
  it('csv: UTF-8 with a BOM, formula payloads (= and full-width ＝) prefixed with an apostrophe, DECIMAL with every digit', async () => {
    const r = await exp('operations', 'csv', 'ops.csv');
    const text = readFileSync(r.file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(r.columns);
    expect(rows.length - 1).toBe(r.rows);
    const id = r.columns.indexOf('operation_id');
    const ids = rows.slice(1).map((row) => row[id]);
    expect(ids).toContain(`'${DDE}`);
    expect(ids).toContain(`'${FULL_WIDTH}`);
    expect(ids.filter((x) => /^[=＝]/.test(x!))).toEqual([]);
    const planted = rows.find((row) => row[id] === `'${DDE}`)!;
    expect(planted[r.columns.indexOf('incidents_amount_cny')]).toBe(BIG);
    expect(planted[r.columns.indexOf('in_incidents')]).toBe('true');
  });

  it('json: {name, columns: [{name, type}], rows}; numbers are JSON numbers, a DECIMAL keeps all its digits, dates ISO', async () => {
    const r = await exp('estimates', 'json', 'est.json');
    const doc = JSON.parse(readFileSync(r.file, 'utf8')) as { name: string; columns: Array<{ name: string; type: string }>; rows: Array<Record<string, unknown>> };
    expect(doc.name).toBe('estimates');
    expect(doc.columns.map((c) => c.name)).toEqual(r.columns);
    expect(doc.columns.find((c) => c.name === 'operations_observed')?.type).toBe('BIGINT');
    const count = await withDb(dbPath(), (db) => db.scalar<number>('SELECT count(*) FROM estimates'));
    expect(doc.rows.length).toBe(count);
    expect(r.rows).toBe(count);
    expect(doc.rows.every((row) => row.run_id === runId && typeof row.operations_observed === 'number')).toBe(true);
    const mse = doc.rows.find((row) => row.method === 'mse' && row.segment === 'all' && row.period === '2025Q1')!;
    expect(typeof mse.operations_estimate).toBe('number');

    const ops = await exp('operations', 'json', 'ops.json');
    const raw = readFileSync(ops.file, 'utf8');
    expect(raw).toContain(`"incidents_amount_cny":${BIG}`); // a number token with every digit, not "…" nor 1234567890123456.8
    const cal = JSON.parse(readFileSync((await exp('calendar', 'json', 'cal.json')).file, 'utf8')) as { rows: Array<{ start_date: string }> };
    expect(cal.rows[0]!.start_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('parquet: written by DuckDB with the table’s own types (DECIMAL stays DECIMAL), --period keeps that quarter’s rows', async () => {
    const r = await exp('operations', 'parquet', 'ops.parquet', { period: '2025Q1' });
    await withDb(dbPath(), async (db) => {
      const expected = await db.scalar<number>(`SELECT count(*) FROM operations WHERE period = '2025Q1'`);
      expect(r.rows).toBe(expected);
      const back = await db.all<{ period: string; amount: string; id: string }>(
        `SELECT period, CAST(incidents_amount_cny AS VARCHAR) AS amount, operation_id AS id FROM read_parquet(?)`,
        [r.file],
      );
      expect(back.length).toBe(expected);
      expect(new Set(back.map((b) => b.period))).toEqual(new Set(['2025Q1']));
      expect(back.find((b) => b.id === DDE)?.amount).toBe(BIG);
      const types = await db.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(?)`, [r.file]);
      expect(types.find((t) => t.column_name === 'incidents_amount_cny')?.column_type).toMatch(/^DECIMAL/);
    });
  });

  it('xlsx: the alias shares is complaint_identification; counts are number cells, payloads text cells (no formula), an 18-digit DECIMAL text', async () => {
    const ExcelJS = loadExcelJS();
    const shares = await exp('shares', 'xlsx', 'shares.xlsx');
    expect(shares.name).toBe('complaint_identification');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(shares.file);
    const sheet = wb.worksheets[0]!;
    expect(sheet.name).toBe('complaint_identification');
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(shares.columns);
    expect(sheet.rowCount - 1).toBe(shares.rows);
    expect(typeof sheet.getRow(2).getCell(shares.columns.indexOf('complaints') + 1).value).toBe('number');
    expect(typeof sheet.getRow(2).getCell(shares.columns.indexOf('share_of_period') + 1).value).toBe('number');

    const ops = await exp('operations', 'xlsx', 'ops.xlsx');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.readFile(ops.file);
    const s2 = wb2.worksheets[0]!;
    const id = ops.columns.indexOf('operation_id') + 1;
    const cells = Array.from({ length: s2.rowCount - 1 }, (_, i) => s2.getRow(i + 2).getCell(id));
    const dde = cells.find((c) => c.value === DDE)!;
    expect(dde.type).toBe(ExcelJS.ValueType.String);
    expect(cells.find((c) => c.value === FULL_WIDTH)?.type).toBe(ExcelJS.ValueType.String);
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    const amount = s2.getRow(Number(dde.row)).getCell(ops.columns.indexOf('incidents_amount_cny') + 1);
    expect(amount.value).toBe(BIG);
    const n = s2.getRow(2).getCell(ops.columns.indexOf('n_records') + 1);
    expect(typeof n.value).toBe('number');
  });
});

describe('export: runs, periods, refusals', () => {
  it('--run picks one run’s rows; an unknown run is a usage error (2) naming the latest runs', async () => {
    const r = await exp('estimates', 'csv', 'run.csv', { run: runId });
    expect(r.rows).toBeGreaterThan(0);
    const e = await fails(exp('estimates', 'csv', 'run.csv', { run: 'no-such-run' }));
    expect(e.exitCode).toBe(2);
    expect(e.hint).toContain(runId);
    const onModel = await fails(exp('operations', 'csv', 'x.csv', { run: runId }));
    expect(onModel.exitCode).toBe(2);
    expect(onModel.message).toMatch(/no run_id column/);
  });

  it('--period 2025 keeps that year’s quarters; a table without a period column refuses --period (2)', async () => {
    const r = await exp('growth', 'json', 'growth.json', { period: '2025' });
    const doc = JSON.parse(readFileSync(r.file, 'utf8')) as { rows: Array<{ period: string }> };
    expect(doc.rows.length).toBeGreaterThan(0);
    expect(doc.rows.every((x) => x.period.startsWith('2025'))).toBe(true);
    const e = await fails(exp('complaint_template_clusters', 'csv', 'c.csv', { period: '2025' }));
    expect(e.exitCode).toBe(2);
  });

  it('refuses internal tables with exit 2 and a hint listing exportable names; never the salt table', async () => {
    for (const name of ['grayscope_meta', 'quarantine', 'load_ledger', 'complaints', 'runs']) {
      const e = await fails(exp(name, 'csv', `${name}.csv`));
      expect(e.exitCode, name).toBe(2);
      expect(e.message).toMatch(/internal table/);
      expect(e.hint).toMatch(/estimates.*operations/);
      expect(existsSync(out(`${name}.csv`))).toBe(false);
    }
    expect((await fails(exp('quarantine', 'csv', 'q.csv'))).message).toMatch(/grayscope rejects/);
    const unknown = await fails(exp('nosuch', 'csv', 'n.csv'));
    expect(unknown.exitCode).toBe(2);
    expect(unknown.hint).toMatch(/capture_histories.*shares \(= complaint_identification\)/);
  });

  it('replaces an existing file and leaves no temporary file; refuses to write over the database', async () => {
    writeFileSync(out('est.csv'), 'old');
    const r = await exp('capture_histories', 'csv', 'est.csv');
    expect(readFileSync(r.file, 'utf8')).toMatch(/^\uFEFFperiod,category,history/);
    expect(readdirSync(join(project.dir, 'out')).filter((f) => f.endsWith('.partial'))).toEqual([]);
    const e = await fails(exportCommand({ project: project.dir, name: 'estimates', format: 'csv', out: dbPath() }));
    expect(e.exitCode).toBe(2);
  });
});

describe('export: the *_latest view of a run table', () => {
  it('reads estimates_latest by default (a later estimate of one quarter replaces that quarter only), and the estimates table itself with --run', async () => {
    const second = await estimateCommand({ project: project.dir, bootstrap: 0, period: '2025Q1', method: 'mse' });
    const later = second.run_id;
    // 2025Q1 and the growth bases it estimated with it.
    const laterPeriods = new Set(second.estimates.map((e) => e.period));
    const [inView, inRun] = await withDb(dbPath(), async (db) => [
      Number(await db.scalar(`SELECT count(*) FROM estimates_latest`)),
      Number(await db.scalar(`SELECT count(*) FROM estimates WHERE run_id = ?`, [runId])),
    ]);
    const latest = await exp('estimates', 'json', 'latest.json');
    expect(latest.name).toBe('estimates');
    expect(latest.rows).toBe(inView);
    const doc = JSON.parse(readFileSync(latest.file, 'utf8')) as { rows: Array<{ run_id: string; period: string; method: string }> };
    // The MSE rows of the quarters the later run estimated come from it, every other row from the first.
    for (const r of doc.rows) expect(r.run_id).toBe(laterPeriods.has(r.period) && r.method === 'mse' ? later : runId);
    expect(doc.rows.some((r) => r.run_id === later)).toBe(true);
    const run = await exp('estimates', 'json', 'run.json', { run: runId });
    expect(run.rows).toBe(inRun);
    const runDoc = JSON.parse(readFileSync(run.file, 'utf8')) as { rows: Array<{ run_id: string }> };
    expect(runDoc.rows.every((r) => r.run_id === runId)).toBe(true);
  });
});
