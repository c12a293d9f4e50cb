// The workbook of a return (exceljs): the cover, one sheet per template sheet laid out as a Chinese
// statistical form (src/core/returns/layout.ts places every cell), the validation sheet, the
// amendments sheet of an amended version and the hidden manifest. Figures are numbers with number
// formats from their unit and decimals; totals are formulas with their computed values; only the
// input cells are unlocked (and tinted); every sheet is protected without a password (a password
// hash carries a random salt, and the same inputs must give the same bytes — the manifest's digest
// catches a figure changed after the build). Every text is written as a plain string, never a
// formula. exceljs stamps each zip entry with the current time, so the package is re-packed with
// fixed entry dates by the zip library exceljs itself uses (jszip).
import { createRequire } from 'node:module';
import type { Cell, Workbook, Worksheet } from 'exceljs';
import type { ReturnWorkbookInput } from '../core/returns/build.js';
import { formulaText } from '../core/returns/compute.js';
import { cellSpecs, type CellSpec, type Figure } from '../core/returns/document.js';
import {
  CODE_ROW, columnLetter, columnNumber, coverRow, FILING_TEXT, filingHeaderRow, filingRow, FIRST_VALUE_COLUMN, HEADER_ROWS, LABEL_ROW, rowNumber, sheetNames,
  VALIDATION_COLUMNS, VALIDATION_FIRST_ROW, VALIDATION_HEADER_ROW,
} from '../core/returns/layout.js';
import type { ReturnSheet } from '../core/returns/template.js';
import { FIXED_WORKBOOK_DATE, textCell } from './excel-output.js';
import { loadExcelJS } from './exceljs-utf8.js';

type Lang = 'zh' | 'en';
const INPUT_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } } as const;
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } } as const;
const THIN = { style: 'thin', color: { argb: 'FF999999' } } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Words of the fixed parts of the workbook. */
const WORDS = {
  zh: {
    form: '表号', body: '制定机关', period: '报告期', unit: '计量单位', version: '版本', entity: '填报单位', item: '项目', code: '代码',
    filing: ['表', '名称', '是否报送'], validation: '校验结果', validationHeader: ['规则', '级别', '结果', '说明', '单元格', '情况说明（填报人填写）'],
    amendments: '修订记录', reason: '修订原因', supersedes: '替代版本', amendHeader: ['表', '行代码', '行', '列代码', '列', '单元格', '原值', '新值'],
    draft: '草稿：有未通过的强制校验，不得报送', page: '第 &P 页，共 &N 页', fields: '封面项目',
  },
  en: {
    form: 'Form', body: 'Issued by', period: 'Period', unit: 'Unit', version: 'Version', entity: 'Reporting institution', item: 'Item', code: 'Code',
    filing: ['Sheet', 'Title', 'Reported'], validation: 'Validation', validationHeader: ['Rule', 'Severity', 'Status', 'Message', 'Cells', 'Explanation (by the filer)'],
    amendments: 'Amendments', reason: 'Reason', supersedes: 'Supersedes', amendHeader: ['Sheet', 'Row code', 'Row', 'Column code', 'Column', 'Cell', 'Old', 'New'],
    draft: 'DRAFT: blocking checks failed — not for filing', page: 'Page &P of &N', fields: 'Cover',
  },
} as const;

/** Display width of a text in Excel's character units: CJK and full-width characters count about two. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(ch) ? 2 : 1;
  return w;
}

/**
 * A figure column's width: a label of up to 20 units on one line, a longer one on two lines of about
 * equal length (never one character left over on the second); a CJK character is about 1.7 units of
 * Excel's width (the width of a digit) at the default size.
 */
function columnWidth(label: string, unit: string): number {
  const w = textWidth(label) * 0.85;
  const fit = w <= 17 ? Math.ceil(w) + 2 : Math.ceil(w / 2) + 3;
  return Math.min(30, Math.max(12, fit, unit === 'text' ? 40 : 0));
}

/** The workbook's font: what Chinese Excel and WPS use by default; LibreOffice substitutes its own. */
const FONT_NAME: Record<Lang, string> = { zh: '等线', en: 'Calibri' };

/** Every cell's font names the workbook font (a cell given only bold would otherwise fall back to a client's default, a serif in LibreOffice). */
function nameFonts(wb: Workbook, lang: Lang): void {
  for (const ws of wb.worksheets) ws.eachRow({ includeEmpty: false }, (row) => row.eachCell({ includeEmpty: false }, (cell) => (cell.font = { size: 11, ...cell.font, name: FONT_NAME[lang] })));
}

/** The number format of a figure: counts #,##0, amounts #,##0.00 (the template's decimals), shares 0.00% (decimals − 2 places of percent). */
export function numberFormat(unit: string, decimals: number): string {
  const places = (n: number) => (n > 0 ? `.${'0'.repeat(n)}` : '');
  if (unit === 'text') return '@';
  if (unit === 'share') return `0${places(Math.max(0, decimals - 2))}%`;
  if (unit === 'pp') return `0${places(decimals)}`;
  return `#,##0${places(decimals)}`;
}

/** A text into a cell: a plain string (never a formula, whatever it starts with), formatted as text. */
function putText(cell: Cell, value: unknown): void {
  const text = textCell(value);
  cell.value = text === undefined ? null : text;
  cell.numFmt = '@';
}

/** A header or footer text: & starts a code there, so a literal & is doubled. */
const hf = (s: string) => s.replace(/&/g, '&&');

function unlock(cell: Cell): void {
  cell.protection = { locked: false };
  cell.fill = INPUT_FILL;
}

async function protect(ws: Worksheet): Promise<void> {
  // No password: exceljs salts a password hash at random, and the same inputs must give the same bytes.
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
}

function printSetup(ws: Worksheet, wide: boolean, titles: string | undefined, form: string, name: string, lang: Lang): void {
  ws.pageSetup = { paperSize: 9, orientation: wide ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, ...(titles ? { printTitlesRow: titles } : {}) };
  ws.headerFooter = { oddHeader: `&L${hf(form)}&R${hf(name)}`, oddFooter: `&C${WORDS[lang].page}` };
}

function formLine(input: ReturnWorkbookInput, lang: Lang): string {
  const t = input.template;
  const w = WORDS[lang];
  const sep = lang === 'zh' ? '：' : ': ';
  const gap = lang === 'zh' ? '　' : '   ';
  return [`${w.form}${sep}${t.form_number}`, `${w.body}${sep}${t.issuing_body[lang]}`, `${w.period}${sep}${input.doc.period}`, `${w.version}${sep}v${input.doc.version}`].join(gap);
}

function coverSheet(wb: Workbook, input: ReturnWorkbookInput, lang: Lang): Worksheet {
  const { template: t, doc } = input;
  const w = WORDS[lang];
  const ws = wb.addWorksheet(sheetNames(lang).cover);
  ws.getColumn(1).width = 24;
  ws.getColumn(2).width = 48;
  ws.getColumn(3).width = 14;
  ws.mergeCells(1, 1, 1, 3);
  putText(ws.getCell(1, 1), t.title[lang]);
  ws.getCell(1, 1).font = { bold: true, size: 16 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.mergeCells(2, 1, 2, 3);
  putText(ws.getCell(2, 1), formLine(input, lang));
  if (input.draft) {
    // Row 3 is free in the layout: the draft note sits above the fields, in large red letters.
    ws.mergeCells(3, 1, 3, 3);
    putText(ws.getCell(3, 1), w.draft);
    ws.getCell(3, 1).font = { bold: true, size: 18, color: { argb: 'FFC00000' } };
    ws.getRow(3).height = 30;
  }
  for (const f of t.cover) {
    const r = coverRow(t, f.code);
    putText(ws.getCell(r, 1), f.label[lang]);
    ws.getCell(r, 1).font = { bold: true };
    putText(ws.getCell(r, 2), doc.cover[f.code] ?? null);
    unlock(ws.getCell(r, 2));
    for (const c of [1, 2]) ws.getCell(r, c).border = BORDER;
  }
  const h = filingHeaderRow(t);
  w.filing.forEach((text, i) => {
    putText(ws.getCell(h, i + 1), text);
    ws.getCell(h, i + 1).font = { bold: true };
    ws.getCell(h, i + 1).fill = HEADER_FILL;
  });
  for (const s of t.sheets) {
    const r = filingRow(t, s.code);
    putText(ws.getCell(r, 1), s.code);
    putText(ws.getCell(r, 2), s.title[lang]);
    putText(ws.getCell(r, 3), doc.filing[s.code] === false ? FILING_TEXT[lang].no : FILING_TEXT[lang].yes);
    unlock(ws.getCell(r, 3));
    for (const c of [1, 2, 3]) ws.getCell(r, c).border = BORDER;
  }
  printSetup(ws, false, undefined, t.form_number, sheetNames(lang).cover, lang);
  return ws;
}

/** PNG width and height from its IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

function dataSheet(wb: Workbook, input: ReturnWorkbookInput, sheet: ReturnSheet, specs: CellSpec[], lang: Lang): Worksheet {
  const { template: t, doc } = input;
  const w = WORDS[lang];
  const ws = wb.addWorksheet(sheet.code, { views: [{ state: 'frozen', xSplit: FIRST_VALUE_COLUMN - 1, ySplit: HEADER_ROWS, topLeftCell: `${columnLetter(FIRST_VALUE_COLUMN)}${HEADER_ROWS + 1}`, activeCell: 'A1' }] });
  const last = FIRST_VALUE_COLUMN + sheet.columns.length - 1;
  const sep = lang === 'zh' ? '：' : ': ';
  ws.mergeCells(1, 1, 1, last);
  putText(ws.getCell(1, 1), `${t.title[lang]} — ${sheet.code} ${sheet.title[lang]}`);
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.mergeCells(2, 1, 2, last);
  putText(ws.getCell(2, 1), `${formLine(input, lang)}${lang === 'zh' ? '　' : '   '}${w.unit}${sep}${doc.cover.unit_note ?? ''}`);
  ws.mergeCells(3, 1, 3, last);
  putText(ws.getCell(3, 1), `${w.entity}${sep}${doc.cover.entity_name ?? ''}`);
  putText(ws.getCell(LABEL_ROW, 1), w.item);
  putText(ws.getCell(LABEL_ROW, 2), w.code);
  sheet.columns.forEach((c, i) => {
    putText(ws.getCell(LABEL_ROW, FIRST_VALUE_COLUMN + i), c.label[lang]);
    putText(ws.getCell(CODE_ROW, FIRST_VALUE_COLUMN + i), c.code);
  });
  for (let c = 1; c <= last; c++) {
    for (const r of [LABEL_ROW, CODE_ROW]) {
      const cell = ws.getCell(r, c);
      cell.font = { bold: r === LABEL_ROW };
      cell.fill = HEADER_FILL;
      cell.border = BORDER;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    }
  }
  for (const row of sheet.rows) {
    const r = rowNumber(sheet, row.code);
    putText(ws.getCell(r, 1), row.label[lang]);
    ws.getCell(r, 1).alignment = { indent: row.indent ?? 0 };
    if (!row.indent) ws.getCell(r, 1).font = { bold: true };
    putText(ws.getCell(r, 2), row.code);
    ws.getCell(r, 2).alignment = { horizontal: 'center' };
    for (let c = 1; c <= last; c++) ws.getCell(r, c).border = BORDER;
  }
  for (const spec of specs) {
    const cell = ws.getCell(rowNumber(sheet, spec.row), columnNumber(sheet, spec.col));
    writeFigure(cell, sheet, spec, doc.values[spec.key] ?? null);
  }
  // Widths: labels as long as the longest (with its indent), figure columns wide enough for their label over about two lines.
  ws.getColumn(1).width = Math.min(50, Math.max(12, ...sheet.rows.map((r) => textWidth(r.label[lang]) + 2 * (r.indent ?? 0) + 2)));
  ws.getColumn(2).width = 8;
  sheet.columns.forEach((c, i) => (ws.getColumn(FIRST_VALUE_COLUMN + i).width = columnWidth(c.label[lang], c.unit)));
  ws.getRow(LABEL_ROW).height = 32;
  // The form and entity lines wrap within the table's width (a narrow sheet printed upright would cut them).
  let span = 0;
  for (let c = 1; c <= last; c++) span += ws.getColumn(c).width ?? 9;
  for (const r of [2, 3]) {
    const lines = Math.ceil((textWidth(String(ws.getCell(r, 1).value ?? '')) * 0.85) / span);
    if (lines > 1) {
      ws.getCell(r, 1).alignment = { wrapText: true, vertical: 'top' };
      ws.getRow(r).height = 15 * lines + 2;
    }
  }
  // Charts below the table, one under the other, at half their pixel size (they are drawn at scale 2).
  let top = HEADER_ROWS + sheet.rows.length + 2;
  for (const image of input.images[sheet.code] ?? []) {
    const size = pngSize(image.png);
    const id = wb.addImage({ buffer: Buffer.from(image.png) as unknown as import('exceljs').Buffer, extension: 'png' });
    const width = size.width / 2;
    const height = size.height / 2;
    ws.addImage(id, { tl: { col: 0, row: top - 1 }, ext: { width, height }, editAs: 'oneCell' });
    top += Math.ceil(height / 20) + 2;
  }
  printSetup(ws, sheet.columns.length > 4, `1:${HEADER_ROWS}`, t.form_number, sheet.code, lang);
  return ws;
}

function writeFigure(cell: Cell, sheet: ReturnSheet, spec: CellSpec, value: Figure): void {
  cell.numFmt = numberFormat(spec.unit, spec.decimals);
  if (spec.kind === 'input') {
    putText(cell, value);
    if (spec.unit !== 'text') cell.numFmt = numberFormat(spec.unit, spec.decimals);
    cell.alignment = { wrapText: true, vertical: 'top' };
    unlock(cell);
    return;
  }
  if (spec.kind === 'formula') {
    const f = (spec.cell as { formula: Parameters<typeof formulaText>[3] }).formula;
    // IF(…,"",…) yields an empty text where the value is empty: the cached result says the same.
    cell.value = { formula: formulaText(sheet, spec.row, spec.col, f), result: typeof value === 'number' ? value : '' } as import('exceljs').CellFormulaValue;
    cell.font = { bold: true };
  } else if (typeof value === 'number') {
    cell.value = value;
  } else if (value === null) {
    cell.value = null; // empty (a pending binding, a quarter the data does not reach), with its column's format
  } else {
    putText(cell, value);
    if (spec.unit === 'text') cell.alignment = { wrapText: true, vertical: 'top' };
  }
  cell.protection = { locked: true };
}

function validationSheet(wb: Workbook, input: ReturnWorkbookInput, lang: Lang): Worksheet {
  const w = WORDS[lang];
  const ws = wb.addWorksheet(sheetNames(lang).validation, { views: [{ state: 'frozen', ySplit: VALIDATION_HEADER_ROW }] });
  putText(ws.getCell(1, 1), `${w.validation} — ${input.template.title[lang]} ${input.doc.period} v${input.doc.version}`);
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  const C = VALIDATION_COLUMNS;
  const order = [C.id, C.severity, C.status, C.message, C.cells, C.explanation];
  order.forEach((col, i) => {
    const cell = ws.getCell(VALIDATION_HEADER_ROW, col);
    putText(cell, w.validationHeader[i]);
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
  });
  input.checks.rules.forEach((rule, i) => {
    const r = VALIDATION_FIRST_ROW + i;
    putText(ws.getCell(r, C.id), rule.id);
    putText(ws.getCell(r, C.severity), rule.severity);
    putText(ws.getCell(r, C.status), rule.status);
    putText(ws.getCell(r, C.message), rule.reason ? `${rule.message} (${rule.reason})` : rule.message);
    putText(ws.getCell(r, C.cells), rule.cells.map((c) => (c.previous ? `prev(${c.address})` : c.address)).join(', '));
    putText(ws.getCell(r, C.explanation), rule.explanation ?? null);
    unlock(ws.getCell(r, C.explanation));
    if (rule.status === 'fail') ws.getCell(r, C.status).font = { bold: true, color: { argb: rule.severity === 'blocking' ? 'FFC00000' : 'FF9C5700' } };
    for (const col of order) {
      ws.getCell(r, col).border = BORDER;
      ws.getCell(r, col).alignment = { wrapText: true, vertical: 'top' };
    }
  });
  const widths = { [C.id]: 12, [C.severity]: 10, [C.status]: 14, [C.message]: 50, [C.cells]: 30, [C.explanation]: 40 };
  for (const [col, width] of Object.entries(widths)) ws.getColumn(Number(col)).width = width;
  printSetup(ws, true, `1:${VALIDATION_HEADER_ROW}`, input.template.form_number, sheetNames(lang).validation, lang);
  return ws;
}

function amendmentsSheet(wb: Workbook, input: ReturnWorkbookInput, lang: Lang): void {
  const a = input.amendment;
  if (!a) return;
  const w = WORDS[lang];
  const sep = lang === 'zh' ? '：' : ': ';
  const ws = wb.addWorksheet(sheetNames(lang).amendments, { views: [{ state: 'frozen', ySplit: 5 }] });
  putText(ws.getCell(1, 1), `${w.amendments} — ${input.template.title[lang]} ${input.doc.period} v${input.doc.version}`);
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  putText(ws.getCell(2, 1), `${w.reason}${sep}${a.reason}`);
  putText(ws.getCell(3, 1), `${w.supersedes}${sep}v${a.supersedes} (sha256 ${a.supersedes_sha256})`);
  w.amendHeader.forEach((text, i) => {
    putText(ws.getCell(5, i + 1), text);
    ws.getCell(5, i + 1).font = { bold: true };
    ws.getCell(5, i + 1).fill = HEADER_FILL;
  });
  a.changes.forEach((c, i) => {
    const r = 6 + i;
    [c.sheet, c.row, c.row_label, c.col, c.col_label, `${c.sheet}!${c.address}`].forEach((v, k) => putText(ws.getCell(r, k + 1), v));
    for (const [k, v] of [[7, c.old], [8, c.new]] as const) {
      if (typeof v === 'number') ws.getCell(r, k).value = v;
      else putText(ws.getCell(r, k), v);
    }
  });
  [8, 8, 24, 10, 24, 12, 16, 16].forEach((width, i) => (ws.getColumn(i + 1).width = width));
  printSetup(ws, true, '1:5', input.template.form_number, sheetNames(lang).amendments, lang);
}

function manifestSheet(wb: Workbook, input: ReturnWorkbookInput): Worksheet {
  // 'hidden', not 'veryHidden': LibreOffice saves a very hidden sheet back as merely hidden, so a
  // return that went through it would differ from one that did not.
  const ws = wb.addWorksheet(sheetNames(input.doc.lang).manifest, { state: 'hidden' });
  input.manifest.forEach(([key, value], i) => {
    putText(ws.getCell(i + 1, 1), key);
    if (typeof value === 'number') ws.getCell(i + 1, 2).value = value;
    else putText(ws.getCell(i + 1, 2), value);
  });
  ws.getColumn(1).width = 24;
  ws.getColumn(2).width = 70;
  return ws;
}

/** The workbook of a return as bytes: the same input gives the same bytes. */
export async function returnWorkbook(input: ReturnWorkbookInput): Promise<Uint8Array> {
  const ExcelJS = loadExcelJS();
  const lang = input.doc.lang;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'grayscope';
  wb.lastModifiedBy = 'grayscope';
  wb.created = FIXED_WORKBOOK_DATE;
  wb.modified = FIXED_WORKBOOK_DATE;
  const specs = cellSpecs(input.template);
  const sheets: Worksheet[] = [coverSheet(wb, input, lang)];
  for (const s of input.template.sheets) sheets.push(dataSheet(wb, input, s, specs.filter((c) => c.sheet === s.code), lang));
  sheets.push(validationSheet(wb, input, lang));
  amendmentsSheet(wb, input, lang);
  manifestSheet(wb, input);
  nameFonts(wb, lang);
  for (const ws of wb.worksheets) await protect(ws);
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  return repack(new Uint8Array(await wb.xlsx.writeBuffer()));
}

/** The same package with every zip entry dated FIXED_WORKBOOK_DATE (exceljs dates them now), in the same order. */
async function repack(bytes: Uint8Array): Promise<Uint8Array> {
  // exceljs's own zip library: the one that wrote the package, so no second zip implementation.
  const JSZip = createRequire(createRequire(import.meta.url).resolve('exceljs'))('jszip') as typeof import('jszip');
  const zip = await JSZip.loadAsync(bytes);
  const out = new JSZip();
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue;
    out.file(name, await entry.async('uint8array'), { date: FIXED_WORKBOOK_DATE, createFolders: false });
  }
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}
