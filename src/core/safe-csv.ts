// The formula-safe CSV writer: every CSV grayscope writes (rejects --format csv today, Excel returns'
// CSV twins later) goes through it, so no text from the data can become a spreadsheet formula.

/**
 * A CSV cell that no spreadsheet will run: text starting with = + - @ (or a tab/CR that Excel
 * strips before them, or the full-width ＝ ＋ － ＠ that an East Asian Excel reads as the same) is
 * prefixed with an apostrophe, as OWASP advises for CSV injection.
 */
export function safeCsvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toSafeCsv(headers: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  const lines = [headers.map(safeCsvCell).join(',')];
  for (const row of rows) lines.push(headers.map((h) => safeCsvCell(row[h])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
