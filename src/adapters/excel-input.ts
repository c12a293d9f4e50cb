// XLSX input: exceljs's streaming reader turns the first (or the named) sheet into a staging CSV
// with the sheet row number in front, so that the rest of loading is the same as for CSV.
import { inputError } from '../core/errors.js';
import { loadExcelJS } from './exceljs-utf8.js';
import { CsvWriter, columnLetters, type Converted } from './files.js';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Turns an exceljs cell value into the text a CSV would have held. */
export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const date = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const h = value.getUTCHours();
    const m = value.getUTCMinutes();
    const s = value.getUTCSeconds();
    return h || m || s ? `${date} ${pad(h)}:${pad(m)}:${pad(s)}` : date;
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('');
    if ('result' in v) return cellText(v.result);
    if ('formula' in v || 'sharedFormula' in v) return null;
    if ('text' in v) return cellText(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(value);
}

/** Values of a row as a dense array: exceljs leaves holes for empty cells. */
function rowValues(row: { values: unknown[] }): Array<string | null> {
  const values = row.values ?? [];
  return Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cellText(values[i + 1]));
}

async function sheetToCsv(ws: AsyncIterable<{ number: number; values: unknown[] }>, dest: string, onRows: (n: number) => void): Promise<Converted> {
  let headers: string[] | undefined;
  const writer = new CsvWriter(dest);
  const rejects: Converted['rejects'] = [];
  let rows = 0;
  const blank = (v: string | null) => v === null || v.trim() === '';
  for await (const row of ws) {
    const values = rowValues(row);
    if (values.every(blank)) continue;
    if (!headers) {
      headers = values.map((v) => (v ?? '').trim());
      continue;
    }
    const beyond = values.slice(headers.length).findIndex((v) => !blank(v));
    if (beyond >= 0) {
      // Like a CSV row with too many fields: a value with no header is quarantined, not dropped.
      rejects.push({
        line: row.number,
        reason: `malformed row: cell ${columnLetters(headers.length + beyond)}${row.number} has a value but its column has no header`,
        original: values.map((v) => v ?? '').join(','),
      });
      continue;
    }
    rows++;
    if (rows % 10_000 === 0) onRows(rows);
    await writer.row([String(row.number), ...headers.map((_, i) => values[i] ?? null)]);
  }
  await writer.close();
  return { headers: headers ?? [], rows, rejects, cellColumns: (headers ?? []).map((_, i) => columnLetters(i)) };
}

export async function xlsxToCsv(source: string, dest: string, sheet: string | undefined, onRows: (n: number) => void): Promise<Converted> {
  const ExcelJS = loadExcelJS();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    entries: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  let index = 0;
  const seen: string[] = [];
  let result: Converted | undefined;
  try {
    for await (const worksheet of reader) {
      index++;
      const ws = worksheet as unknown as { name?: string } & AsyncIterable<{ number: number; values: unknown[] }>;
      const name = ws.name ?? `Sheet${index}`;
      seen.push(name);
      if (result || (sheet !== undefined && sheet !== name && sheet !== String(index))) {
        // exceljs deletes a set-aside sheet's temp file once it is handed over: read it through.
        for await (const _row of ws) void _row;
        continue;
      }
      result = await sheetToCsv(ws, dest, onRows);
    }
  } catch (err) {
    throw inputError(`${source}: cannot read the workbook: ${(err as Error).message}`, 'Open it in Excel and save it again as .xlsx.');
  }
  if (!result) {
    throw inputError(
      `${source}: no sheet named "${sheet}"; the workbook has ${seen.map((s) => `"${s}"`).join(', ') || 'no sheets'}`,
      'Pass --sheet with one of those names or a 1-based sheet number.',
    );
  }
  return result;
}
