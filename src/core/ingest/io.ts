// What loading needs from the outside world, as an interface: the CLI passes the real adapters
// (src/adapters/ingest-io.ts, on top of the project I/O); nothing in core/ingest touches the file
// system directly.
import type { Db } from '../ports/db.js';
import type { ProjectIO } from '../ports/project-io.js';
import type { Reporter } from '../reporter.js';
import type { HeaderMatcher } from './layout.js';

export interface ConvertedReject {
  line: number;
  reason: string;
  original: string;
  /** The cell (A12) when the reader knows it. */
  cell?: string;
}

/** A file made ready for staging: its header, and the SQL that stages it as text into gs_stage. */
export interface PreparedFile {
  format: 'csv' | 'tsv' | 'xlsx' | 'jsonl' | 'parquet';
  encoding: string | null;
  bytes: number;
  headers: string[];
  /** Statements that (re)create TEMP TABLE gs_stage with columns c0…cN (VARCHAR) and __line or __nl. */
  stageSql: string[];
  /** Whether gs_stage has __nl (newlines inside a record's fields) rather than __line. */
  hasNewlineCount: boolean;
  /** The line expression over staging alias s when no physical-line correction is needed. */
  lineExpr: string;
  /** SELECT ord, nl, column_name, column_idx, reason, original over the CSV reader's refused rows. */
  scanRejectsSql: string | undefined;
  convertedRejects: ConvertedReject[];
  cellColumns: string[] | undefined;
  /** The workbook sheet this came from (XLSX only). */
  sheet?: string;
  /** Physical line(s) of the header when it is not the first line (title rows above, two-row header). */
  headerLines?: number[];
}

/** How the header is found: the source's header matcher, --header-row, and the file as messages name it. */
export interface LayoutOptions {
  matcher: HeaderMatcher;
  headerRow: number | undefined;
  where: string;
}

export interface PrepareOptions {
  encoding: 'auto' | 'utf-8' | 'gb18030';
  /** The file has empty lines between records: stage it through the line-exact parser. */
  blankLines: boolean;
  /** A line is longer than a row may be: the line-exact parser too (it quarantines it at its line). */
  longLines?: boolean;
  /** A sheet name (XLSX), resolved through workbookSheets. */
  sheet: string | undefined;
  /** Every sheet of this workbook that this load prepares: read in one pass over the workbook. */
  sheets?: readonly string[];
  layout?: LayoutOptions;
  temp: TempFolder;
  reporter: Reporter;
  db: Db;
}

export interface TempFolder {
  path: string;
  file(name: string): string;
  remove(): Promise<void>;
}

/** The project I/O, and what reading data files needs besides. */
export interface LoadIO extends ProjectIO {
  /** 'special': a FIFO, socket or device: reading one can block for ever, so it is refused. */
  kind(path: string): Promise<'file' | 'directory' | 'special' | 'missing'>;
  /** sha256, and whether the file has empty lines between records (see files.ts). */
  scan(path: string): Promise<{ sha256: string; blankLines: boolean; longLines?: boolean }>;
  /** A private folder inside the project for converted copies of the input (see adapters/files.ts); stale ones are removed. */
  makeTempFolder(projectDir: string): Promise<TempFolder>;
  prepare(path: string, options: PrepareOptions): Promise<PreparedFile>;
  /** A workbook's sheet names in tab order; undefined for a file that is not a workbook. */
  workbookSheets(path: string): Promise<string[] | undefined>;
}
