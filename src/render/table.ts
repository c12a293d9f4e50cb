// The terminal table of human output: left-aligned columns two spaces apart, CJK characters counted
// as two columns wide so Chinese cells line up; the last column is not padded.

export type Cell = string | number | null;

export function table(headers: string[], rows: Array<Cell[]>): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '' : String(c))))];
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uFFFF]/.test(ch) ? 2 : 1), 0);
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  return cells
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c)))).join('  '))
    .join('\n');
}
