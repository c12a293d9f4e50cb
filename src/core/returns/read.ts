// Reads a return back from its workbook (issue 13): `return validate` and `return export` both start
// here. The workbook arrives as plain cells (src/adapters/return-read.ts reads it with exceljs), so
// this module is pure: it finds the hidden manifest, the template and version it names, and every
// cell where layout.ts puts it — including a return an officer saved in Excel, WPS or LibreOffice,
// where formulas may lack their cached values (recomputed from the template) and figures may be text.
import { inputError } from '../errors.js';
import type { CheckResult } from './compute.js';
import { computeFormulas } from './compute.js';
import { type CellKey, cellSpecs, type Figure, type ReturnDocument } from './document.js';
import type { TemplateFile } from './discover.js';
import { addressOf, ANY_LANG_NAMES, columnLetter, coverRow, filingRow, parseFiling, VALIDATION_COLUMNS, VALIDATION_FIRST_ROW } from './layout.js';
import { type Manifest, ManifestError, parseManifest } from './manifest.js';
import type { ReturnTemplate, TemplateOrigin } from './template.js';

/** One cell as a spreadsheet client saved it: its value (or cached formula result), its formula. */
export interface RawCell {
  /** Text, number or boolean; a date as YYYY-MM-DD; null when empty or when a formula has no cached result. */
  value: string | number | boolean | null;
  /** The formula without its leading =, when the cell holds one. */
  formula?: string;
  /** A formula cell whose cached result is there (false: saved by a tool that does not calculate). */
  cached?: boolean;
  /** An error value (#DIV/0!, #REF!) instead of a value. */
  error?: string;
}

/** A workbook as cells: sheets in order, each a map from A1 address to cell. */
export interface WorkbookCells {
  sheets: Array<{ name: string; cells: ReadonlyMap<string, RawCell> }>;
}

/** What reading a return found: the template, the manifest, the document, and what could not be read. */
export interface ReadReturn {
  template: ReturnTemplate;
  origin: TemplateOrigin;
  manifest: Manifest;
  doc: ReturnDocument;
  /** Cells that could not be read (a text in a figure cell, an unparseable filing indicator, a missing sheet): blocking results. */
  problems: CheckResult[];
  /** Formula cells recomputed from the template because the workbook carried no cached value (those with a value). */
  recomputed: Array<{ key: CellKey; address: string }>;
}

/** The templates a return may name: the project's (which replace the shipped ones by id) and the shipped ones. */
export function findTemplate(candidates: readonly TemplateFile[], id: string, version: number, file: string): TemplateFile {
  const found = candidates.find((c) => c.template.id === id && c.template.version === version);
  if (found) return found;
  const known = [...new Set(candidates.map((c) => `${c.template.id} v${c.template.version} (${c.origin})`))].sort().join(', ') || 'none';
  const sameId = candidates.some((c) => c.template.id === id);
  throw inputError(
    `${file} is a return of template ${id} version ${version}, which ${sameId ? 'neither the project nor grayscope has in that version' : 'is not a template the project or grayscope has'} (templates: ${known})`,
    sameId
      ? `Put version ${version} of the template ${id} in the project's reports/returns/ to validate this return, or build the return again with the current template.`
      : `Put the template ${id} (version ${version}) in the project's reports/returns/, or run grayscope return templates to see the templates there are.`,
    { template: id, template_version: version },
  );
}

const sheetOf = (book: WorkbookCells, names: readonly string[]) => book.sheets.find((s) => names.includes(s.name));

/** Reads the manifest, the template it names and every cell of the return. Throws exit 3 when the workbook is not a grayscope return. */
export function readReturnWorkbook(book: WorkbookCells, file: string, candidates: readonly TemplateFile[]): ReadReturn {
  const sheetList = book.sheets.map((s) => s.name).join(', ') || 'none';
  const manifestSheet = sheetOf(book, [ANY_LANG_NAMES.zh.manifest]);
  const notOurs = (why: string) =>
    inputError(`${file} is not a grayscope return: ${why} (sheets: ${sheetList})`, 'Validate a workbook written by grayscope return build (it carries a hidden _grayscope sheet), or an exported package folder.');
  if (!manifestSheet) throw notOurs('it has no grayscope manifest');
  let manifest: Manifest;
  try {
    manifest = parseManifest(keyValueRows(manifestSheet.cells));
  } catch (err) {
    if (err instanceof ManifestError) throw notOurs(err.message.startsWith('it has no') ? err.message : `its manifest is damaged: ${err.message}`);
    throw err;
  }
  const { template: t, origin } = findTemplate(candidates, manifest.template, manifest.template_version, file);
  const problems: CheckResult[] = [];
  const blocking = (id: string, message: string): void => void problems.push({ id, severity: 'blocking', status: 'fail', message, cells: [] });
  const zh = manifest.lang === 'zh';

  // Figures: every bound cell where layout.ts places it.
  const values: Record<CellKey, Figure> = {};
  const recompute = new Set<CellKey>();
  const sheets = new Map(t.sheets.map((s) => [s.code, s]));
  for (const spec of cellSpecs(t)) {
    const ws = sheetOf(book, [spec.sheet]);
    if (!ws) {
      if (!problems.some((p) => p.id === `read.${spec.sheet}`)) blocking(`read.${spec.sheet}`, zh ? `工作簿缺少工作表${spec.sheet}` : `the workbook has no sheet ${spec.sheet}`);
      values[spec.key] = null;
      continue;
    }
    const address = addressOf(sheets.get(spec.sheet)!, spec.row, spec.col);
    const raw = ws.cells.get(address);
    const where = `${spec.sheet}!${address} (${spec.row}, ${spec.col})`;
    if (raw?.formula !== undefined && (raw.cached === false || raw.error !== undefined) && spec.kind === 'formula') {
      recompute.add(spec.key);
      values[spec.key] = null;
      continue;
    }
    const isText = spec.unit === 'text' || ('input' in spec.cell && spec.cell.kind === 'text');
    const read = isText ? textValue(raw) : figureValue(raw);
    if ('bad' in read) {
      values[spec.key] = null;
      problems.push({
        id: `read.${spec.key}`,
        severity: 'blocking',
        status: 'fail',
        message: zh ? `${where}的内容“${read.bad}”不是数字：请填写数字` : `${where} holds "${read.bad}", which is not a number: type the figure as a number`,
        cells: [{ sheet: spec.sheet, row: spec.row, col: spec.col, address: `${spec.sheet}!${address}`, value: read.bad }],
      });
    } else values[spec.key] = read.value;
  }
  const computed = recompute.size ? computeFormulas(t, values, recompute) : values;

  // The cover and its filing indicators, in either language's sheet.
  const cover: Record<string, string | null> = {};
  const filing: Record<string, boolean> = {};
  const coverSheet = sheetOf(book, [ANY_LANG_NAMES[manifest.lang].cover, ANY_LANG_NAMES.zh.cover, ANY_LANG_NAMES.en.cover]);
  if (!coverSheet) blocking('read.cover', zh ? '工作簿缺少封面' : `the workbook has no cover sheet (${ANY_LANG_NAMES[manifest.lang].cover})`);
  else {
    for (const field of t.cover) {
      const v = textValue(coverSheet.cells.get(`B${coverRow(t, field.code)}`));
      cover[field.code] = 'value' in v && v.value !== null ? String(v.value) : null;
    }
    for (const sheet of t.sheets) {
      const address = `C${filingRow(t, sheet.code)}`;
      const raw = coverSheet.cells.get(address);
      const parsed = parseFiling(raw?.value);
      if (parsed === undefined) {
        const shown = raw?.value === null || raw?.value === undefined || raw.value === '' ? (zh ? '空' : 'empty') : `"${String(raw.value)}"`;
        blocking(`read.filing.${sheet.code}`, zh ? `${coverSheet.name}!${address}：${sheet.code}的报送标识为${shown}，应填“是”或“否”` : `${coverSheet.name}!${address}: the filing indicator of ${sheet.code} is ${shown}; write Yes or No (是/否)`);
      } else filing[sheet.code] = parsed;
    }
  }

  // The filer's explanations: the validation sheet, column F, by the rule id in column A.
  const explanations: Record<string, string> = {};
  const validation = sheetOf(book, [ANY_LANG_NAMES.zh.validation, ANY_LANG_NAMES.en.validation]);
  if (validation) {
    const idCol = columnLetter(VALIDATION_COLUMNS.id);
    const textCol = columnLetter(VALIDATION_COLUMNS.explanation);
    for (const [address, cell] of validation.cells) {
      const m = /^([A-Z]+)(\d+)$/.exec(address);
      if (!m || m[1] !== idCol || Number(m[2]) < VALIDATION_FIRST_ROW) continue;
      const id = String(cell.value ?? '').trim();
      const text = textValue(validation.cells.get(`${textCol}${m[2]}`));
      if (id && 'value' in text && typeof text.value === 'string' && text.value.trim()) explanations[id] = text.value.trim();
    }
  }

  const doc: ReturnDocument = {
    template: t.id,
    template_version: t.version,
    period: manifest.period,
    lang: manifest.lang,
    version: manifest.version,
    supersedes: manifest.supersedes,
    reason: manifest.reason,
    run_id: manifest.run_id,
    estimate_run_id: manifest.estimate_run_id,
    cover,
    filing,
    values: computed,
    previous: manifest.previous,
    explanations,
  };
  // A formula whose value is empty (a change with no base) has no cached value in any client: not news.
  const recomputed = [...recompute].filter((key) => computed[key] !== null).map((key) => {
    const [sheet, row, col] = key.split('!') as [string, string, string];
    return { key, address: `${sheet}!${addressOf(sheets.get(sheet)!, row, col)}` };
  });
  return { template: t, origin, manifest, doc, problems, recomputed };
}

/** The manifest sheet's rows as [A, B] pairs, in row order. */
function keyValueRows(cells: ReadonlyMap<string, RawCell>): Array<[unknown, unknown]> {
  const rows = new Map<number, [unknown, unknown]>();
  for (const [address, cell] of cells) {
    const m = /^([AB])(\d+)$/.exec(address);
    if (!m) continue;
    const n = Number(m[2]);
    const pair = rows.get(n) ?? [undefined, undefined];
    pair[m[1] === 'A' ? 0 : 1] = cell.value;
    rows.set(n, pair);
  }
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, pair]) => pair);
}

type Read = { value: Figure } | { bad: string };

function textValue(raw: RawCell | undefined): Read {
  if (!raw || raw.value === null || raw.value === undefined) return { value: null };
  const text = String(raw.value);
  return { value: text.trim() === '' ? null : text };
}

/**
 * A figure: a number as it is; a number typed as text ("1,234", "１２３４", " 56.7 ") parsed; an
 * empty cell or an empty formula result is empty; any other text is a cell the filer must fix.
 */
export function figureValue(raw: RawCell | undefined): Read {
  if (!raw || raw.value === null || raw.value === undefined) return raw?.error !== undefined ? { bad: raw.error } : { value: null };
  if (typeof raw.value === 'number') return Number.isFinite(raw.value) ? { value: raw.value } : { bad: String(raw.value) };
  if (typeof raw.value === 'boolean') return { bad: String(raw.value).toUpperCase() };
  return parseFigureText(raw.value);
}

/** A figure written as text: thousands separators and full-width digits accepted; anything else is not a number. */
export function parseFigureText(text: string): Read {
  const s = text.normalize('NFKC').trim().replace(/[,\s]/g, '');
  if (s === '') return { value: null };
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return { bad: text };
  const n = Number(s);
  return Number.isFinite(n) ? { value: n } : { bad: text };
}
