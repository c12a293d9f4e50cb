// The terminal table of human output: left-aligned columns two spaces apart, CJK characters counted
// as two columns wide so Chinese cells line up; the last column is not padded.

export type Cell = string | number | null;

/**
 * East Asian Wide and Fullwidth characters (Unicode UAX #11: Hangul Jamo, CJK and its punctuation,
 * Hangul syllables, compatibility ideographs, full-width forms): two columns in a terminal.
 * Ambiguous ones such as — and · take one column in the terminals grayscope is used in.
 */
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

export function table(headers: string[], rows: Array<Cell[]>): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '' : String(c))))];
  const width = (s: string) => [...s].reduce((w, ch) => w + (WIDE.test(ch) ? 2 : 1), 0);
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  return cells
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c)))).join('  '))
    .join('\n');
}
