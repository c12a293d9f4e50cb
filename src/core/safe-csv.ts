// The formula-safe CSV writer: every CSV grayscope writes (rejects --format csv, export --format csv,
// Excel returns' CSV twins later) goes through it, so no text from the data can become a spreadsheet
// formula.

/** Excel on a Chinese Windows reads a CSV without a byte-order mark as GBK: the BOM makes it read UTF-8. */
export const UTF8_BOM = '\uFEFF';

/**
 * A CSV cell that no spreadsheet will run: text starting with = + - @ (or a tab/CR that Excel
 * strips before them, or the full-width ＝ ＋ － ＠ that an East Asian Excel reads as the same) is
 * prefixed with an apostrophe, as OWASP advises for CSV injection. A JavaScript number is written
 * as it is (-1.5e-7 is a number to Excel, not a formula).
 */
export function safeCsvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  let text = String(value);
  if (/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (without its CRLF) of the row's values under `headers`. */
export function safeCsvLine(headers: readonly string[], row: Readonly<Record<string, unknown>>): string {
  return headers.map((h) => safeCsvCell(row[h])).join(',');
}

/** The header line (without its CRLF). */
export function safeCsvHeader(headers: readonly string[]): string {
  return headers.map(safeCsvCell).join(',');
}

export function toSafeCsv(headers: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  const lines = [safeCsvHeader(headers)];
  for (const row of rows) lines.push(safeCsvLine(headers, row));
  return `${lines.join('\r\n')}\r\n`;
}
