// The real LoadIO (the project I/O, plus): reads files from disk, converts what DuckDB cannot read itself, and writes the
// read_csv / read_parquet staging statements with every option pinned (no sniffing, no guessing).
import { stat, symlink } from 'node:fs/promises';
import { basename } from 'node:path';
import type { LayoutOptions, LoadIO, PreparedFile, PrepareOptions, TempFolder } from '../core/ingest/io.js';
import { inputError, unreadableFile } from '../core/errors.js';
import { quoteIdent as q, quoteLiteral as lit } from '../core/ports/db.js';
import { type SheetResult, workbookSheets, xlsxSheetsToCsv } from './excel-input.js';
import { findHeader, FOOTER_LABEL, FOOTER_REASON, type FoundHeader, HEADER_SEARCH_ROWS } from '../core/ingest/layout.js';
import { projectIO } from './project-io.js';
import {
  detectEncoding,
  detectFormat,
  fileSize,
  jsonlToCsv,
  makeTempFolder,
  readTextHead,
  readTextHeader,
  scanFile,
  delimitedToCsv,
  transcodeToUtf8,
  type Converted,
  MAX_LINE_SIZE,
  invalidBytesReason,
} from './files.js';


function columnsStruct(names: readonly string[], leading: Array<[string, string]> = []): string {
  const entries = [...leading, ...names.map((n) => [n, 'VARCHAR'] as [string, string])];
  return `{${entries.map(([n, t]) => `${lit(n)}: ${lit(t)}`).join(', ')}}`;
}

const stageNames = (count: number) => Array.from({ length: count }, (_, i) => `c${i}`);

function newlineCount(names: readonly string[]): string {
  if (names.length === 0) return '0';
  return names
    .map((n) => `CASE WHEN contains(${q(n)}, chr(10)) THEN length(${q(n)}) - length(replace(${q(n)}, chr(10), '')) ELSE 0 END`)
    .join(' + ');
}

const scanRejects = (encoding: string) => `SELECT line - 1 AS ord,
  length(t) - length(replace(t, chr(10), '')) AS nl,
  column_name,
  CAST(column_idx AS INTEGER) AS column_idx,
  CASE
    WHEN error_type IN ('TOO MANY COLUMNS', 'MISSING COLUMNS') AND regexp_matches(ltrim(t, ' ,;|"' || chr(9)), ${lit(FOOTER_LABEL)}, 'i') THEN ${lit(FOOTER_REASON)}
    ELSE CASE error_type
    WHEN 'TOO MANY COLUMNS' THEN 'malformed row: too many fields (' || error_message || ')'
    WHEN 'MISSING COLUMNS' THEN 'malformed row: too few fields (' || error_message || ')'
    WHEN 'UNQUOTED VALUE' THEN 'malformed row: a quote is not closed, or text follows a closing quote (an unclosed quote takes every later line into this row: fix it and load the file again with --replace)'
    WHEN 'INVALID UNICODE' THEN ${lit(invalidBytesReason(encoding))}
    WHEN 'INVALID ENCODING' THEN ${lit(invalidBytesReason(encoding))}
    WHEN 'LINE SIZE OVER MAXIMUM' THEN 'malformed row: longer than ${MAX_LINE_SIZE} bytes (an unclosed quote?)'
    ELSE lower(error_type) || ': ' || error_message
  END END AS reason,
  t AS original
FROM (
  SELECT DISTINCT ON (line) line, column_name, column_idx, error_type, error_message,
    trim(coalesce(csv_line, ''), chr(13) || chr(10)) AS t
  FROM gs_rej_errors ORDER BY line, column_idx
)`;

let tempCounter = 0;

/**
 * DuckDB reads `*`, `?`, `[` and `{` in a file path as a glob pattern, even quoted: such a path is
 * read through a symlink with a plain name in our temp folder, so one named file is one file read.
 */
async function plainPath(path: string, temp: TempFolder, ext: string): Promise<string> {
  if (!/[*?[\]{}]/.test(path)) return path;
  const link = temp.file(`input-${++tempCounter}${ext}`);
  await symlink(path, link);
  return link;
}

async function prepare(path: string, options: PrepareOptions): Promise<PreparedFile> {
  const format = await detectFormat(path);
  const bytes = await fileSize(path);
  const { temp, reporter } = options;
  const name = basename(path);
  const n = ++tempCounter;
  if (format === 'csv' || format === 'tsv') {
    const encoding = await detectEncoding(path, options.encoding);
    let readPath = await plainPath(path, temp, '.csv');
    if (encoding === 'gb18030') {
      readPath = temp.file(`transcoded-${n}.csv`);
      const bar = reporter.progress(bytes, `${name}: GB18030 → UTF-8`);
      let done = 0;
      await transcodeToUtf8(path, readPath, (n) => bar.update((done += n)));
      bar.stop();
    }
    // Title rows above the header, or a two-row header: the header is found in the first rows, and
    // the file goes through the line-exact reader, which starts after it. A header on line 1 keeps
    // DuckDB's fast reader.
    const found = options.layout ? await findTextHeader(readPath, format, options.layout) : undefined;
    const below = found !== undefined && (found.found.lines.length > 1 || found.found.lines[0] !== 1);
    // A line over MAX_LINE_SIZE too: DuckDB's reader quarantines one, but drops one over about 128 MiB without a word.
    if (options.blankLines || options.longLines || below) {
      const dest = temp.file(`converted-${n}.csv`);
      const bar = reporter.progress(bytes, `${name}: reading${below ? ` (header on line ${found.found.lines.join('–')})` : options.blankLines ? ' (empty lines: counting lines exactly)' : ' (a very long line: reading line by line)'}`);
      let done = 0;
      const delimiter = found?.delimiter ?? (await readTextHeader(readPath, encoding === 'gb18030' ? 'utf-8' : encoding, format)).delimiter;
      const layout = below ? { headers: found.found.headers, dataFrom: found.found.lines[found.found.lines.length - 1]! + 1, headerLines: found.found.lines } : undefined;
      const converted = await delimitedToCsv(readPath, delimiter, dest, (k) => bar.update((done += k)), layout, invalidBytesReason(encoding));
      bar.stop();
      return convertedFile(path, format, encoding, bytes, converted, dest);
    }
    const header = await readTextHeader(readPath, encoding === 'gb18030' ? 'utf-8' : encoding, format);
    if (header.headers.every((h) => h === '')) {
      throw inputError(`${path}: the first line is empty: no header row`, 'The first line must name the columns.');
    }
    const names = stageNames(header.headers.length);
    return {
      format,
      encoding,
      bytes,
      headers: header.headers,
      stageSql: [
        'DROP TABLE IF EXISTS gs_rej_errors',
        'DROP TABLE IF EXISTS gs_rej_scans',
        `CREATE OR REPLACE TEMP TABLE gs_stage AS
         SELECT *, ${newlineCount(names)} AS __nl
         FROM read_csv(${lit(readPath)}, auto_detect = false, header = true, columns = ${columnsStruct(names)},
           delim = ${lit(header.delimiter)}, quote = '"', escape = '"', store_rejects = true,
           rejects_table = 'gs_rej_errors', rejects_scan = 'gs_rej_scans', max_line_size = ${MAX_LINE_SIZE},
           strict_mode = true, null_padding = false)`,
      ],
      hasNewlineCount: true,
      lineExpr: "s.rowid - getvariable('gs_base') + 2",
      scanRejectsSql: scanRejects(encoding),
      convertedRejects: [],
      cellColumns: undefined,
    };
  }
  if (format === 'xlsx' || format === 'jsonl') {
    const dest = temp.file(`converted-${n}.csv`);
    let converted;
    let encoding: string | null = null;
    if (format === 'xlsx') {
      const sheet = await workbookSheet(path, options, (_sheet, i) => temp.file(`converted-${n}-sheet${i}.csv`), (sheet, k) => reporter.info(`${name} sheet ${sheet}: ${k} rows read`));
      return { ...convertedFile(path, format, encoding, bytes, sheet.converted, sheet.dest), sheet: sheet.sheet };
    } else {
      const detected = await detectEncoding(path, options.encoding);
      encoding = detected;
      const bar = reporter.progress(bytes, `${name}: reading JSON Lines`);
      let done = 0;
      converted = await jsonlToCsv(path, detected, dest, (n) => bar.update((done += n)));
      bar.stop();
    }
    return convertedFile(path, format, encoding, bytes, converted, dest);
  }
  // Parquet: DuckDB reads it; every top-level column is cast to text (a nested one becomes its
  // text form) so that one set of rules applies.
  const readPath = await plainPath(path, temp, '.parquet');
  const schema = await options.db
    .all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${lit(readPath)})`)
    .catch((err: unknown) => {
      throw unreadableFile(path, err);
    });
  const headers = schema.map((s) => s.column_name);
  const casts = schema.map((s, i) => `${parquetText(q(s.column_name), s.column_type)} AS ${q(`c${i}`)}`);
  return {
    format,
    encoding: null,
    bytes,
    headers,
    stageSql: [
      `CREATE OR REPLACE TEMP TABLE gs_stage AS
       SELECT file_row_number + 1 AS __line, ${casts.join(', ')}
       FROM read_parquet(${lit(readPath)}, file_row_number = true) ORDER BY file_row_number`,
    ],
    hasNewlineCount: false,
    lineExpr: 's.__line',
    scanRejectsSql: undefined,
    convertedRejects: [],
    cellColumns: undefined,
  };
}

/**
 * A Parquet column as text. Timestamps are written to the second, as the date rules read them (a
 * fraction of a second made every row a reject); an instant (TIMESTAMP WITH TIME ZONE) is written
 * in China time, UTC+8 (no daylight saving since 1991), so it falls on its UTC+8 calendar date.
 */
function parquetText(column: string, type: string): string {
  if (/^TIMESTAMP WITH TIME ZONE$/i.test(type)) return `strftime(make_timestamp(epoch_us(${column})) + INTERVAL 8 HOUR, '%Y-%m-%d %H:%M:%S')`;
  if (/^TIMESTAMP(_S|_MS|_NS)?$/i.test(type)) return `strftime(CAST(${column} AS TIMESTAMP), '%Y-%m-%d %H:%M:%S')`;
  return `CAST(${column} AS VARCHAR)`;
}

/**
 * A file converted to our staging CSV (a leading __line column): staged with every option pinned,
 * the record separator too — we write '\\n', and left to itself DuckDB takes a '\\r' inside the first
 * quoted value (a JSON "\\r" or an Excel cell's line break) for the file's line ending.
 */
function convertedFile(path: string, format: PreparedFile['format'], encoding: string | null, bytes: number, converted: Converted, dest: string): PreparedFile {
  if (converted.headers.length === 0) {
    throw inputError(`${path}: no header row or keys found: the file has no data`, 'Check that you named the right file or sheet.');
  }
  const names = stageNames(converted.headers.length);
  return {
    format,
    encoding,
    bytes,
    headers: converted.headers,
    stageSql: [
      `CREATE OR REPLACE TEMP TABLE gs_stage AS
       SELECT * FROM read_csv(${lit(dest)}, auto_detect = false, header = false,
         columns = ${columnsStruct(names, [['__line', 'BIGINT']])}, delim = ',', quote = '"', escape = '"',
         new_line = '\\n', max_line_size = ${MAX_LINE_SIZE}, strict_mode = true)`,
    ],
    hasNewlineCount: false,
    lineExpr: 's.__line',
    scanRejectsSql: undefined,
    convertedRejects: converted.rejects,
    cellColumns: converted.cellColumns,
    ...(converted.headerLines && (converted.headerLines.length > 1 || converted.headerLines[0] !== 1) ? { headerLines: converted.headerLines } : {}),
  };
}

/** The header of a CSV/TSV, found below title rows when there are any. */
async function findTextHeader(path: string, format: 'csv' | 'tsv', layout: LayoutOptions): Promise<{ found: FoundHeader; delimiter: string }> {
  const head = await readTextHead(path, format, layout.headerRow, HEADER_SEARCH_ROWS);
  return { found: findHeader(head.rows, layout.matcher, layout.where, layout.headerRow, head.ended), delimiter: head.delimiter };
}

/**
 * Workbook sheets already converted in this load, by temp folder and path: the first sheet asked
 * for converts every sheet the load will ask for, in one pass over the workbook.
 */
const workbooks = new WeakMap<TempFolder, Map<string, Promise<SheetResult[]>>>();

async function workbookSheet(
  path: string,
  options: PrepareOptions,
  dest: (sheet: string, index: number) => string,
  onRows: (sheet: string, n: number) => void,
): Promise<{ sheet: string; dest: string; converted: Converted }> {
  const sheet = options.sheet ?? (await workbookSheets(path))[0];
  if (sheet === undefined) throw inputError(`${options.layout?.where ?? path}: the workbook has no sheets`, 'Check that you named the right file.');
  const wanted = options.sheets?.includes(sheet) ? options.sheets : [sheet];
  let cache = workbooks.get(options.temp);
  if (!cache) workbooks.set(options.temp, (cache = new Map()));
  const key = `${path}\u0000${wanted.join('\u0000')}`;
  let pending = cache.get(key);
  // exceljs parks a sheet that comes before the shared strings in a file of the system temp folder
  // (the tmp package) and deletes it once read. Pointing TMPDIR at the load's own folder instead
  // made exceljs stop reading the zip after the parked sheets in some workbooks (the shared strings
  // and workbook.xml never came), so the copy stays where exceljs puts it: gone when the load ends,
  // left only by a load killed while it reads the workbook.
  if (!pending) cache.set(key, (pending = xlsxSheetsToCsv(path, wanted, dest, onRows, options.layout)));
  const result = (await pending).find((r) => r.sheet === sheet);
  if (!result) throw inputError(`${path}: sheet "${sheet}" could not be read`, 'Open it in Excel and save it again as .xlsx.');
  if ('error' in result) throw result.error;
  return result;
}

export const ingestIO: LoadIO = {
  ...projectIO,
  kind: (path) =>
    stat(path).then(
      (st) => (st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'special'),
      () => 'missing',
    ),
  scan: scanFile,
  makeTempFolder,
  prepare,
  workbookSheets: async (path) => ((await detectFormat(path)) === 'xlsx' ? workbookSheets(path) : undefined),
};
