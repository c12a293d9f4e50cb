// Read-only views of a project database: `status` (what is loaded, by period, with file hashes)
// and `rejects` (the quarantine); their CSV export goes through core/safe-csv.ts. Neither creates a
// database: without one, status says so and rejects lists nothing.
import { parseSource, type Source, SOURCES } from './config.js';
import { DATE_COLUMN } from './contract.js';
import { withDatabase } from './db/open.js';
import { applyReadMacros } from './db/schema.js';
import type { LoadFileResult } from './ingest/load.js';
import type { Db } from './ports/db.js';
import { quoteIdent as q } from './ports/db.js';
import type { ProjectIO } from './ports/project-io.js';
import type { Project } from './project.js';
import { usageError } from './errors.js';

export interface SourceStatus {
  source: Source;
  rows: number;
  quarantined: number;
  first_date: string | null;
  last_date: string | null;
  periods: Array<{ period: string; rows: number }>;
}

export interface StatusResult {
  project: string;
  database: string;
  exists: boolean;
  sources: SourceStatus[];
  /** load_id: the load that brought the file (what `grayscope unload LOAD_ID` names). */
  files: Array<Omit<LoadFileResult, 'status' | 'ignored_columns'> & { source: string; loaded_at: string; load_id: number }>;
  loads: Array<{ load_id: number; source: string; started_at: string; finished_at: string | null; files: number }>;
  runs: Array<{ run_id: string; command: string; status: string; period: string | null; finished_at: string }>;
  /** The last file entries taken out with `grayscope unload`, newest first. */
  unloads: Array<{ unload_id: number; source: string; path: string; load_id: number; rows: number; quarantined: number; restored: number; unloaded_at: string }>;
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '') : v === null || v === undefined ? null : String(v));
const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? null : String(v));

async function hasTable(db: Db, name: string): Promise<boolean> {
  return Number(await db.scalar(`SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND NOT temporary`, [name])) > 0;
}

async function readStatus(db: Db | undefined, project: string, database: string): Promise<StatusResult> {
  const result: StatusResult = { project, database, exists: db !== undefined, sources: [], files: [], loads: [], runs: [], unloads: [] };
  if (!db || !(await hasTable(db, 'load_ledger'))) {
    result.sources = SOURCES.map((source) => ({ source, rows: 0, quarantined: 0, first_date: null, last_date: null, periods: [] }));
    return result;
  }
  await applyReadMacros(db);
  for (const source of SOURCES) {
    const date = q(DATE_COLUMN[source]);
    const [summary] = await db.all<{ rows: number; first: unknown; last: unknown }>(
      `SELECT count(*) AS rows, min(${date}) AS first, max(${date}) AS last FROM ${q(source)}`,
    );
    const periods = await db.all<{ period: string; rows: number }>(
      `SELECT gs_period(${date}) AS period, count(*) AS rows FROM ${q(source)} GROUP BY 1 ORDER BY 1`,
    );
    const quarantined = Number(await db.scalar(`SELECT count(*) FROM quarantine WHERE source = ?`, [source]));
    result.sources.push({
      source,
      rows: Number(summary?.rows ?? 0),
      quarantined,
      first_date: day(summary?.first),
      last_date: day(summary?.last),
      periods,
    });
  }
  const files = await db.all<Record<string, unknown>>(
    `SELECT source, path, sheet, sha256, format, encoding, rows_read, rows_loaded, rows_rejected, loaded_at, load_id FROM load_ledger ORDER BY loaded_at, source, path, sheet`,
  );
  // The sheet only where there is one (a workbook), as in load's file entries.
  result.files = files.map(({ source, path, sheet, ...f }) => ({
    ...({ source, path, ...(sheet === null || sheet === undefined ? {} : { sheet: String(sheet) }), ...f } as StatusResult['files'][number]),
    loaded_at: iso(f.loaded_at) ?? '',
    load_id: Number(f.load_id),
  }));
  const loads = await db.all<Record<string, unknown>>(
    `SELECT l.load_id, l.source, l.started_at, l.finished_at, count(f.path) AS files
     FROM loads l LEFT JOIN load_ledger f USING (load_id) GROUP BY ALL ORDER BY l.load_id DESC LIMIT 10`,
  );
  result.loads = loads.map((l) => ({
    load_id: Number(l.load_id),
    source: String(l.source),
    started_at: iso(l.started_at) ?? '',
    finished_at: iso(l.finished_at),
    files: Number(l.files),
  }));
  if (await hasTable(db, 'unloads')) {
    const unloads = await db.all<Record<string, unknown>>(
      `SELECT unload_id, source, path, load_id, rows_removed, quarantine_removed, rows_restored, unloaded_at FROM unloads ORDER BY unload_id DESC, source, path LIMIT 10`,
    );
    result.unloads = unloads.map((u) => ({
      unload_id: Number(u.unload_id),
      source: String(u.source),
      path: String(u.path),
      load_id: Number(u.load_id),
      rows: Number(u.rows_removed),
      quarantined: Number(u.quarantine_removed),
      restored: Number(u.rows_restored),
      unloaded_at: iso(u.unloaded_at) ?? '',
    }));
  }
  if (await hasTable(db, 'runs')) {
    const runs = await db.all<Record<string, unknown>>(`SELECT run_id, command, status, period, finished_at FROM runs ORDER BY run_id DESC LIMIT 5`);
    result.runs = runs.map((r) => ({
      run_id: String(r.run_id),
      command: String(r.command),
      status: String(r.status),
      period: r.period === null ? null : String(r.period),
      finished_at: iso(r.finished_at) ?? '',
    }));
  }
  return result;
}

export interface RejectRow {
  source: string;
  file: string;
  line: number | null;
  column: string | null;
  column_number: number | null;
  cell: string | null;
  reason: string;
  original: string | null;
}

/** What `grayscope rejects` returns: the quarantined rows of one source (or all). */
export interface RejectsResult {
  source: Source | null;
  total: number;
  rejects: RejectRow[];
}

async function readRejects(db: Db | undefined, source: Source | undefined): Promise<RejectRow[]> {
  if (!db || !(await hasTable(db, 'quarantine'))) return [];
  return db.all<RejectRow>(
    `SELECT source, file, line, column_name AS "column", column_number, cell, reason, original
     FROM quarantine WHERE ? IS NULL OR source = ? ORDER BY source, file, line`,
    [source ?? null, source ?? null],
  );
}

/** Runs `work` on the project's database opened read-only, or on undefined when there is none yet. */
export async function withReadOnlyDb<T>(project: Project, io: ProjectIO, waitSeconds: number | undefined, work: (db: Db | undefined) => Promise<T>): Promise<T> {
  if (!io.exists(project.dbPath)) return work(undefined);
  return withDatabase(io, project.dbPath, { readOnly: true, waitSeconds }, work);
}

/** `grayscope status`. */
export async function statusProject(project: Project, io: ProjectIO, options: { waitSeconds?: number } = {}): Promise<StatusResult> {
  return withReadOnlyDb(project, io, options.waitSeconds, (db) => readStatus(db, project.dir, project.dbPath));
}

/** `grayscope rejects [SOURCE]`. */
export async function rejectsProject(project: Project, io: ProjectIO, options: { source?: string | undefined; waitSeconds?: number } = {}): Promise<RejectsResult> {
  const source = options.source === undefined ? undefined : parseSource(options.source);
  const rejects = await withReadOnlyDb(project, io, options.waitSeconds, (db) => readRejects(db, source));
  return { source: source ?? null, total: rejects.length, rejects };
}


/**
 * `rejects --format F --out FILE`: a workbook is bytes, not text, so xlsx needs a file (never the
 * terminal or a pipe); the table is for the terminal only.
 */
export function checkRejectsOutput(format: string, out: string | undefined): void {
  if (format === 'xlsx' && out === undefined) {
    throw usageError('--format xlsx writes a workbook file: name it with --out', 'For example: grayscope rejects --format xlsx --out rejects.xlsx');
  }
  if (format === 'table' && out !== undefined) {
    throw usageError('--out writes csv, xlsx or json, not the table', 'Add --format csv, --format xlsx or --format json.');
  }
}
