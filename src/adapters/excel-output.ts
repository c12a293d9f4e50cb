// Workbooks grayscope writes from data (rejects --format xlsx, `export --format xlsx`; the
// returns' data sheets can reuse it): every value from the data is a text cell formatted as text (@),
// so nothing — not `=HYPERLINK(…)`, not its full-width twin ＝ — can become a formula, even when an
// officer edits the cell; numbers only in columns declared numeric; a bold, frozen header row,
// column widths, and fixed workbook dates so the same rows give the same cells.
import { dirname } from 'node:path';
import { mkdir } from 'node:fs/promises';

export interface OutputColumn {
  header: string;
  /** The row field the column shows. */
  key: string;
  /** Width in characters (CJK characters count about two). */
  width?: number;
  /** 'number': finite numbers stay numbers (line numbers, counts); anything else is written as text. */
  type?: 'text' | 'number';
}

export interface OutputSheet {
  name: string;
  columns: readonly OutputColumn[];
  /** Rows, or rows as they are read (export pages through a large model). */
  rows: Iterable<Readonly<Record<string, unknown>>> | AsyncIterable<Readonly<Record<string, unknown>>>;
}

export interface WorkbookOptions {
  creator?: string;
  /** The workbook's created/modified dates: fixed, so a file says nothing about when it was written. */
  date?: Date;
}

/** Excel's limit on the characters of one cell; longer text is cut (with …) rather than making a file Excel must repair. */
export const MAX_CELL_CHARS = 32_767;
export const FIXED_WORKBOOK_DATE = new Date(Date.UTC(2000, 0, 1));

// XML 1.0 cannot carry these; exceljs would write them as they are and the file would not open.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text a data value is written as: never a formula object, rich text or date, only a string. */
export function textCell(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  let text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  text = text.replace(NOT_XML, '\uFFFD');
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS - 1)}…` : text;
}

function cellValue(value: unknown, column: OutputColumn): string | number | undefined {
  if (column.type === 'number') {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'bigint') return Number(value);
  }
  return textCell(value);
}

/** A sheet name Excel accepts: no []:*?/\, at most 31 characters, not empty. */
export function sheetName(name: string): string {
  const clean = name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
  return clean === '' ? 'Sheet1' : clean;
}

/** Writes the workbook to `path` with exceljs' streaming writer (a large quarantine never sits in memory as cells). */
export async function writeDataWorkbook(path: string, sheets: readonly OutputSheet[], options: WorkbookOptions = {}): Promise<void> {
  const { loadExcelJS } = await import('./exceljs-utf8.js');
  const ExcelJS = loadExcelJS();
  await mkdir(dirname(path), { recursive: true });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: true });
  const date = options.date ?? FIXED_WORKBOOK_DATE;
  workbook.creator = options.creator ?? 'grayscope';
  workbook.lastModifiedBy = options.creator ?? 'grayscope';
  workbook.created = date;
  workbook.modified = date;
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(sheetName(spec.name), { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    sheet.columns = spec.columns.map((c) => ({ key: c.key, width: c.width ?? Math.max(10, Math.min(60, c.header.length + 4)) }));
    const header = sheet.addRow(spec.columns.map((c) => textCell(c.header)));
    header.font = { bold: true };
    header.eachCell((cell) => (cell.numFmt = '@'));
    header.commit();
    for await (const row of spec.rows) {
      const values = spec.columns.map((c) => cellValue(row[c.key], c));
      const added = sheet.addRow(values);
      values.forEach((v, i) => {
        if (typeof v === 'string') added.getCell(i + 1).numFmt = '@';
      });
      added.commit();
    }
    sheet.commit();
  }
  await workbook.commit();
}
