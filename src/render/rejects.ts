// `grayscope rejects` for people: the quarantine as a clipped table, as formula-safe CSV for a
// spreadsheet (UTF-8 with a BOM, which Excel needs to read Chinese), as the JSON document (--format
// json without --json), or as the sheet of an XLSX workbook (written by adapters/excel-output.ts).
import type { OutputSheet } from '../adapters/excel-output.js';
import type { RejectsResult } from '../core/inspect.js';
import { toSafeCsv, UTF8_BOM } from '../core/safe-csv.js';
import { count, type Lang } from './format.js';
import { table } from './table.js';

export type RejectsFormat = 'table' | 'csv' | 'json' | 'xlsx';

// The table's words; the CSV, XLSX and JSON keep their English column names, which other tools read.
const WORDS = {
  zh: {
    none: '没有被隔离的行。',
    headers: ['文件', '行号', '列名', '原因', '原文'],
    more: (n: number) => `… 另有 ${count(n)} 行（全部行请用 --format csv 或 --json）`,
    wrote: (n: number, out: string) => `已将 ${count(n)} 行隔离数据写入 ${out}。`,
  },
  en: {
    none: 'No quarantined rows.',
    headers: ['file', 'line', 'column', 'reason', 'original'],
    more: (n: number) => `… ${count(n)} more (use --format csv or --json for all)`,
    wrote: (n: number, out: string) => `Wrote ${count(n)} quarantined row${n === 1 ? '' : 's'} to ${out}.`,
  },
} as const;

/** The columns of the CSV (on stdout or in a file). */
export const CSV_COLUMNS = ['source', 'file', 'line', 'column', 'cell', 'reason', 'original'];

export function renderRejects(r: RejectsResult, format: RejectsFormat, limit: number, lang: Lang = 'en'): string {
  if (format === 'json') return JSON.stringify(r, null, 2);
  if (format === 'csv') return UTF8_BOM + toSafeCsv(CSV_COLUMNS, r.rejects as unknown as Array<Record<string, unknown>>);
  const w = WORDS[lang];
  if (r.total === 0) return w.none;
  const shown = r.rejects.slice(0, limit);
  const clip = (s: string | null, w: number) => (s === null ? '' : s.length > w ? `${s.slice(0, w - 1)}…` : s).replace(/[\r\n]+/g, ' ');
  const out = table(
    [...w.headers],
    shown.map((x) => [`${x.file}`, x.cell ?? x.line, x.column ?? (x.column_number ? `#${x.column_number}` : ''), clip(x.reason, 70), clip(x.original, 40)]),
  );
  return r.total > shown.length ? `${out}\n${w.more(r.total - shown.length)}` : out;
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
export function renderRejectsWritten(r: RejectsResult, out: string, lang: Lang = 'en'): string {
  return WORDS[lang].wrote(r.total, out);
}
