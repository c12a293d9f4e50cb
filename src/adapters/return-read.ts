// Reads a return workbook with exceljs into plain cells (core/returns/read.ts's WorkbookCells): each
// cell's value, or a formula with its cached result and whether it has one (a file saved by a tool
// that does not calculate has none; an empty-text result reads as none too, and is recomputed).
// Anything exceljs cannot open — not a zip, a CSV renamed .xlsx, an encrypted workbook — is exit 3.
import { readFile } from 'node:fs/promises';
import { inputError } from '../core/errors.js';
import type { RawCell, WorkbookCells } from '../core/returns/read.js';
import { loadExcelJS } from './exceljs-utf8.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** A plain value (not a formula) as the core reads it: dates as YYYY-MM-DD, rich text joined, hyperlinks by their text. */
function plain(value: unknown): Pick<RawCell, 'value' | 'error'> {
  if (value === null || value === undefined) return { value: null };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { value: null };
    return { value: `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}` };
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { value };
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return { value: (v.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('') };
    if ('error' in v) return { value: null, error: String(v.error) };
    if ('text' in v) return plain(v.text);
  }
  return { value: String(value) };
}

/**
 * A cell as the core reads it. A formula's cached result is taken from the cell's model: exceljs's
 * `cell.value` drops a cached 0 (a falsy result), which would make a saved 0 look uncalculated.
 */
function rawCell(cell: { value: unknown; model: unknown }): RawCell {
  const model = cell.model as { formula?: string; sharedFormula?: string; result?: unknown };
  if (model.formula !== undefined || model.sharedFormula !== undefined) {
    const formula = String(model.formula ?? model.sharedFormula ?? '');
    if (model.result === undefined) return { value: null, formula, cached: false };
    return { ...plain(model.result), formula, cached: true };
  }
  return plain(cell.value);
}

/** The workbook's sheets and their non-empty cells. */
export async function readWorkbookCells(path: string, shown: string): Promise<WorkbookCells> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw inputError(`${shown} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'Check the path of the return.');
  }
  const ExcelJS = loadExcelJS();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
    const encrypted = bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    // An .xlsx is a zip archive ("PK"); the zip library's own words for a file that is not one name a web page.
    const zip = bytes.subarray(0, 2).toString('latin1') === 'PK';
    const reason = encrypted ? 'it is encrypted (password-protected) or an old .xls file' : zip ? why : 'it is not a zip archive, as every .xlsx is (a CSV or text file renamed?)';
    throw inputError(
      `${shown} is not a readable .xlsx workbook: ${reason}`,
      encrypted ? 'Save the return without a password to open (sheet protection is fine) as .xlsx, then validate it.' : 'Validate the .xlsx file grayscope return build wrote, or the copy the officer saved as .xlsx.',
    );
  }
  const sheets: WorkbookCells['sheets'] = [];
  wb.eachSheet((ws) => {
    const cells = new Map<string, RawCell>();
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        cells.set(cell.address, rawCell(cell));
      });
    });
    sheets.push({ name: ws.name, cells });
  });
  return { sheets };
}
