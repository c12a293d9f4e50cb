// `grayscope load`: every named file into one source table in one transaction. Files are hashed
// and checked against the ledger, converted where DuckDB cannot read them, staged as text,
// normalised with set-based SQL, and split into loaded rows and quarantined rows with reasons, so
// that rows_read = rows_loaded + rows_rejected always holds and a failure leaves nothing behind.
import { resolve } from 'node:path';
import type { Db } from '../ports/db.js';
import { quoteIdent as q, quoteLiteral as lit } from '../ports/db.js';
import { parseSource, type Source } from '../config.js';
import { DATE_COLUMN, ID_COLUMN } from '../contract.js';
import { GrayscopeError, inputError, unreadableFile, usageError } from '../errors.js';
import { mapHeaders, UNIT_FACTOR, type Unit } from '../headers.js';
import { applySchema } from '../db/schema.js';
import { dataFilePath } from '../paths.js';
import { ensureProjectDirs, type Project } from '../project.js';
import type { Progress, Reporter } from '../reporter.js';
import { VERSION } from '../version.js';
import { maskText } from '../pii.js';
import { defineMacros } from './macros.js';
import { prepareSalt } from './salt.js';
import { REFERENCE_MAPPERS, referenceRow } from './reference.js';
import { categoryMapper } from '../category-map.js';
import { badRowsSql, CATEGORY_MAP_TABLE_SQL, insertGoodSql, LOOKUP_KINDS, mapTable, normaliseSql, originalTextSql, type StagedColumn } from './transform.js';
import type { LoadIO, PreparedFile } from './io.js';
import { checkHeaderRow, FOOTER_LABEL, FOOTER_REASON, headerMatcher } from './layout.js';
import { checkMaxRejects, type MaxRejects, parseMaxRejects } from './max-rejects.js';
import { abandonLoad, beginLoad, finishLoad } from './commit.js';
import { archiveReplaced, supersedingLoads, type UpsertCounts, upsertCounts } from './upsert.js';

export const LOAD_MEMORY_LIMIT = '1GB';

export type EncodingOption = 'auto' | 'utf-8' | 'gb18030';

export interface LoadOptions {
  source: string;
  files: readonly string[];
  encoding?: EncodingOption;
  unit?: Unit;
  replace?: boolean;
  /** Rows whose id is already loaded (from any file) replace the earlier version, kept in record_history. */
  upsert?: boolean;
  /** --max-rejects: a count (N) or a share of the rows read (P%); over it nothing is loaded (exit 3). */
  maxRejects?: string;
  /** XLSX: a sheet name, a 1-based sheet number, or `all`. */
  sheet?: string;
  /** The 1-based row of the header (default: found among the first rows). */
  headerRow?: number;
  waitSeconds?: number;
  /** Injected clock: the plausible-date range ends a year after today. */
  today?: Date;
  cwd: string;
}

export type FileStatus = 'loaded' | 'unchanged' | 'replaced' | 'updated' | 'skipped';

export interface LoadFileResult {
  path: string;
  /** The workbook sheet (XLSX files only). */
  sheet?: string;
  sha256: string;
  format: string;
  encoding: string | null;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  status: FileStatus;
  ignored_columns: string[];
  /** Why a sheet of `--sheet all` was skipped (status skipped). */
  reason?: string;
}

/** A file loaded with --upsert also says how many rows were new and how many replaced an earlier version. */
export type UpsertFileResult = LoadFileResult & Partial<UpsertCounts>;

export interface LoadResult {
  source: Source;
  load_id: number | null;
  files: LoadFileResult[];
  totals: { rows_read: number; rows_loaded: number; rows_rejected: number };
}



interface LedgerRow {
  path: string;
  sha256: string;
  format: string;
  encoding: string | null;
  sheet: string | null;
}

export async function loadFiles(project: Project, options: LoadOptions, io: LoadIO, reporter: Reporter): Promise<LoadResult> {
  const source = parseSource(options.source);
  const maxRejects: MaxRejects | undefined = options.maxRejects === undefined ? undefined : parseMaxRejects(options.maxRejects);
  if (options.replace && options.upsert) {
    throw usageError('--replace and --upsert cannot be combined', '--replace swaps in a new version of the same path; --upsert loads a correction under another name. Pick one.');
  }
  if (options.files.length === 0) throw usageError('no files named', 'Name one or more files: grayscope load complaints data/complaints.csv');
  const files = options.files.map((f) => resolve(options.cwd, f));
  for (const file of files) {
    const kind = await io.kind(file);
    if (kind === 'missing') throw inputError(`${file}: no such file`, 'Check the path; paths are relative to the current folder.');
    if (kind === 'directory') throw inputError(`${file} is a folder, not a file`, 'Name the files inside it, e.g. data/*.csv.');
    if (kind === 'special') throw inputError(`${file} is not a regular file (a pipe, socket or device): grayscope reads files it can read twice, to the end`, 'Save the data to a file first, then load that file.');
  }
  const scans: Array<{ sha256: string; blankLines: boolean; longLines?: boolean }> = [];
  for (const file of files) scans.push(await io.scan(file));
  const headerRow = checkHeaderRow(options.headerRow);
  // A workbook is loaded sheet by sheet: one part per sheet asked for, keyed in the ledger by (sha256, sheet).
  const parts: Array<{ file: number; abs: string; sheet: string | undefined }> = [];
  for (const [i, abs] of files.entries()) {
    const sheets = await io.workbookSheets(abs);
    if (!sheets) parts.push({ file: i, abs, sheet: undefined });
    else for (const sheet of pickSheets(dataFilePath(abs, project.dir), sheets, options.sheet)) parts.push({ file: i, abs, sheet });
  }

  await ensureProjectDirs(project, io);
  // Converted copies of the input and DuckDB's spill files hold raw personal data: they live in a
  // private folder inside the project, removed on every way out (and by the next load after a kill).
  const temp = await io.makeTempFolder(project.dir);
  let db: Db;
  try {
    // A memory ceiling keeps a 1M-row load under 2 GB: DuckDB spills temporary tables to disk past it.
    db = await io.openDatabase(project.dbPath, { waitSeconds: options.waitSeconds, settings: { memory_limit: LOAD_MEMORY_LIMIT, temp_directory: temp.file('duckdb') } });
  } catch (err) {
    await temp.remove();
    throw err;
  }
  try {
    await applySchema(db);
    const ledger = await db.all<LedgerRow>(`SELECT path, sha256, format, encoding, sheet FROM load_ledger WHERE source = ?`, [source]);
    const results: LoadFileResult[] = [];
    const toLoad: FileToLoad[] = [];
    // A ledger row without a sheet is a workbook loaded before sheets were recorded: it stands for any sheet.
    const sameVersion = (l: { sha256: string; sheet: string | null }, sha: string, sheet: string | undefined) => l.sha256 === sha && (l.sheet === null || l.sheet === (sheet ?? null));
    const seen: Array<{ sha256: string; sheet: string | null }> = [...ledger];
    const replacingPaths = new Set<string>();
    parts.forEach((part, index) => {
      const abs = part.abs;
      const display = dataFilePath(abs, project.dir);
      const sha = scans[part.file]!.sha256;
      const sheetKey = part.sheet === undefined ? {} : { sheet: part.sheet };
      if (seen.some((l) => sameVersion(l, sha, part.sheet))) {
        const before = ledger.find((l) => sameVersion(l, sha, part.sheet));
        results[index] = { path: display, ...sheetKey, sha256: sha, format: before?.format ?? (part.sheet === undefined ? '' : 'xlsx'), encoding: before?.encoding ?? null, rows_read: 0, rows_loaded: 0, rows_rejected: 0, status: 'unchanged', ignored_columns: [] };
        return;
      }
      seen.push({ sha256: sha, sheet: part.sheet ?? null });
      const earlier = ledger.filter((l) => l.path === display && l.sha256 !== sha);
      if (earlier.length > 0 && !options.replace) {
        throw usageError(
          `${display} was loaded before with different contents (sha256 ${earlier[0]!.sha256.slice(0, 12)}…, now ${sha.slice(0, 12)}…)`,
          options.upsert
            ? '--upsert loads a correction under another file name; pass --replace (without --upsert) to swap the whole earlier version of this path for this one.'
            : 'Pass --replace to swap the rows from the earlier version for this one, or load it under another file name.',
        );
      }
      if (earlier.length > 0 && part.sheet !== undefined) {
        // --replace swaps out every row of the earlier version of a path, so every sheet it had must come in again.
        const coming = new Set(parts.filter((p) => p.abs === abs).map((p) => p.sheet));
        const dropped = [...new Set(earlier.map((l) => l.sheet).filter((x): x is string => x !== null && !coming.has(x)))];
        if (dropped.length > 0) {
          throw usageError(
            `${display}: --replace would drop the rows of sheet${dropped.length > 1 ? 's' : ''} ${dropped.join(', ')} loaded from the earlier version, which this load does not read`,
            'Load every sheet of the new version with --sheet all (or name those sheets too), or load it under another file name.',
          );
        }
      }
      // The rows of the earlier version are swapped out once, by the first part of the path.
      const replacing = earlier.length > 0 && !replacingPaths.has(display);
      if (replacing) replacingPaths.add(display);
      toLoad.push({ index, abs, display, sha, blankLines: scans[part.file]!.blankLines, longLines: scans[part.file]!.longLines ?? false, replacing, supersedes: earlier.length > 0, sheet: part.sheet });
    });
    for (const r of results) if (r) reporter.info(`${r.path}${r.sheet !== undefined ? ` sheet ${r.sheet}` : ''}: unchanged (already loaded, sha256 ${r.sha256.slice(0, 12)}…)`);
    if (toLoad.length === 0) return summarise(source, null, results);
    for (const f of toLoad.filter((x) => x.replacing)) {
      const later = await supersedingLoads(db, source, f.display, null);
      if (later.length > 0) {
        throw usageError(
          `${f.display}: some of its rows were replaced by a correction loaded with --upsert (load ${later.join(', ')}), so its earlier version cannot be swapped out`,
          `Unload the correction first (grayscope unload ${later[later.length - 1]}), then --replace this file and load the correction again.`,
        );
      }
    }

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
    const matcher = headerMatcher(source, project.config.aliases[source] ?? {});
    const skipped: Array<{ f: FileToLoad; error: GrayscopeError }> = [];
    for (let i = 0; i < toLoad.length; i++) {
      const f = toLoad[i]!;
      const started = Date.now();
      const where = f.sheet === undefined ? f.display : `${f.display} sheet ${f.sheet}`;
      const sheets = toLoad.filter((t) => t.abs === f.abs && t.sheet !== undefined).map((t) => t.sheet!);
      const bar = reporter.progress(100, `${where}: reading`);
      try {
        const p = await io.prepare(f.abs, { encoding: options.encoding ?? 'auto', blankLines: f.blankLines, longLines: f.longLines, sheet: f.sheet, sheets, layout: { matcher, headerRow, where: f.display }, temp, reporter, db });
        const file = await stageFile(db, project, source, f, p, staged.length, i < toLoad.length - 1, loadId, options, reporter, bar);
        file.seconds = (Date.now() - started) / 1000;
        staged.push(file);
      } catch (err) {
        // --sheet all: a sheet with no header row (a cover sheet, notes) is reported and skipped, not loaded and not silently passed over.
        // A damaged sheet is not skipped: the workbook is refused whole.
        if (!(options.sheet?.toLowerCase() === 'all' && f.sheet !== undefined && err instanceof GrayscopeError && err.code === 'input' && !err.details?.damaged)) throw err;
        skipped.push({ f, error: err });
        reporter.warn(`skipped: ${err.message}`);
        results[f.index] = { path: f.display, sheet: f.sheet, sha256: f.sha, format: 'xlsx', encoding: null, rows_read: 0, rows_loaded: 0, rows_rejected: 0, status: 'skipped', ignored_columns: [], reason: maskText(err.message) };
      } finally {
        bar.stop();
      }
    }
    // A workbook none of whose sheets could be loaded is unusable as a whole: exit 3 with the first sheet's reason.
    for (const { f, error } of skipped) {
      const others = results.some((r, k) => r && r.path === f.display && r.status !== 'skipped' && k !== f.index) || staged.some((s) => s.display === f.display);
      if (!others) {
        throw inputError(`${f.display}: no sheet has a header row for ${source}: ${error.message}`, error.hint ?? 'Name the header row with --header-row N, or the sheet with --sheet NAME.', error.details);
      }
    }
    if (staged.length === 0) return summarise(source, null, results);
    if (maxRejects) await checkMaxRejects(db, maxRejects, staged.map((f) => ({ quarantine: f.quarantine, rows_read: f.result.rows_read, rows_rejected: f.result.rows_rejected })));

    // Three transactions that no kill can tear (commit.ts): the load's row first, then the data
    // (appends only), then the deletions it implies and the mark that it is committed.
    await beginLoad(db, {
      loadId,
      source,
      version: VERSION,
      options: JSON.stringify({ encoding: options.encoding ?? 'auto', unit: options.unit ?? null, replace: Boolean(options.replace), upsert: Boolean(options.upsert) }),
      meta: salt.record,
    });
    try {
      await db.transaction(async () => {
        for (const file of staged) {
          const started = Date.now();
          const bar = reporter.progress(100, `${file.display}: writing`);
          try {
            await tracked(db, bar, 0, 100, `${file.display}: writing`, () => commitFile(db, source, file, loadId, Boolean(options.upsert)));
          } finally {
            bar.stop();
          }
          const r: UpsertFileResult = file.result;
          results[file.index] = r;
          const note =
            r.status === 'replaced'
              ? ' (replaced the earlier version)'
              : r.rows_replaced !== undefined
                ? ` (${r.rows_new} new, ${r.rows_replaced} replacing an earlier version, ${r.rows_changed} of them changed)`
                : '';
          reporter.info(
            `${r.path}${r.sheet === undefined ? '' : ` sheet ${r.sheet}`}: ${r.rows_read} rows read, ${r.rows_loaded} loaded, ${r.rows_rejected} quarantined${note} in ${(file.seconds + (Date.now() - started) / 1000).toFixed(1)}s`,
          );
        }
      });
      await finishLoad(db, source, loadId, { replacedPaths: staged.filter((f) => f.replacing).map((f) => f.display), upsert: Boolean(options.upsert) });
    } catch (err) {
      await abandonLoad(db).catch(() => undefined);
      throw err;
    }
    if (!options.upsert) await hintCorrections(db, source, staged, reporter);
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
  longLines: boolean;
  replacing: boolean;
  /** This part belongs to a new version of a path (another sheet than the one that swaps the old rows out). */
  supersedes: boolean;
  /** The workbook sheet, for XLSX. */
  sheet: string | undefined;
}

/** A file staged, normalised and checked, waiting in temporary tables for the transaction. */
interface StagedFile {
  index: number;
  display: string;
  sheet: string | undefined;
  replacing: boolean;
  /** Temporary tables: the good rows, normalised, and the quarantine rows. */
  good: string;
  quarantine: string;
  bytes: number;
  result: UpsertFileResult;
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
  const where = f.sheet === undefined ? f.display : `${f.display} sheet ${f.sheet}`;
  const mapping = mapHeaders(source, p.headers, where, project.config.aliases[source] ?? {});
  // A header is data too (a file without a header row has a phone number there): shown masked.
  const headers = p.headers.map(maskText);
  mapping.ignored = mapping.ignored.map(maskText);
  if (mapping.ignored.length > 0) reporter.warn(`${where}: columns not in the ${source} contract are ignored: ${mapping.ignored.join(', ')}`);
  const columns: StagedColumn[] = mapping.columns.map((c) => {
    const unit = c.unit ?? options.unit ?? 'yuan';
    if (c.unit && options.unit && c.unit !== options.unit) {
      reporter.warn(`${where}: column "${c.header}" names its unit (${c.unit}); --unit ${options.unit} is not applied to it`);
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
  // A column with values but no header (an empty cell in the header row) is ignored, and said so.
  const unnamed = headers.flatMap((h, i) => (h.trim() === '' ? [i] : []));
  if (unnamed.length > 0) {
    const [counts] = await db.all<Record<string, number>>(`SELECT ${unnamed.map((i) => `count(${q(`c${i}`)}) AS ${q(`n${i}`)}`).join(', ')} FROM gs_stage`);
    const filledUnnamed = unnamed.filter((i) => Number(counts?.[`n${i}`] ?? 0) > 0).map((i) => `column ${p.cellColumns?.[i] ?? i + 1} (no header)`);
    if (filledUnnamed.length > 0) {
      mapping.ignored.push(...filledUnnamed);
      reporter.warn(`${where}: columns with values but no header are ignored: ${filledUnnamed.join(', ')}`);
    }
  }
  const stats = await db.all<{ n: number; nl: number | null }>(
    `SELECT count(*) AS n, ${p.hasNewlineCount ? 'sum(__nl)' : '0'} AS nl FROM gs_stage`,
  );
  const stagedRows = Number(stats[0]?.n ?? 0);
  const scanRejects = p.scanRejectsSql ? Number(await db.scalar(`SELECT count(*) FROM (${p.scanRejectsSql})`)) : 0;
  const rowsRead = stagedRows + scanRejects + p.convertedRejects.length;
  if (rowsRead === 0) {
    const what = f.sheet === undefined ? `${f.display}: the file` : `${f.display} sheet ${f.sheet}: the sheet`;
    throw inputError(`${what} has a header but no data rows`, 'Check that you named the right file; nothing was loaded.');
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
    if (col.spec.kind === 'category') {
      await mapCategories(db, source, col, project);
      continue;
    }
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
  // With --upsert an id already in the table is not a duplicate: the row replaces it.
  const targetHasRows = !options.upsert && (await db.scalar(`SELECT count(*) FROM (SELECT 1 FROM ${q(source)} LIMIT 1)`)) !== 0;
  for (const sql of badRowsSql(source, columns, { targetHasRows, earlierFiles: ordinal > 0 })) {
    await db.run(sql, sql.includes('$replaced') ? { replaced: f.supersedes ? f.display : null } : undefined);
  }
  // Footer rows (合计, 注：…, 制表人：…) break the rules too; they are quarantined as what they are.
  const firstCell = `coalesce(${headers.map((_, i) => `nullif(trim(s.${q(`c${i}`)}), '')`).join(', ')})`;
  const filled = (name: string) => {
    const c = columns.find((x) => x.spec.name === name);
    return c ? `nullif(trim(s.${q(c.stage)}), '') IS NOT NULL` : 'false';
  };
  const idStage = columns.find((x) => x.spec.name === ID_COLUMN[source])?.stage;
  // A footer lacks an id or a date (or has a label for an id): only such rows are looked at, and only when there are some.
  const keyColumns = `col IN (${lit(ID_COLUMN[source])}, ${lit(DATE_COLUMN[source])})`;
  const maybeFooters = Number(await db.scalar(`SELECT count(*) FROM gs_bad WHERE ${keyColumns}`)) > 0;
  if (headers.length > 0 && maybeFooters) {
    await db.run(
      `UPDATE gs_bad SET reason = ${lit(FOOTER_REASON)}, col = NULL FROM gs_stage s
       WHERE s.rowid = gs_bad.__k AND gs_bad.${keyColumns} AND regexp_matches(${firstCell}, ${lit(FOOTER_LABEL)}, 'i')
         AND NOT (${filled(ID_COLUMN[source])} AND ${filled(DATE_COLUMN[source])} AND ${firstCell} IS DISTINCT FROM ${idStage ? `trim(s.${q(idStage)})` : 'NULL'})`,
    );
  }
  const rejected = Number(await db.scalar(`SELECT count(*) FROM gs_bad`));

  // 5. Quarantine rows: rule breaks, rows the CSV reader refused, lines that were not JSON.
  const quarantine = `gs_quarantine_${ordinal}`;
  const colCase = (pick: (c: StagedColumn) => string | number | null) =>
    `CASE b.col ${columns.map((c) => `WHEN ${lit(c.spec.name)} THEN ${valueSql(pick(c))}`).join(' ')} END`;
  // Workbook cells are named sheet!A12; a footer row (no column) by the cell it starts with.
  const sheetRef = p.sheet === undefined ? '' : `${sheetName(p.sheet)}!`;
  const firstLetters = `CASE ${(p.cellColumns ?? []).map((l, i) => `WHEN nullif(trim(s.${q(`c${i}`)}), '') IS NOT NULL THEN ${lit(l)}`).join(' ')} END`;
  const cell = p.cellColumns
    ? `${lit(sheetRef)} || ${p.cellColumns.length > 0 ? `coalesce(${colCase((c) => c.letters ?? null)}, ${firstLetters})` : colCase((c) => c.letters ?? null)} || CAST(b.__line AS VARCHAR)`
    : 'NULL';
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
    await db.run(`INSERT INTO ${q(quarantine)} VALUES (?, ?, ?, ?, NULL, NULL, ?, ?, gs_mask_line(?))`, [
      loadId,
      source,
      f.display,
      r.line,
      r.cell === undefined ? null : `${sheetRef}${r.cell}`,
      r.reason,
      r.original,
    ]);
  }

  // 6. Keep only the good rows, remember their ids for the files that follow, free the staging.
  const good = `gs_good_${ordinal}`;
  if (rejected > 0) await db.run(`DELETE FROM gs_norm WHERE __k IN (SELECT __k FROM gs_bad)`);
  await db.run(`ALTER TABLE gs_norm RENAME TO ${q(good)}`);
  if (moreToCome) await db.run(`INSERT INTO gs_ids SELECT ${q(ID_COLUMN[source])}, ?, __line FROM ${q(good)}`, [f.sheet === undefined ? f.display : `${f.display} sheet ${f.sheet}`]);
  for (const t of ['gs_stage', 'gs_bad', 'gs_lines', 'gs_scan_rejects']) await db.run(`DROP TABLE IF EXISTS ${t}`);

  const rowsRejected = rejected + scanRejects + p.convertedRejects.length;
  return {
    index: f.index,
    display: f.display,
    sheet: f.sheet,
    replacing: f.replacing,
    good,
    quarantine,
    bytes: p.bytes,
    seconds: 0,
    result: {
      path: f.display,
      ...(f.sheet === undefined ? {} : { sheet: f.sheet }),
      sha256: f.sha,
      format: p.format,
      encoding: p.encoding,
      rows_read: rowsRead,
      rows_loaded: stagedRows - rejected,
      rows_rejected: rowsRejected,
      status: f.supersedes ? 'replaced' : 'loaded',
      ignored_columns: mapping.ignored,
    },
  };
}

/**
 * The category column's distinct labels through the project's `categories:` map and the built-in
 * rule (category-map.ts): each label's code, its topic (the label as kept: trimmed, personal data
 * masked) and, for a label that does not map, the reason its rows are rejected.
 */
async function mapCategories(db: Db, source: Source, col: StagedColumn, project: Project): Promise<void> {
  await db.run(CATEGORY_MAP_TABLE_SQL);
  const raws = await db.all<{ raw: string }>(`SELECT DISTINCT ${q(col.stage)} AS raw FROM gs_stage WHERE ${q(col.stage)} IS NOT NULL`);
  const mapper = categoryMapper(project.config.categories, source);
  const rows = raws.map((r) => {
    const resolution = mapper(r.raw);
    const topic = maskText(r.raw.trim());
    return [r.raw, resolution.code ?? null, topic === '' ? null : topic, resolution.reason ?? null] as const;
  });
  for (let i = 0; i < rows.length; i += 250) {
    const chunk = rows.slice(i, i + 250);
    await db.run(`INSERT INTO ${q(mapTable('category'))} VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`, chunk.flat() as Array<string | null>);
  }
}

/** Inside the data transaction: append the prepared rows (upserting, after copying the rows they replace to record_history), record the file. */
async function commitFile(db: Db, source: Source, file: StagedFile, loadId: number, upsert: boolean): Promise<void> {
  // Appends only: the earlier version of a replaced path, and rows an upsert replaces, go in finishLoad (commit.ts).
  if (upsert) await archiveReplaced(db, source, file.good, loadId);
  await db.run(insertGoodSql(source, file.good, '$load_id', '$file'), { load_id: loadId, file: file.display });
  if (upsert) {
    Object.assign(file.result, await upsertCounts(db, source, file.display, loadId, file.result.rows_loaded));
    if (file.result.rows_replaced! > 0) file.result.status = 'updated';
  }
  await db.run(`INSERT INTO quarantine SELECT * FROM ${q(file.quarantine)}`);
  const r = file.result;
  await db.run(
    `INSERT INTO load_ledger (path, source, sha256, format, encoding, bytes, rows_read, rows_loaded, rows_rejected, load_id, loaded_at, sheet)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()::TIMESTAMP, ?)`,
    [
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
      file.sheet ?? null,
    ],
  );
}

/**
 * A corrected re-export loaded without --upsert quarantines its repeated ids as duplicates of rows
 * already loaded: when a file has many of those, say how to load it as a correction instead.
 */
async function hintCorrections(db: Db, source: Source, staged: readonly StagedFile[], reporter: Reporter): Promise<void> {
  for (const file of staged) {
    const repeated = Number(await db.scalar(`SELECT count(*) FROM ${q(file.quarantine)} WHERE reason LIKE '% is a duplicate: it was already loaded from %'`));
    if (repeated > 0 && repeated * 2 >= file.result.rows_read) {
      reporter.warn(
        `${file.display}: ${repeated} of its ${file.result.rows_read} rows repeat ids already loaded from another file. If it is a corrected re-export, load it as one: grayscope unload ${file.display}, then grayscope load ${source} ${file.display} --upsert`,
      );
    }
  }
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

/** A sheet name as a cell reference writes it: quoted when it is not a plain word (1月 → '1月'). */
export function sheetName(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) ? name : `'${name.replaceAll("'", "''")}'`;
}

/** The sheets a load reads from a workbook: the first, the named (or numbered) one, or `all`. */
function pickSheets(display: string, sheets: readonly string[], wanted: string | undefined): string[] {
  if (sheets.length === 0) throw inputError(`${display}: the workbook has no sheets`, 'Check that you named the right file.');
  if (wanted === undefined) return [sheets[0]!];
  if (wanted.toLowerCase() === 'all' && !sheets.includes(wanted)) return [...sheets];
  if (sheets.includes(wanted)) return [wanted];
  if (/^\d+$/.test(wanted) && Number(wanted) >= 1 && Number(wanted) <= sheets.length) return [sheets[Number(wanted) - 1]!];
  throw inputError(
    `${display}: no sheet named "${wanted}"; the workbook has ${sheets.map((s) => `"${s}"`).join(', ')}`,
    'Pass --sheet with one of those names, a 1-based sheet number, or all.',
  );
}

function valueSql(v: string | number | null): string {
  if (v === null) return 'NULL';
  return typeof v === 'number' ? String(v) : lit(v);
}

