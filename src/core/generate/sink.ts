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
  /** XLSX written the way a bank's complaint system exports it (title rows, two-row header, footers, one sheet per month). */
  bank?: BankLayout;
}

/**
 * A bank's export: per sheet a title row, a 填报单位 row and a blank row, then a two-row header — a
 * 序号 column and the parents below merged over their data columns (a parent over one column is
 * merged down and names it; the header cell under it stays empty) over `header` — the records from
 * row 6, and a footer block: a 合计 row, a 注： row and a 制表人 row.
 */
export interface BankLayout {
  sheets: readonly string[];
  /** The title; {sheet} stands for the sheet name. */
  title: string;
  unit: string;
  parents: ReadonlyArray<{ label: string; from: number; to: number }>;
  /** The data column summed on the 合计 row. */
  amountColumn: number;
}

/** A footer row a bank layout wrote: where, and the text of its first cell. */
export interface FooterRow {
  sheet: string;
  line: number;
  text: string;
}

export interface TableWriter {
  /**
   * Buffers one row and returns where it starts by the file's convention: CSV/TSV the physical line
   * (header = line 1, embedded newlines counted), XLSX the sheet row (header = row 1), JSONL the line,
   * Parquet the 1-based data row.
   */
  writeRow(cells: readonly Cell[]): number;
  /** Bank layouts: the sheet the next rows go to (sheets are written one after the other). */
  selectSheet?(name: string): void;
  /** Bank layouts, after close: the footer rows written. */
  footers?(): FooterRow[];
  /** Lets buffered bytes reach the disk (backpressure); call every few thousand rows. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface DataSink {
  open(spec: TableSpec): Promise<TableWriter>;
  writeText(path: string, text: string): Promise<void>;
}
