// Human-readable renderings of command results (the --json form is the result object itself).
import type { LoadResult } from './core/ingest/load.js';

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
