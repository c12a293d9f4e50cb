// Where a return's cells sit in the workbook: one function of the template and the language, used
// by the writer (src/adapters/return-xlsx.ts) and the reader alike, so a cell is found again by its
// codes. Each template sheet is one worksheet named by its code (S01 …), laid out as a Chinese
// statistical form: title, 表号/制定机关/报告期/计量单位 line, the 填报单位 line, column labels,
// column codes, then one line per row code with the label in A, the row code in B and the figures
// from C. The cover, the validation and the amendment sheets have fixed layouts below, and the
// hidden manifest sheet holds key/value rows (manifest.ts).
import type { ReportLang } from '../reports/report-table.js';
import type { ReturnSheet, ReturnTemplate } from './template.js';

/** Rows above the first figure row of a data sheet: title, form line, entity line, labels, codes. */
export const HEADER_ROWS = 5;
/** Column of the first figure (C): A holds the row label, B the row code. */
export const FIRST_VALUE_COLUMN = 3;
/** The row of column labels and the row of column codes. */
export const LABEL_ROW = 4;
export const CODE_ROW = 5;

export interface SheetNames {
  cover: string;
  validation: string;
  amendments: string;
  /** Hidden: the run manifest and the digest of the built figures. */
  manifest: string;
  charts: string;
}

/** Worksheet names; data sheets are their codes (S01 …) in every language. */
export function sheetNames(lang: ReportLang): SheetNames {
  return lang === 'zh'
    ? { cover: '封面', validation: '校验结果', amendments: '修订记录', manifest: '_grayscope', charts: '图表' }
    : { cover: 'Cover', validation: 'Validation', amendments: 'Amendments', manifest: '_grayscope', charts: 'Charts' };
}

/** The names either language gives the fixed sheets: a reader accepts a return written in either. */
export const ANY_LANG_NAMES = { zh: sheetNames('zh'), en: sheetNames('en') } as const;

/** 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** The worksheet row (1-based) of a row code, and the worksheet column (1-based) of a column code. */
export function rowNumber(sheet: ReturnSheet, row: string): number {
  const i = sheet.rows.findIndex((r) => r.code === row);
  if (i < 0) throw new Error(`internal: ${sheet.code} has no row ${row}`);
  return HEADER_ROWS + 1 + i;
}

export function columnNumber(sheet: ReturnSheet, col: string): number {
  const i = sheet.columns.findIndex((c) => c.code === col);
  if (i < 0) throw new Error(`internal: ${sheet.code} has no column ${col}`);
  return FIRST_VALUE_COLUMN + i;
}

/** A1 address of a cell by codes: {S01, r010, c010} → C6. */
export function addressOf(sheet: ReturnSheet, row: string, col: string): string {
  return `${columnLetter(columnNumber(sheet, col))}${rowNumber(sheet, row)}`;
}

/** The cell as a reader of the workbook finds it: S01!C6. */
export function sheetAddress(t: ReturnTemplate, sheet: string, row: string, col: string): string {
  const s = t.sheets.find((x) => x.code === sheet);
  if (!s) throw new Error(`internal: no sheet ${sheet}`);
  return `${sheet}!${addressOf(s, row, col)}`;
}

// ---------------------------------------------------------------- the cover sheet

/** Cover: title in row 1, the form line in row 2, then one field a row from row 4: label in A, value in B. */
export const COVER_FIRST_ROW = 4;
export const coverRow = (t: ReturnTemplate, code: string): number => {
  const i = t.cover.findIndex((f) => f.code === code);
  if (i < 0) throw new Error(`internal: no cover field ${code}`);
  return COVER_FIRST_ROW + i;
};

/**
 * Filing indicators, below the cover fields after one blank row: a header row, then one row a sheet
 * (A the code, B the title, C reported: 是/否 or Yes/No).
 */
export const filingHeaderRow = (t: ReturnTemplate): number => COVER_FIRST_ROW + t.cover.length + 1;
export const filingRow = (t: ReturnTemplate, sheet: string): number => {
  const i = t.sheets.findIndex((s) => s.code === sheet);
  if (i < 0) throw new Error(`internal: no sheet ${sheet}`);
  return filingHeaderRow(t) + 1 + i;
};

/** How a filing indicator is written, and what a reader accepts back (an officer may type either language). */
export const FILING_TEXT: Record<ReportLang, { yes: string; no: string }> = { zh: { yes: '是', no: '否' }, en: { yes: 'Yes', no: 'No' } };
export function parseFiling(text: unknown): boolean | undefined {
  const s = String(text ?? '').trim().toLowerCase();
  if (['是', 'yes', 'y', 'true', '1', '报送'].includes(s)) return true;
  if (['否', 'no', 'n', 'false', '0', '不报送'].includes(s)) return false;
  return undefined;
}

// ---------------------------------------------------------------- the validation sheet

/** Validation: title in row 1, header in row 2, one rule a row from row 3. */
export const VALIDATION_HEADER_ROW = 2;
export const VALIDATION_FIRST_ROW = 3;
/** Columns of the validation sheet: A id, B severity, C status, D message, E cells, F explanation (the filer's, unlocked). */
export const VALIDATION_COLUMNS = { id: 1, severity: 2, status: 3, message: 4, cells: 5, explanation: 6 } as const;
