// The export files port: how `grayscope export` (core/export.ts) writes its file without touching
// the file system itself. src/adapters/export-file.ts is the real one. A file is written beside its
// target under a temporary name and renamed onto it at the end, so a failed export leaves no half
// file (and an existing file as it was); a finished one replaces it, as `rejects --out` does.
import type { ExportColumn } from '../export-cells.js';

export type RowFormat = 'csv' | 'json' | 'xlsx';

export interface ExportTable {
  /** The name the table is exported under (the JSON document's name, the workbook sheet's). */
  name: string;
  columns: readonly ExportColumn[];
  rows: AsyncIterable<Record<string, unknown>>;
}

export interface ExportFiles {
  isDirectory(path: string): boolean;
  /** Creates the target's folder; returns the temporary path to write to. */
  begin(path: string): Promise<string>;
  /** Renames the temporary file onto the target. */
  commit(temp: string, path: string): Promise<void>;
  /** Removes the temporary file (after a failure). */
  abort(temp: string): Promise<void>;
  write(temp: string, format: RowFormat, table: ExportTable): Promise<void>;
}
