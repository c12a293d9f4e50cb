// A return template (reports/returns/ID.yaml): the cover of a Chinese statistical form (表号, 制定机关,
// 填报单位 …), sheets with row and column codes (r010, c010), each cell bound to a report table column,
// a total over other cells, or an input, and the validation rules of the shared contract. Loaded with
// file:line:col errors; the checks beyond the schema (unique codes, references) name positions too.
import { z } from 'zod';
import { configError, GrayscopeError } from '../errors.js';
import { REPORT_COLUMNS } from '../reports/tables.js';
import { REPORT_TABLES, type ReportTableName } from '../reports/report-table.js';
import { parseYamlLocated, type YamlLocator } from '../yaml-schema.js';
import { ExpressionError, parseExpression } from './expression.js';

const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const QUARTER = /^\d{4}Q[1-4]$/;
export const SHEET_CODE = /^S\d{2}$/;
export const ROW_CODE = /^r\d{3}$/;
export const COL_CODE = /^c\d{3}$/;
/** A row or column code, or an inclusive range of them by template order (r020:r080). */
const rowItem = z.string().regex(/^r\d{3}(?::r\d{3})?$/, 'a row code (r010) or range (r020:r080)');
const colItem = z.string().regex(/^c\d{3}(?::c\d{3})?$/, 'a column code (c010) or range (c020:c040)');
const rowCode = z.string().regex(ROW_CODE, 'a row code: r and three digits (r010)');
const colCode = z.string().regex(COL_CODE, 'a column code: c and three digits (c010)');

export const COVER_KINDS = ['text', 'uscc', 'period', 'date', 'phone'] as const;
/** text: a column of words (the method, the run id), not a figure. */
export const UNITS = ['yuan', 'wan', 'yi', 'count', 'share', 'pp', 'text'] as const;

const coverField = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a cover field code is lower case letters, digits and _'),
  label: bilingual,
  kind: z.enum(COVER_KINDS),
  required: z.boolean().default(true),
});

const cellBase = { row: rowCode, col: colCode };

/** A figure read from a report table: the column of the row `where` picks, for the period (or `period_offset` quarters before it). */
const tableCell = z.strictObject({
  ...cellBase,
  table: z.string().min(1),
  column: z.string().min(1),
  where: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  period_offset: z.number().int().max(0).default(0),
  /** The table or column does not exist yet: the figure is listed as needed, not checked. */
  pending: z.boolean().default(false),
  /** The cell's unit and decimals when they differ from its column's (an amount in a row of counts). */
  unit: z.enum(UNITS).optional(),
  decimals: z.number().int().min(0).max(6).optional(),
});

/** A figure computed in the workbook from other cells of the same sheet (written as a formula with its value). */
const formula = z.union([
  z.strictObject({ sum_rows: z.array(rowItem).min(1) }),
  z.strictObject({ sum_cols: z.array(colItem).min(1) }),
  /** of / base, along the row (a share). */
  z.strictObject({ ratio: z.strictObject({ of: colCode, base: colCode }) }),
  /** of / base − 1, along the row. */
  z.strictObject({ change: z.strictObject({ of: colCode, base: colCode }) }),
  /** (of / base)^(1/years) − 1, along the row: the geometric annual average of a change over years. */
  z.strictObject({ annual_change: z.strictObject({ of: colCode, base: colCode, years: z.number().positive() }) }),
]);
const formulaCell = z.strictObject({ ...cellBase, formula });
/** A cell the filer writes (an explanation, a sign-off); unlocked in the workbook. */
const inputCell = z.strictObject({ ...cellBase, input: z.literal(true), kind: z.enum(['text', 'number']).default('text') });

export const cellSchema = z.union([tableCell, formulaCell, inputCell]);

const sheetSchema = z.strictObject({
  code: z.string().regex(SHEET_CODE, 'a sheet code: S and two digits (S01)'),
  title: bilingual,
  /** Whether the filer may declare the sheet not reported (true/false), or must file it (required). */
  filing_indicator: z.union([z.boolean(), z.literal('required')]).default('required'),
  rows: z.array(z.strictObject({ code: rowCode, label: bilingual, indent: z.number().int().min(0).max(4).optional() })).min(1),
  columns: z.array(z.strictObject({ code: colCode, label: bilingual, unit: z.enum(UNITS), decimals: z.number().int().min(0).max(6) })).min(1),
  cells: z.array(cellSchema).default([]),
  /** Charts (reports/charts names) drawn for the period and embedded as PNG below the sheet's table; an unknown name is a fault at build. */
  charts: z.array(z.string().regex(/^[A-Za-z0-9_-]+$/, 'a chart name (reports/charts/NAME.vl.json)')).optional(),
});

export const ruleSchema = z.strictObject({
  id: z.string().regex(/^v\d{4}$/, 'a rule id: v and four digits (v0010)'),
  severity: z.enum(['blocking', 'warning', 'info']),
  expression: z.string().min(1),
  message: bilingual,
});

export const returnTemplateSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a template id is lower case letters, digits and _'),
  version: z.number().int().positive(),
  periods: z.strictObject({ from: z.string().regex(QUARTER, 'a quarter (2025Q1)'), to: z.string().regex(QUARTER, 'a quarter (2025Q1)').nullable().default(null) }),
  title: bilingual,
  form_number: z.string().min(1),
  issuing_body: bilingual,
  cover: z.array(coverField).min(1),
  sheets: z.array(sheetSchema).min(1),
  rules: z.array(ruleSchema).default([]),
});

export type ReturnTemplate = z.infer<typeof returnTemplateSchema>;
export type ReturnSheet = ReturnTemplate['sheets'][number];
export type ReturnCell = z.infer<typeof cellSchema>;
export type ReturnRule = z.infer<typeof ruleSchema>;
export type TemplateOrigin = 'shipped' | 'project';

export const TEMPLATE_HINT =
  'A return template has id, version, periods {from, to}, title {zh, en}, form_number, issuing_body {zh, en}, cover [{code, label, kind, required}], sheets [{code, title, filing_indicator, rows, columns, cells}] and rules [{id, severity, expression, message}].';

/** A reference in a rule expression: {S01, r010, c010}, with an optional range in the row or the column. */
export const REFERENCE = /\{\s*([^,{}]*?)\s*,\s*([^,{}]*?)\s*,\s*([^,{}]*?)\s*\}/g;

export interface CellReference {
  sheet: string;
  rows: [string, string];
  cols: [string, string];
}

/** The references a rule expression makes (parsed here only to check them; evaluation is expression.ts's). */
export function ruleReferences(expression: string): Array<CellReference | { malformed: string }> {
  const out: Array<CellReference | { malformed: string }> = [];
  for (const m of expression.matchAll(REFERENCE)) {
    const [text, sheet, rows, cols] = m as unknown as [string, string, string, string];
    const r = rows.split(':').map((x) => x.trim());
    const c = cols.split(':').map((x) => x.trim());
    const ok = SHEET_CODE.test(sheet) && r.length <= 2 && c.length <= 2 && r.every((x) => ROW_CODE.test(x)) && c.every((x) => COL_CODE.test(x));
    out.push(ok ? { sheet, rows: [r[0]!, r.at(-1)!], cols: [c[0]!, c.at(-1)!] } : { malformed: text });
  }
  const braces = expression.replace(REFERENCE, '').match(/[{}]/);
  if (braces) out.push({ malformed: braces[0] });
  return out;
}

/** A fault in a template: the user's (exit 2) for a project template, ours (exit 70) for a shipped one. */
export function templateFault(origin: TemplateOrigin, message: string, hint: string): GrayscopeError {
  return origin === 'project'
    ? configError(message, hint)
    : new GrayscopeError('internal', message, { hint: 'This shipped return template is a bug in grayscope: report it. A project template of the same id in reports/returns/ replaces it meanwhile.' });
}

/** Parses and checks one template; `file` is how messages name it. */
export async function loadReturnTemplate(text: string, file: string, origin: TemplateOrigin = 'project'): Promise<ReturnTemplate> {
  let parsed: { data: ReturnTemplate; where: YamlLocator };
  try {
    parsed = await parseYamlLocated(returnTemplateSchema, text, file, TEMPLATE_HINT);
  } catch (err) {
    if (err instanceof GrayscopeError && origin === 'shipped') throw templateFault(origin, err.message, err.hint ?? TEMPLATE_HINT);
    throw err;
  }
  const problems = checkTemplate(parsed.data, parsed.where);
  if (problems.length) throw templateFault(origin, problems.join('\n'), 'Fix the template: codes are unique, and every cell and rule names rows, columns and sheets the template has and report table columns that exist.');
  return parsed.data;
}

function duplicates(codes: string[]): Set<number> {
  const seen = new Set<string>();
  const dup = new Set<number>();
  codes.forEach((c, i) => (seen.has(c) ? dup.add(i) : seen.add(c)));
  return dup;
}

/** Index of each code, for ranges by template order. */
const indexOf = (codes: Array<{ code: string }>) => new Map(codes.map((c, i) => [c.code, i]));

/** Every problem beyond the schema, as `file:line:col: key.path: message`. */
export function checkTemplate(t: ReturnTemplate, where: YamlLocator): string[] {
  const problems: string[] = [];
  const say = (path: Array<string | number>, message: string) => problems.push(`${where(path)}: ${path.join('.')}: ${message}`);
  const uniq = (items: Array<{ code?: string; id?: string }>, path: Array<string | number>, key: 'code' | 'id', what: string) => {
    const codes = items.map((x) => x[key]!);
    for (const i of duplicates(codes)) say([...path, i, key], `duplicate ${what} ${codes[i]}`);
  };
  if (t.periods.to !== null && t.periods.to < t.periods.from) say(['periods', 'to'], `ends (${t.periods.to}) before it starts (${t.periods.from})`);
  uniq(t.cover, ['cover'], 'code', 'cover field');
  uniq(t.sheets, ['sheets'], 'code', 'sheet');
  uniq(t.rules, ['rules'], 'id', 'rule id');
  const sheets = new Map(t.sheets.map((s) => [s.code, s]));
  t.sheets.forEach((sheet, s) => {
    uniq(sheet.rows, ['sheets', s, 'rows'], 'code', 'row code');
    uniq(sheet.columns, ['sheets', s, 'columns'], 'code', 'column code');
    const rows = indexOf(sheet.rows);
    const cols = indexOf(sheet.columns);
    const range = (item: string, codes: Map<string, number>, path: Array<string | number>, what: string) => {
      const [a, b = a] = item.split(':') as [string, string?];
      for (const x of [a, b]) if (!codes.has(x)) say(path, `no ${what} ${x} in sheet ${sheet.code}`);
      if (codes.has(a) && codes.has(b!) && codes.get(a)! > codes.get(b!)!) say(path, `the range ${item} runs backwards`);
    };
    const taken = new Map<string, number>();
    sheet.cells.forEach((cell, c) => {
      const path = ['sheets', s, 'cells', c];
      if (!rows.has(cell.row)) say([...path, 'row'], `no row ${cell.row} in sheet ${sheet.code}`);
      if (!cols.has(cell.col)) say([...path, 'col'], `no column ${cell.col} in sheet ${sheet.code}`);
      const key = `${cell.row},${cell.col}`;
      if (taken.has(key)) say(path, `the cell ${cell.row},${cell.col} is already bound (cells.${taken.get(key)})`);
      else taken.set(key, c);
      if ('table' in cell) checkBinding(cell, [...path], say);
      if ('formula' in cell) {
        const f = cell.formula;
        if ('sum_rows' in f) f.sum_rows.forEach((item, i) => range(item, rows, [...path, 'formula', 'sum_rows', i], 'row'));
        if ('sum_cols' in f) f.sum_cols.forEach((item, i) => range(item, cols, [...path, 'formula', 'sum_cols', i], 'column'));
        const pair = 'ratio' in f ? f.ratio : 'change' in f ? f.change : 'annual_change' in f ? f.annual_change : null;
        if (pair) for (const k of ['of', 'base'] as const) if (!cols.has(pair[k])) say([...path, 'formula', Object.keys(f)[0]!, k], `no column ${pair[k]} in sheet ${sheet.code}`);
      }
    });
  });
  t.rules.forEach((rule, r) => {
    const path = ['rules', r, 'expression'];
    // The grammar (expression.ts): a rule that does not parse is named with the column of the fault.
    try {
      parseExpression(rule.id, rule.expression);
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      say(path, err.message);
    }
    const refs = ruleReferences(rule.expression);
    if (refs.length === 0) say(path, 'the rule refers to no cell ({S01, r010, c010})');
    for (const ref of refs) {
      if ('malformed' in ref) {
        say(path, `malformed reference ${ref.malformed}: write {S01, r010, c010}, ranges as r010:r090 or c010:c030`);
        continue;
      }
      const sheet = sheets.get(ref.sheet);
      if (!sheet) {
        say(path, `no sheet ${ref.sheet} (sheets: ${t.sheets.map((x) => x.code).join(', ')})`);
        continue;
      }
      const rows = indexOf(sheet.rows);
      const cols = indexOf(sheet.columns);
      for (const x of new Set(ref.rows)) if (!rows.has(x)) say(path, `no row ${x} in sheet ${ref.sheet}`);
      for (const x of new Set(ref.cols)) if (!cols.has(x)) say(path, `no column ${x} in sheet ${ref.sheet}`);
      if (rows.has(ref.rows[0]) && rows.has(ref.rows[1]) && rows.get(ref.rows[0])! > rows.get(ref.rows[1])!) say(path, `the range ${ref.rows.join(':')} runs backwards`);
      if (cols.has(ref.cols[0]) && cols.has(ref.cols[1]) && cols.get(ref.cols[0])! > cols.get(ref.cols[1])!) say(path, `the range ${ref.cols.join(':')} runs backwards`);
    }
  });
  return problems;
}

function checkBinding(cell: Extract<ReturnCell, { table: string }>, path: Array<string | number>, say: (path: Array<string | number>, message: string) => void): void {
  if (cell.pending) return;
  if (!(cell.table in REPORT_TABLES)) {
    say([...path, 'table'], `no report table ${cell.table} (tables: ${Object.keys(REPORT_TABLES).join(', ')}; mark a table still to come pending: true)`);
    return;
  }
  const columns = REPORT_COLUMNS[cell.table as ReportTableName];
  if (!columns.includes(cell.column)) say([...path, 'column'], `the ${cell.table} table has no column ${cell.column} (columns: ${columns.join(', ')})`);
  for (const key of Object.keys(cell.where)) if (!columns.includes(key)) say([...path, 'where', key], `the ${cell.table} table has no column ${key}`);
}

/** The table cells still waiting for a report table or column: what the next session must add. */
export function pendingBindings(t: ReturnTemplate): Array<{ sheet: string; row: string; col: string; table: string; column: string }> {
  return t.sheets.flatMap((s) => s.cells.flatMap((c) => ('table' in c && c.pending ? [{ sheet: s.code, row: c.row, col: c.col, table: c.table, column: c.column }] : [])));
}
