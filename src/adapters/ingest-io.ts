// The real LoadIO: reads files from disk, converts what DuckDB cannot read itself, and writes the
// read_csv / read_parquet staging statements with every option pinned (no sniffing, no guessing).
import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import { ensureProjectDirs } from '../core/project.js';
import type { LoadIO, PreparedFile, PrepareOptions } from '../core/ingest/io.js';
import { inputError } from '../core/errors.js';
import { openDatabase, quoteIdent as q, quoteLiteral as lit } from './duckdb.js';
import { xlsxToCsv } from './excel-input.js';
import {
  detectEncoding,
  detectFormat,
  fileSize,
  jsonlToCsv,
  makeTempFolder,
  readTextHeader,
  sha256File,
  transcodeToUtf8,
} from './files.js';

const MAX_LINE_SIZE = 16 * 1024 * 1024;

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

const SCAN_REJECTS = `SELECT line - 1 AS ord,
  length(t) - length(replace(t, chr(10), '')) AS nl,
  column_name,
  CAST(column_idx AS INTEGER) AS column_idx,
  CASE error_type
    WHEN 'TOO MANY COLUMNS' THEN 'malformed row: too many fields (' || error_message || ')'
    WHEN 'MISSING COLUMNS' THEN 'malformed row: too few fields (' || error_message || ')'
    WHEN 'UNQUOTED VALUE' THEN 'malformed row: a quote is not closed or text follows a closing quote'
    WHEN 'INVALID UNICODE' THEN 'the row has bytes that are not valid UTF-8 (is the file in another encoding? try --encoding gb18030)'
    WHEN 'LINE SIZE OVER MAXIMUM' THEN 'malformed row: longer than ${MAX_LINE_SIZE} bytes (an unclosed quote?)'
    ELSE lower(error_type) || ': ' || error_message
  END AS reason,
  t AS original
FROM (
  SELECT DISTINCT ON (line) line, column_name, column_idx, error_type, error_message,
    trim(coalesce(csv_line, ''), chr(13) || chr(10)) AS t
  FROM gs_rej_errors ORDER BY line, column_idx
)`;

async function prepare(path: string, options: PrepareOptions): Promise<PreparedFile> {
  const format = await detectFormat(path);
  const bytes = await fileSize(path);
  const { temp, reporter } = options;
  const name = basename(path);
  if (format === 'csv' || format === 'tsv') {
    const encoding = await detectEncoding(path, options.encoding);
    let readPath = path;
    if (encoding === 'gb18030') {
      readPath = temp.file(`${name}.utf8.csv`);
      const bar = reporter.progress(bytes, `${name}: GB18030 → UTF-8`);
      let done = 0;
      await transcodeToUtf8(path, readPath, (n) => bar.update((done += n)));
      bar.stop();
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
      scanRejectsSql: SCAN_REJECTS,
      convertedRejects: [],
      cellColumns: undefined,
    };
  }
  if (format === 'xlsx' || format === 'jsonl') {
    const dest = temp.file(`${name}.stage.csv`);
    let converted;
    if (format === 'xlsx') {
      converted = await xlsxToCsv(path, dest, options.sheet, (n) => reporter.info(`${name}: ${n} rows read`));
    } else {
      const encoding = await detectEncoding(path, options.encoding);
      const bar = reporter.progress(bytes, `${name}: reading JSON Lines`);
      let done = 0;
      converted = await jsonlToCsv(path, encoding, dest, (n) => bar.update((done += n)));
      bar.stop();
    }
    if (converted.headers.length === 0) {
      throw inputError(`${path}: no header row or keys found: the file has no data`, 'Check that you named the right file or sheet.');
    }
    const names = stageNames(converted.headers.length);
    return {
      format,
      encoding: format === 'jsonl' ? 'utf-8' : null,
      bytes,
      headers: converted.headers,
      stageSql: [
        `CREATE OR REPLACE TEMP TABLE gs_stage AS
         SELECT * FROM read_csv(${lit(dest)}, auto_detect = false, header = false,
           columns = ${columnsStruct(names, [['__line', 'BIGINT']])}, delim = ',', quote = '"', escape = '"',
           max_line_size = ${MAX_LINE_SIZE}, strict_mode = true)`,
      ],
      hasNewlineCount: false,
      lineExpr: 's.__line',
      scanRejectsSql: undefined,
      convertedRejects: converted.rejects,
      cellColumns: converted.cellColumns,
    };
  }
  // Parquet: DuckDB reads it; every column is cast to text so that one set of rules applies.
  let schema: Array<{ name: string }>;
  try {
    schema = await options.db.all<{ name: string }>(
      `SELECT name FROM parquet_schema(${lit(path)}) WHERE num_children IS NULL OR num_children = 0`,
    );
  } catch (err) {
    throw inputError(`${path}: cannot read the Parquet file: ${(err as Error).message}`, 'Check that the file is complete and really Parquet.');
  }
  const headers = schema.map((s) => s.name);
  const casts = headers.map((h, i) => `CAST(${q(h)} AS VARCHAR) AS ${q(`c${i}`)}`);
  return {
    format,
    encoding: null,
    bytes,
    headers,
    stageSql: [
      `CREATE OR REPLACE TEMP TABLE gs_stage AS
       SELECT file_row_number + 1 AS __line, ${casts.join(', ')}
       FROM read_parquet(${lit(path)}, file_row_number = true) ORDER BY file_row_number`,
    ],
    hasNewlineCount: false,
    lineExpr: 's.__line',
    scanRejectsSql: undefined,
    convertedRejects: [],
    cellColumns: undefined,
  };
}

export const ingestIO: LoadIO = {
  exists: (path) =>
    access(path).then(
      () => true,
      () => false,
    ),
  sha256: sha256File,
  ensureProjectDirs,
  openDatabase,
  makeTempFolder,
  prepare,
};
