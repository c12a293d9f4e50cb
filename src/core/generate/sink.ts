// How the generator hands rows to the outside world without touching it: a DataSink opens table
// writers (CSV, TSV, XLSX, JSON Lines, Parquet) and writes small text files. The file-system sink
// lives in src/adapters/datafiles.ts; tests may pass an in-memory one.

export type Cell = string | number | Date | null;
export type FileFormat = 'csv' | 'tsv' | 'xlsx' | 'jsonl' | 'parquet';
export type FileEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

export interface TableSpec {
  /** Relative to the output folder. */
  path: string;
  format: FileFormat;
  encoding: FileEncoding;
  newline: '\n' | '\r\n';
  header: readonly string[];
  /** Parquet column types other than VARCHAR, by header name. */
  types?: Readonly<Record<string, 'DATE' | 'INTEGER'>>;
}

export interface TableWriter {
  /**
   * Buffers one row and returns where it starts by the file's convention: CSV/TSV the physical line
   * (header = line 1, embedded newlines counted), XLSX the sheet row (header = row 1), JSONL the line,
   * Parquet the 1-based data row.
   */
  writeRow(cells: readonly Cell[]): number;
  /** Lets buffered bytes reach the disk (backpressure); call every few thousand rows. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface DataSink {
  open(spec: TableSpec): Promise<TableWriter>;
  writeText(path: string, text: string): Promise<void>;
}
