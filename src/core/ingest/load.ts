// `grayscope load`: every named file into one source table in one transaction. Files are hashed
// and checked against the ledger, converted where DuckDB cannot read them, staged as text,
// normalised with set-based SQL, and split into loaded rows and quarantined rows with reasons, so
// that rows_read = rows_loaded + rows_rejected always holds and a failure leaves nothing behind.
import { resolve } from 'node:path';
import type { Db } from '../ports/db.js';
import { quoteIdent as q, quoteLiteral as lit } from '../ports/db.js';
import { type Source, SOURCES } from '../config.js';
import { ID_COLUMN } from '../contract.js';
import { inputError, unreadableFile, usageError } from '../errors.js';
import { mapHeaders, UNIT_FACTOR, type Unit } from '../headers.js';
import { applySchema } from '../db/schema.js';
import { displayPath } from '../paths.js';
import { ensureProjectDirs, type Project } from '../project.js';
import type { Progress, Reporter } from '../reporter.js';
import { VERSION } from '../version.js';
import { maskText } from '../pii.js';
import { defineMacros } from './macros.js';
import { prepareSalt } from './salt.js';
import { REFERENCE_MAPPERS, referenceRow } from './reference.js';
import { badRowsSql, insertGoodSql, LOOKUP_KINDS, mapTable, normaliseSql, originalTextSql, type StagedColumn } from './transform.js';
import type { LoadIO, PreparedFile } from './io.js';

export const LOAD_MEMORY_LIMIT = '1GB';

export type EncodingOption = 'auto' | 'utf-8' | 'gb18030';

export interface LoadOptions {
  source: string;
  files: readonly string[];
  encoding?: EncodingOption;
  unit?: Unit;
  replace?: boolean;
  sheet?: string;
  waitSeconds?: number;
  /** Injected clock: the plausible-date range ends a year after today. */
  today?: Date;
  cwd: string;
}

export type FileStatus = 'loaded' | 'unchanged' | 'replaced';

export interface LoadFileResult {
  path: string;
  sha256: string;
  format: string;
  encoding: string | null;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  status: FileStatus;
  ignored_columns: string[];
}

export interface LoadResult {
  source: Source;
  load_id: number | null;
  files: LoadFileResult[];
  totals: { rows_read: number; rows_loaded: number; rows_rejected: number };
}


export function parseSource(value: string): Source {
  if ((SOURCES as readonly string[]).includes(value)) return value as Source;
  throw usageError(`unknown source "${value}"`, `SOURCE is one of ${SOURCES.join(', ')}.`);
}

interface LedgerRow {
  path: string;
  sha256: string;
  format: string;
  encoding: string | null;
}

export async function loadFiles(project: Project, options: LoadOptions, io: LoadIO, reporter: Reporter): Promise<LoadResult> {
  const source = parseSource(options.source);
  if (options.files.length === 0) throw usageError('no files named', 'Name one or more files: grayscope load complaints data/complaints.csv');
  const files = options.files.map((f) => resolve(options.cwd, f));
  for (const file of files) {
    const kind = await io.kind(file);
    if (kind === 'missing') throw inputError(`${file}: no such file`, 'Check the path; paths are relative to the current folder.');
    if (kind === 'directory') throw inputError(`${file} is a folder, not a file`, 'Name the files inside it, e.g. data/*.csv.');
  }
  const scans: Array<{ sha256: string; blankLines: boolean }> = [];
  for (const file of files) scans.push(await io.scan(file));

  await ensureProjectDirs(project, io);
  // A memory ceiling keeps a 1M-row load under 2 GB: DuckDB spills temporary tables to disk past it.
  const db = await io.openDatabase(project.dbPath, { waitSeconds: options.waitSeconds, settings: { memory_limit: LOAD_MEMORY_LIMIT } });
  const temp = await io.makeTempFolder();
  try {
    await applySchema(db);
    const ledger = await db.all<LedgerRow>(`SELECT path, sha256, format, encoding FROM load_ledger WHERE source = ?`, [source]);
    const results: LoadFileResult[] = [];
    const toLoad: FileToLoad[] = [];
    const seen = new Set(ledger.map((l) => l.sha256));
    files.forEach((abs, index) => {
      const display = displayPath(abs, project.dir);
      const sha = scans[index]!.sha256;
      if (seen.has(sha)) {
        const before = ledger.find((l) => l.sha256 === sha);
        results[index] = { path: display, sha256: sha, format: before?.format ?? '', encoding: before?.encoding ?? null, rows_read: 0, rows_loaded: 0, rows_rejected: 0, status: 'unchanged', ignored_columns: [] };
        return;
      }
      seen.add(sha);
      const earlier = ledger.find((l) => l.path === display);
      if (earlier && !options.replace) {
        throw usageError(
          `${display} was loaded before with different contents (sha256 ${earlier.sha256.slice(0, 12)}…, now ${sha.slice(0, 12)}…)`,
          'Pass --replace to swap the rows from the earlier version for this one, or load it under another file name.',
        );
      }
      toLoad.push({ index, abs, display, sha, blankLines: scans[index]!.blankLines, replacing: Boolean(earlier) });
    });
    for (const r of results) if (r) reporter.info(`${r.path}: unchanged (already loaded, sha256 ${r.sha256.slice(0, 12)}…)`);
    if (toLoad.length === 0) return summarise(source, null, results);

    // Everything that can refuse a file, and all the heavy work, happens before the transaction
    // opens: staging and normalising go into temporary tables (DuckDB builds those far faster
    // outside a transaction, and we hold the database lock, so nothing changes meanwhile). The
    // transaction then only appends the prepared rows, so it is short and all-or-nothing.
    const salt = await prepareSalt(db, project);
    if (!project.config.salt) {
      reporter.warn(
        'no salt in grayscope.yaml: personal data is hashed with a salt kept in the database itself. Run `grayscope init` for a project whose salt is kept apart from the data.',
      );
    }
    await defineMacros(db, salt.salt, options.today ?? new Date());
    const loadId = Number(await db.scalar(`SELECT nextval('load_id_seq')`));
    await db.run(`CREATE OR REPLACE TEMP TABLE gs_ids (id VARCHAR, file VARCHAR, line BIGINT)`);
    const staged: StagedFile[] = [];
    for (let i = 0; i < toLoad.length; i++) {
      const f = toLoad[i]!;
      const started = Date.now();
      const p = await io.prepare(f.abs, { encoding: options.encoding ?? 'auto', blankLines: f.blankLines, sheet: options.sheet, temp, reporter, db });
      const bar = reporter.progress(100, `${f.display}: reading`);
      try {
        staged.push(await stageFile(db, project, source, f, p, i, i < toLoad.length - 1, loadId, options, reporter, bar));
      } finally {
        bar.stop();
      }
      staged[i]!.seconds = (Date.now() - started) / 1000;
    }

    await db.transaction(async () => {
      await db.run(`INSERT INTO loads VALUES (?, ?, now()::TIMESTAMP, NULL, ?, ?)`, [
        loadId,
        source,
        VERSION,
        JSON.stringify({ encoding: options.encoding ?? 'auto', unit: options.unit ?? null, replace: Boolean(options.replace) }),
      ]);
      for (const [key, value] of salt.record) await db.run(`INSERT INTO grayscope_meta VALUES (?, ?)`, [key, value]);
      for (const file of staged) {
        const started = Date.now();
        const bar = reporter.progress(100, `${file.display}: writing`);
        try {
          await tracked(db, bar, 0, 100, `${file.display}: writing`, () => commitFile(db, source, file, loadId));
        } finally {
          bar.stop();
        }
        const r = file.result;
        results[file.index] = r;
        reporter.info(
          `${r.path}: ${r.rows_read} rows read, ${r.rows_loaded} loaded, ${r.rows_rejected} quarantined${r.status === 'replaced' ? ' (replaced the earlier version)' : ''} in ${(file.seconds + (Date.now() - started) / 1000).toFixed(1)}s`,
        );
      }
      await db.run(`UPDATE loads SET finished_at = now()::TIMESTAMP WHERE load_id = ?`, [loadId]);
    });
    return summarise(source, loadId, results);
  } finally {
    db.close();
    await temp.remove();
  }
}

function summarise(source: Source, loadId: number | null, files: LoadFileResult[]): LoadResult {
  const totals = { rows_read: 0, rows_loaded: 0, rows_rejected: 0 };
  for (const f of files) {
    totals.rows_read += f.rows_read;
    totals.rows_loaded += f.rows_loaded;
    totals.rows_rejected += f.rows_rejected;
  }
  return { source, load_id: loadId, files, totals };
}

interface FileToLoad {
  index: number;
  abs: string;
  display: string;
  sha: string;
  blankLines: boolean;
  replacing: boolean;
}

/** A file staged, normalised and checked, waiting in temporary tables for the transaction. */
interface StagedFile {
  index: number;
  display: string;
  replacing: boolean;
  /** Temporary tables: the good rows, normalised, and the quarantine rows. */
  good: string;
  quarantine: string;
  bytes: number;
  result: LoadFileResult;
  seconds: number;
}

async function stageFile(
  db: Db,
  project: Project,
  source: Source,
  f: FileToLoad,
  p: PreparedFile,
  ordinal: number,
  moreToCome: boolean,
  loadId: number,
  options: LoadOptions,
  reporter: Reporter,
  bar: Progress,
): Promise<StagedFile> {
  const mapping = mapHeaders(source, p.headers, f.display, project.config.aliases[source] ?? {});
  // A header is data too (a file without a header row has a phone number there): shown masked.
  const headers = p.headers.map(maskText);
  mapping.ignored = mapping.ignored.map(maskText);
  if (mapping.ignored.length > 0) reporter.warn(`${f.display}: columns not in the ${source} contract are ignored: ${mapping.ignored.join(', ')}`);
  const columns: StagedColumn[] = mapping.columns.map((c) => {
    const unit = c.unit ?? options.unit ?? 'yuan';
    if (c.unit && options.unit && c.unit !== options.unit) {
      reporter.warn(`${f.display}: column "${c.header}" names its unit (${c.unit}); --unit ${options.unit} is not applied to it`);
    }
    return {
      spec: c.spec,
      stage: `c${c.index}`,
      header: headers[c.index] ?? '',
      number: c.index + 1,
      letters: p.cellColumns?.[c.index],
      factor: UNIT_FACTOR[unit],
    };
  });

  // 1. Stage every field as text.
  for (const sql of p.stageSql) {
    await tracked(db, bar, 0, 40, `${f.display}: reading`, () => db.run(sql)).catch((err: unknown) => {
      throw unreadableFile(f.display, err);
    });
  }
  await db.run(`SET VARIABLE gs_base = (SELECT coalesce(min(rowid), 0) FROM gs_stage)`);
  const stats = await db.all<{ n: number; nl: number | null }>(
    `SELECT count(*) AS n, ${p.hasNewlineCount ? 'sum(__nl)' : '0'} AS nl FROM gs_stage`,
  );
  const stagedRows = Number(stats[0]?.n ?? 0);
  const scanRejects = p.scanRejectsSql ? Number(await db.scalar(`SELECT count(*) FROM (${p.scanRejectsSql})`)) : 0;
  const rowsRead = stagedRows + scanRejects + p.convertedRejects.length;
  if (rowsRead === 0) {
    throw inputError(`${f.display}: the file has a header but no data rows`, 'Check that you named the right file; nothing was loaded.');
  }

  // 2. Line numbers: physical lines where records span lines or the CSV reader refused some.
  let lineExpr = p.lineExpr;
  let joinLines = false;
  if (p.scanRejectsSql && (scanRejects > 0 || Number(stats[0]?.nl ?? 0) > 0)) {
    await db.run(`CREATE OR REPLACE TEMP TABLE gs_scan_rejects AS ${p.scanRejectsSql}`);
    await db.run(`CREATE OR REPLACE TEMP TABLE gs_lines AS
      WITH rj AS (SELECT ord, nl, (ord - 1) - (row_number() OVER (ORDER BY ord) - 1) AS gb FROM gs_scan_rejects),
      recs AS (
        SELECT rowid - getvariable('gs_base') AS key, 1 AS flag, rowid AS k, __nl AS nl, NULL::BIGINT AS ord FROM gs_stage
        UNION ALL SELECT gb, 0, NULL, nl, ord FROM rj)
      SELECT k, ord, 1 + row_number() OVER w + coalesce(sum(nl) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS line
      FROM recs WINDOW w AS (ORDER BY key, flag)`);
    lineExpr = 'l.line';
    joinLines = true;
  }

  // 3. Reference data: distinct raw values mapped by the TypeScript rules.
  for (const col of columns) {
    if (!LOOKUP_KINDS.has(col.spec.kind)) continue;
    const table = q(mapTable(col.spec.name));
    await db.run(`CREATE OR REPLACE TEMP TABLE ${table} (raw VARCHAR, code VARCHAR, city_code VARCHAR, reason VARCHAR)`);
    const raws = await db.all<{ raw: string }>(`SELECT DISTINCT ${q(col.stage)} AS raw FROM gs_stage WHERE ${q(col.stage)} IS NOT NULL`);
    const mapper = REFERENCE_MAPPERS[col.spec.kind]!;
    const rows = raws.map((r) => referenceRow(r.raw, mapper(r.raw))).filter((row) => row !== undefined);
    for (let i = 0; i < rows.length; i += 250) {
      const chunk = rows.slice(i, i + 250);
      await db.run(`INSERT INTO ${table} VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`, chunk.flat());
    }
  }

  // 4. Normalise, then find the rows that break a rule or repeat an id (in this file, in an
  //    earlier file of this load, or already in the table, less a version being replaced).
  await tracked(db, bar, 45, 40, `${f.display}: normalising`, () => db.run(normaliseSql({ source, columns, lineExpr, joinLines })));
  bar.update(85, `${f.display}: checking`);
  const targetHasRows = (await db.scalar(`SELECT count(*) FROM (SELECT 1 FROM ${q(source)} LIMIT 1)`)) !== 0;
  for (const sql of badRowsSql(source, columns, { targetHasRows, earlierFiles: ordinal > 0 })) {
    await db.run(sql, sql.includes('$replaced') ? { replaced: f.replacing ? f.display : null } : undefined);
  }
  const rejected = Number(await db.scalar(`SELECT count(*) FROM gs_bad`));

  // 5. Quarantine rows: rule breaks, rows the CSV reader refused, lines that were not JSON.
  const quarantine = `gs_quarantine_${ordinal}`;
  const colCase = (pick: (c: StagedColumn) => string | number | null) =>
    `CASE b.col ${columns.map((c) => `WHEN ${lit(c.spec.name)} THEN ${valueSql(pick(c))}`).join(' ')} END`;
  const cell = p.cellColumns ? `${colCase((c) => c.letters ?? null)} || CAST(b.__line AS VARCHAR)` : 'NULL';
  const original = originalTextSql(columns, headers.map((header, i) => ({ stage: `c${i}`, header })), p.format);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${q(quarantine)} AS
     SELECT CAST($load_id AS BIGINT) AS load_id, $source AS source, $file AS file, b.__line AS line,
       ${colCase((c) => c.header)} AS column_name, CAST(${colCase((c) => c.number)} AS INTEGER) AS column_number, ${cell} AS cell,
       b.reason, ${original} AS original
     FROM gs_bad b JOIN gs_norm n ON n.__k = b.__k JOIN gs_stage s ON s.rowid = b.__k`,
    { load_id: loadId, source, file: f.display },
  );
  if (scanRejects > 0) {
    await db.run(
      `INSERT INTO ${q(quarantine)}
       SELECT $load_id, $source, $file, l.line, CASE r.column_name ${headers.map((h, i) => `WHEN 'c${i}' THEN ${lit(h)}`).join(' ')} END,
         r.column_idx, NULL, r.reason, gs_mask_line(r.original)
       FROM gs_scan_rejects r JOIN gs_lines l ON l.ord = r.ord AND l.k IS NULL`,
      { load_id: loadId, source, file: f.display },
    );
  }
  for (const r of p.convertedRejects) {
    await db.run(`INSERT INTO ${q(quarantine)} VALUES (?, ?, ?, ?, NULL, NULL, NULL, ?, gs_mask_line(?))`, [loadId, source, f.display, r.line, r.reason, r.original]);
  }

  // 6. Keep only the good rows, remember their ids for the files that follow, free the staging.
  const good = `gs_good_${ordinal}`;
  if (rejected > 0) await db.run(`DELETE FROM gs_norm WHERE __k IN (SELECT __k FROM gs_bad)`);
  await db.run(`ALTER TABLE gs_norm RENAME TO ${q(good)}`);
  if (moreToCome) await db.run(`INSERT INTO gs_ids SELECT ${q(ID_COLUMN[source])}, ?, __line FROM ${q(good)}`, [f.display]);
  for (const t of ['gs_stage', 'gs_bad', 'gs_lines', 'gs_scan_rejects']) await db.run(`DROP TABLE IF EXISTS ${t}`);

  const rowsRejected = rejected + scanRejects + p.convertedRejects.length;
  return {
    index: f.index,
    display: f.display,
    replacing: f.replacing,
    good,
    quarantine,
    bytes: p.bytes,
    seconds: 0,
    result: {
      path: f.display,
      sha256: f.sha,
      format: p.format,
      encoding: p.encoding,
      rows_read: rowsRead,
      rows_loaded: stagedRows - rejected,
      rows_rejected: rowsRejected,
      status: f.replacing ? 'replaced' : 'loaded',
      ignored_columns: mapping.ignored,
    },
  };
}

/** Inside the transaction: swap out a replaced version, append the prepared rows, record the file. */
async function commitFile(db: Db, source: Source, file: StagedFile, loadId: number): Promise<void> {
  if (file.replacing) {
    await db.run(`DELETE FROM ${q(source)} WHERE source_file = ?`, [file.display]);
    await db.run(`DELETE FROM quarantine WHERE source = ? AND file = ?`, [source, file.display]);
    await db.run(`DELETE FROM load_ledger WHERE source = ? AND path = ?`, [source, file.display]);
  }
  await db.run(insertGoodSql(source, file.good, '$load_id', '$file'), { load_id: loadId, file: file.display });
  await db.run(`INSERT INTO quarantine SELECT * FROM ${q(file.quarantine)}`);
  const r = file.result;
  await db.run(`INSERT INTO load_ledger VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()::TIMESTAMP)`, [
    r.path,
    source,
    r.sha256,
    r.format,
    r.encoding,
    file.bytes,
    r.rows_read,
    r.rows_loaded,
    r.rows_rejected,
    loadId,
  ]);
}

/** Runs one long statement while the bar follows DuckDB's own progress over [from, from + span]. */
async function tracked<T>(db: Db, bar: Progress, from: number, span: number, label: string, work: () => Promise<T>): Promise<T> {
  bar.update(from, label);
  const timer = setInterval(() => {
    const p = db.progress();
    if (p >= 0) bar.update(from + (span * Math.min(p, 100)) / 100, label);
  }, 150);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    bar.update(from + span, label);
  }
}

function valueSql(v: string | number | null): string {
  if (v === null) return 'NULL';
  return typeof v === 'number' ? String(v) : lit(v);
}

