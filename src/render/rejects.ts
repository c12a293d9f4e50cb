// `grayscope rejects` for people: the quarantine as a clipped table, as formula-safe CSV for a
// spreadsheet, or as the JSON document (--format json without --json).
import type { RejectsResult } from '../core/inspect.js';
import { toSafeCsv } from '../core/safe-csv.js';
import { count } from './format.js';
import { table } from './table.js';

export type RejectsFormat = 'table' | 'csv' | 'json';

const CSV_COLUMNS = ['source', 'file', 'line', 'column', 'cell', 'reason', 'original'];

export function renderRejects(r: RejectsResult, format: RejectsFormat, limit: number): string {
  if (format === 'json') return JSON.stringify(r, null, 2);
  if (format === 'csv') return toSafeCsv(CSV_COLUMNS, r.rejects as unknown as Array<Record<string, unknown>>);
  if (r.total === 0) return 'No quarantined rows.';
  const shown = r.rejects.slice(0, limit);
  const clip = (s: string | null, w: number) => (s === null ? '' : s.length > w ? `${s.slice(0, w - 1)}…` : s).replace(/[\r\n]+/g, ' ');
  const out = table(
    ['file', 'line', 'column', 'reason', 'original'],
    shown.map((x) => [`${x.file}`, x.cell ?? x.line, x.column ?? (x.column_number ? `#${x.column_number}` : ''), clip(x.reason, 70), clip(x.original, 40)]),
  );
  return r.total > shown.length ? `${out}\n… ${count(r.total - shown.length)} more (use --format csv or --json for all)` : out;
}
