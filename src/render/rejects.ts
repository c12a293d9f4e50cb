// `grayscope rejects` for people: the quarantine as a clipped table, as formula-safe CSV for a
// spreadsheet (UTF-8 with a BOM, which Excel needs to read Chinese), as the JSON document (--format
// json without --json), or as the sheet of an XLSX workbook (written by adapters/excel-output.ts).
import type { OutputSheet } from '../adapters/excel-output.js';
import type { RejectsResult } from '../core/inspect.js';
import { toSafeCsv, UTF8_BOM } from '../core/safe-csv.js';
import { count } from './format.js';
import { table } from './table.js';

export type RejectsFormat = 'table' | 'csv' | 'json' | 'xlsx';

/** The columns of the CSV (on stdout or in a file). */
export const CSV_COLUMNS = ['source', 'file', 'line', 'column', 'cell', 'reason', 'original'];

export function renderRejects(r: RejectsResult, format: RejectsFormat, limit: number): string {
  if (format === 'json') return JSON.stringify(r, null, 2);
  if (format === 'csv') return UTF8_BOM + toSafeCsv(CSV_COLUMNS, r.rejects as unknown as Array<Record<string, unknown>>);
  if (r.total === 0) return 'No quarantined rows.';
  const shown = r.rejects.slice(0, limit);
  const clip = (s: string | null, w: number) => (s === null ? '' : s.length > w ? `${s.slice(0, w - 1)}…` : s).replace(/[\r\n]+/g, ' ');
  const out = table(
    ['file', 'line', 'column', 'reason', 'original'],
    shown.map((x) => [`${x.file}`, x.cell ?? x.line, x.column ?? (x.column_number ? `#${x.column_number}` : ''), clip(x.reason, 70), clip(x.original, 40)]),
  );
  return r.total > shown.length ? `${out}\n… ${count(r.total - shown.length)} more (use --format csv or --json for all)` : out;
}

/** The quarantine as one workbook sheet: the CSV's columns, the line a number, everything else text. */
export function rejectsSheet(r: RejectsResult): OutputSheet {
  return {
    name: r.source ? `rejects_${r.source}` : 'rejects',
    columns: [
      { header: 'source', key: 'source', width: 12 },
      { header: 'file', key: 'file', width: 32 },
      { header: 'line', key: 'line', width: 8, type: 'number' },
      { header: 'column', key: 'column', width: 16 },
      { header: 'cell', key: 'cell', width: 8 },
      { header: 'reason', key: 'reason', width: 70 },
      { header: 'original', key: 'original', width: 90 },
    ],
    rows: r.rejects as unknown as Array<Record<string, unknown>>,
  };
}

/** The line `rejects --out FILE` prints instead of the rows. */
export function renderRejectsWritten(r: RejectsResult, out: string): string {
  return `Wrote ${count(r.total)} quarantined row${r.total === 1 ? '' : 's'} to ${out}.`;
}
