// `grayscope export NAME`: one result table (estimates, growth, sensitivity …) or SQL model
// (operations, capture_histories, complaint_identification …) of the project database written to a
// file as CSV, Parquet, XLSX or JSON, for an analyst's own tools. The database is opened read-only;
// names are checked against the relations it holds before any of them goes (quoted) into SQL.
import { type ExportColumn, cellKind, readExpression } from './export-cells.js';
import { withDatabase } from './db/open.js';
import { reservedTables } from './db/schema.js';
import { GrayscopeError, inputError, usageError } from './errors.js';
import { parsePeriod } from './periods.js';
import type { Db, Params } from './ports/db.js';
import { quoteIdent as q, quoteLiteral } from './ports/db.js';
import type { ExportFiles } from './ports/export-files.js';
import type { ProjectIO } from './ports/project-io.js';
import type { Project } from './project.js';

export const EXPORT_FORMATS = ['csv', 'parquet', 'xlsx', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Other names for a model: `shares` is the complaint shares per period and category. */
export const EXPORT_ALIASES: Readonly<Record<string, string>> = { shares: 'complaint_identification' };

/** Result tables that keep every run keyed by run_id: without --run, their *_latest view is read when the database has one. */
const RUN_TABLES = new Set(['estimates', 'growth', 'sensitivity']);

/** grayscope's own tables that hold results, and so are exported like models. */
const RESULT_TABLES = new Set([...RUN_TABLES, 'complaint_template_clusters', 'complaint_template_shares']);

/** Why an internal table is not exported, and where its content is shown instead. */
const INTERNAL_WHY: Readonly<Record<string, string>> = {
  grayscope_meta: 'it holds the salt of the personal-data hashes, which never leaves the database',
  quarantine: 'the quarantined rows are exported by `grayscope rejects --format csv|xlsx|json --out FILE`',
  load_ledger: 'the loaded files and their sha256 are in `grayscope status --json`',
  loads: 'the loads are in `grayscope status --json`',
  unloads: 'the unloads are in `grayscope status --json`',
  runs: 'the runs are in `grayscope status --json`',
  record_history: 'it keeps the replaced versions of upserted rows for `grayscope unload`',
  complaints: 'it holds the loaded records: export the staging model stg_complaints instead',
  incidents: 'it holds the loaded records: export the staging model stg_incidents instead',
  enforcement: 'it holds the loaded records: export the staging model stg_enforcement instead',
};

/** Internal tables: grayscope's own (sql/schema.sql) but its result tables, and always the meta table with the salt. */
export function internalTables(): Set<string> {
  const internal = new Set([...reservedTables()].filter((t) => !RESULT_TABLES.has(t)));
  internal.add('grayscope_meta');
  return internal;
}

export interface ExportOptions {
  name: string;
  format: string;
  /** The output file (absolute, or relative to the process's folder). */
  out: string;
  /** One run's rows of a table keyed by run_id (default: the latest). */
  run?: string;
  /** A quarter, or a year (its quarters and the year itself), of a table with a period column. */
  period?: string;
  waitSeconds?: number;
}

/** What `export --json` prints. */
export interface ExportResult {
  name: string;
  format: ExportFormat;
  file: string;
  rows: number;
  columns: string[];
}

interface Checked {
  name: string;
  format: ExportFormat;
  out: string;
  run: string | undefined;
  periods: string[] | undefined;
  waitSeconds: number | undefined;
}

/** Rows of an Excel worksheet, the header included. */
export const EXCEL_MAX_ROWS = 1_048_576;

/** The usage checks, made before the project's configuration or database is read. */
export function checkExportOptions(options: ExportOptions): Checked {
  const format = options.format.trim().toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw usageError(`--format ${JSON.stringify(options.format)} is not an export format`, `Use one of ${EXPORT_FORMATS.join(', ')}.`);
  }
  const name = options.name.trim().toLowerCase();
  if (name === '') throw usageError('export needs the name of a result table or model', 'For example: grayscope export estimates --format csv --out estimates.csv');
  let periods: string[] | undefined;
  if (options.period !== undefined) {
    const p = parsePeriod(options.period);
    periods = p.length === 4 ? [p, `${p}Q1`, `${p}Q2`, `${p}Q3`, `${p}Q4`] : [p];
  }
  return { name: EXPORT_ALIASES[name] ?? name, format: format as ExportFormat, out: options.out, run: options.run, periods, waitSeconds: options.waitSeconds };
}

/** Tables and views of the database's main schema, by lower-case name. */
async function relations(db: Db): Promise<Map<string, string>> {
  const rows = await db.all<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary
     UNION SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal AND NOT temporary`,
  );
  return new Map(rows.map((r) => [r.name.toLowerCase(), r.name]));
}

function exportableNames(all: Map<string, string>, internal: Set<string>): string {
  const names = [...all.keys()].filter((n) => !internal.has(n)).sort();
  const aliases = Object.entries(EXPORT_ALIASES).filter(([, to]) => all.has(to)).map(([alias, to]) => `${alias} (= ${to})`);
  return [...names, ...aliases].join(', ') || 'none yet (run `grayscope run` and `grayscope estimate` first)';
}

/** The relation a name is read from: the *_latest view of a run table unless --run names one run. */
function pickRelation(all: Map<string, string>, name: string, run: string | undefined, dbPath: string): string {
  const internal = internalTables();
  if (internal.has(name)) {
    const why = INTERNAL_WHY[name] ?? 'it is one of grayscope’s own bookkeeping tables';
    throw usageError(`${name} is an internal table of grayscope and is not exported: ${why}`, `Exportable: ${exportableNames(all, internal)}.`);
  }
  const found = all.get(name);
  if (found === undefined) {
    throw usageError(
      `there is no result table or model named ${JSON.stringify(name)} in ${dbPath}`,
      `Exportable: ${exportableNames(all, internal)}. A model of queries/ is there once \`grayscope run\` has built it.`,
    );
  }
  const latest = all.get(`${name}_latest`);
  return run === undefined && RUN_TABLES.has(name) && latest !== undefined ? latest : found;
}

async function describe(db: Db, relation: string): Promise<ExportColumn[]> {
  try {
    const rows = await db.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM ${q(relation)}`);
    return rows.map((r) => ({ name: r.column_name, type: r.column_type, kind: cellKind(r.column_type) }));
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw inputError(`${relation} cannot be read: ${message}`, `Rebuild it with \`grayscope run --select ${relation}\`.`);
  }
}

interface Query {
  relation: string;
  where: string;
  params: Params & unknown[];
  orderBy: string;
}

async function buildQuery(db: Db, relation: string, name: string, columns: readonly ExportColumn[], o: Checked): Promise<Query> {
  const has = (c: string) => columns.some((x) => x.name.toLowerCase() === c);
  const conditions: string[] = [];
  const params: Array<string> = [];
  if (o.run !== undefined) {
    if (!has('run_id')) throw usageError(`--run: ${name} has no run_id column`, 'Only results kept per run (estimates, growth, sensitivity) take --run; drop it for this name.');
    const found = Number(await db.scalar(`SELECT count(*) FROM ${q(relation)} WHERE run_id = ?`, [o.run]));
    if (found === 0) {
      const runs = await db.all<{ run_id: string }>(`SELECT DISTINCT run_id FROM ${q(relation)} ORDER BY run_id DESC LIMIT 5`);
      throw usageError(
        `--run ${JSON.stringify(o.run)}: ${name} has no rows of that run`,
        runs.length === 0 ? `${name} is empty: run \`grayscope estimate\` first.` : `Its latest runs: ${runs.map((r) => r.run_id).join(', ')}.`,
      );
    }
    conditions.push('run_id = ?');
    params.push(o.run);
  }
  if (o.periods !== undefined) {
    if (!has('period')) throw usageError(`--period: ${name} has no period column`, 'Drop --period to export every row.');
    conditions.push(`CAST(period AS VARCHAR) IN (${o.periods.map(() => '?').join(', ')})`);
    params.push(...o.periods);
  }
  // Deterministic order: by period, then every column that can be compared.
  const sortable = columns.filter((c) => c.kind !== 'json').map((c) => q(c.name));
  const order = has('period') ? [q('period'), ...sortable.filter((c) => c !== q('period'))] : sortable;
  return {
    relation,
    where: conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`,
    params,
    orderBy: order.length === 0 ? '' : ` ORDER BY ${order.join(', ')}`,
  };
}

/** The rows as the database streams them: a large model never sits in memory as a whole. */
async function* readRows(db: Db, query: Query, columns: readonly ExportColumn[]): AsyncGenerator<Record<string, unknown>> {
  const select = columns.map((c) => `${readExpression(c)} AS ${q(c.name)}`).join(', ');
  for await (const chunk of db.stream<Record<string, unknown>>(`SELECT ${select} FROM ${q(query.relation)}${query.where}${query.orderBy}`, query.params)) yield* chunk;
}

/** A failure to write the file (a folder that cannot be made, no permission, a full disk) is the user's to fix: exit 2. */
function writeFailure(out: string, err: unknown): unknown {
  if (err instanceof GrayscopeError) return err;
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  const code = (err as { code?: unknown }).code;
  if ((typeof code === 'string' && /^E[A-Z]+$/.test(code)) || /^IO Error/.test(message)) {
    return usageError(`cannot write ${out}: ${message}`, 'Check that --out names a file in a folder you may write to.');
  }
  return err;
}

/** `grayscope export NAME --format F --out FILE [--run RUN_ID] [--period P]`. */
export async function exportTable(project: Project, io: Pick<ProjectIO, 'exists' | 'openDatabase'>, files: ExportFiles, o: Checked): Promise<ExportResult> {
  if (o.out === project.dbPath) throw usageError(`--out ${o.out} is the project database`, 'Name another file: export never writes over the database.');
  if (files.isDirectory(o.out)) throw usageError(`--out ${o.out} is a folder`, `Name a file in it, for example ${o.out}/${o.name}.${o.format}.`);
  if (!io.exists(project.dbPath)) {
    throw inputError(`there is no database at ${project.dbPath}: nothing to export`, 'Load data with `grayscope load`, then `grayscope run` and `grayscope estimate`.');
  }
  return withDatabase(io, project.dbPath, { readOnly: true, waitSeconds: o.waitSeconds }, async (db) => {
    const relation = pickRelation(await relations(db), o.name, o.run, project.dbPath);
    const columns = await describe(db, relation);
    const query = await buildQuery(db, relation, o.name, columns, o);
    const rows = Number(await db.scalar(`SELECT count(*) FROM ${q(relation)}${query.where}`, query.params));
    if (o.format === 'xlsx' && rows >= EXCEL_MAX_ROWS) {
      throw usageError(`${o.name} has ${rows} rows: a worksheet holds at most ${EXCEL_MAX_ROWS - 1} below its header`, 'Export it as csv or parquet, or narrow it with --period.');
    }
    const temp = await files.begin(o.out).catch((err: unknown) => Promise.reject(writeFailure(o.out, err)));
    try {
      if (o.format === 'parquet') {
        // The file name cannot be a bound parameter of COPY: it is quoted as a literal.
        await db.run(`COPY (SELECT * FROM ${q(relation)}${query.where}${query.orderBy}) TO ${quoteLiteral(temp)} (FORMAT parquet)`, query.params);
      } else {
        await files.write(temp, o.format, { name: o.name, columns, rows: readRows(db, query, columns) });
      }
      await files.commit(temp, o.out);
    } catch (err) {
      await files.abort(temp);
      throw writeFailure(o.out, err);
    }
    return { name: o.name, format: o.format, file: o.out, rows, columns: columns.map((c) => c.name) };
  });
}
