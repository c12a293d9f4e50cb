// Human-readable renderings of command results (the --json form is the result object itself).
import type { RejectsResult } from './api.js';
import type { LoadResult } from './core/ingest/load.js';
import { type StatusResult, toSafeCsv } from './core/inspect.js';

const n = (x: number) => x.toLocaleString('en-US');

export function table(headers: string[], rows: Array<Array<string | number | null>>): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '' : String(c))))];
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uFFFF]/.test(ch) ? 2 : 1), 0);
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  return cells
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c)))).join('  '))
    .join('\n');
}

export function renderLoad(result: LoadResult): string {
  const rows = result.files.map((f) => [f.path, f.status, f.format, f.encoding ?? '', n(f.rows_read), n(f.rows_loaded), n(f.rows_rejected)]);
  const t = result.totals;
  const lines = [
    table(['file', 'status', 'format', 'encoding', 'read', 'loaded', 'quarantined'], rows),
    `${result.source}: ${n(t.rows_read)} rows read, ${n(t.rows_loaded)} loaded, ${n(t.rows_rejected)} quarantined.`,
  ];
  if (t.rows_rejected > 0) lines.push(`See them with: grayscope rejects ${result.source}`);
  return lines.join('\n');
}

export function renderStatus(s: StatusResult): string {
  if (!s.exists) return `No database yet at ${s.database}. Load data with: grayscope load complaints <file>`;
  const lines = [
    `database: ${s.database}`,
    '',
    table(
      ['source', 'rows', 'quarantined', 'first date', 'last date', 'periods'],
      s.sources.map((x) => [
        x.source,
        n(x.rows),
        n(x.quarantined),
        x.first_date,
        x.last_date,
        x.periods.length ? `${x.periods[0]!.period}…${x.periods[x.periods.length - 1]!.period} (${x.periods.length})` : '',
      ]),
    ),
  ];
  if (s.files.length) {
    lines.push('', table(['source', 'file', 'sha256', 'read', 'loaded', 'quarantined', 'loaded at'], s.files.map((f) => [f.source, f.path, `${f.sha256.slice(0, 12)}…`, n(f.rows_read), n(f.rows_loaded), n(f.rows_rejected), f.loaded_at])));
  }
  return lines.join('\n');
}

export function renderRejects(r: RejectsResult, format: 'table' | 'csv', limit: number): string {
  const headers = ['source', 'file', 'line', 'column', 'cell', 'reason', 'original'];
  if (format === 'csv') return toSafeCsv(headers, r.rejects as unknown as Array<Record<string, unknown>>);
  if (r.total === 0) return 'No quarantined rows.';
  const shown = r.rejects.slice(0, limit);
  const clip = (s: string | null, w: number) => (s === null ? '' : s.length > w ? `${s.slice(0, w - 1)}…` : s).replace(/[\r\n]+/g, ' ');
  const out = table(
    ['file', 'line', 'column', 'reason', 'original'],
    shown.map((x) => [`${x.file}`, x.cell ?? x.line, x.column ?? (x.column_number ? `#${x.column_number}` : ''), clip(x.reason, 70), clip(x.original, 40)]),
  );
  return r.total > shown.length ? `${out}\n… ${n(r.total - shown.length)} more (use --format csv or --json for all)` : out;
}
