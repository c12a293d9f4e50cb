// Return workbooks for the validate and export tests: a clean shipped-template return whose rules
// pass, written by the real writer (src/adapters/return-xlsx.ts) as return build writes it, and the
// edits an officer makes in Excel (a changed figure, an explanation in the validation sheet).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExcelJS } from '../../src/adapters/exceljs-utf8.js';
import { GrayscopeError } from '../../src/core/errors.js';
import { returnWorkbook } from '../../src/adapters/return-xlsx.js';
import { checkReturn, computeFormulas } from '../../src/core/returns/compute.js';
import { type CellKey, cellSpecs, type Figure, type ReturnDocument } from '../../src/core/returns/document.js';
import { shippedReturnsRoot } from '../../src/core/returns/discover.js';
import { sheetNames, VALIDATION_COLUMNS, VALIDATION_FIRST_ROW } from '../../src/core/returns/layout.js';
import { manifestRows } from '../../src/core/returns/manifest.js';
import { loadReturnTemplate, type ReturnTemplate } from '../../src/core/returns/template.js';

export const shippedTemplate = (id: string): Promise<ReturnTemplate> =>
  loadReturnTemplate(readFileSync(join(shippedReturnsRoot(), `${id}.yaml`), 'utf8'), `${id}.yaml`, 'shipped');

/** A valid 统一社会信用代码 (check digit correct). */
export const GOOD_USCC = '91350100M000100Y43';

/**
 * A clean institution return for 2025Q3: every rule passes (items add up, S01, S02, S03 and S06
 * agree; no ordinary complaints, so the 700 received are the 700 identified), the cover is filled in, every sheet reported, no previous return.
 */
export async function cleanInstitutionReturn(lang: 'zh' | 'en' = 'zh'): Promise<{ t: ReturnTemplate; doc: ReturnDocument }> {
  const t = await shippedTemplate('institution');
  const v: Record<string, Figure> = {};
  for (const c of cellSpecs(t)) if (c.kind === 'table') v[c.key] = c.unit === 'wan' ? 12.34 : c.unit === 'share' ? 0.1 : c.unit === 'text' ? 'x' : 10;
  // S01: complaints 100, suspected 10 a category (7 categories: 700 and 70); a share of 0.1.
  for (const r of ['r010', 'r020', 'r030', 'r040', 'r050', 'r060', 'r070']) {
    v[`S01!${r}!c010`] = 100;
    v[`S01!${r}!c020`] = 10;
    for (const c of ['c040', 'c050', 'c060']) v[`S01!${r}!${c}`] = 2;
  }
  // No ordinary complaints: all 700 received were identified.
  v['S01!r080!c010'] = 0;
  Object.assign(v, { 'S02!r010!c010': 700, 'S02!r010!c020': 70, 'S02!r010!c030': 0.1, 'S02!r010!c040': 0.8, 'S02!r010!c050': 3 });
  // S03 in one region: the complaints received and identified, and their amounts (7 × 12.34 万元), as in S01.
  for (const c of cellSpecs(t)) if (c.sheet === 'S03' && c.kind === 'table') v[c.key] = 0;
  v['S03!r010!c010'] = 700;
  v['S03!r010!c020'] = 700;
  v['S03!r010!c030'] = 86.38;
  Object.assign(v, { 'S05!r010!c010': 3, 'S05!r020!c010': 2, 'S05!r030!c010': 4, 'S05!r040!c010': 1 });
  Object.assign(v, { 'S06!r020!c010': 70, 'S06!r010!c010': 700, 'S06!r010!c020': 650, 'S06!r010!c040': 600, 'S06!r030!c010': 0.1, 'S06!r030!c020': 0.12, 'S06!r030!c040': 0.09 });
  const doc: ReturnDocument = {
    template: t.id,
    template_version: t.version,
    period: '2025Q3',
    lang,
    version: 1,
    supersedes: null,
    reason: null,
    run_id: '20251010T000000Z-test',
    estimate_run_id: null,
    cover: {
      entity_name: '某某消费金融有限公司',
      uscc: GOOD_USCC,
      period: '2025Q3',
      unit_note: '万元',
      head: '张三',
      reviewer: '李四',
      preparer: '王五',
      phone: '010-12345678',
      filed_on: '2025-10-15',
    },
    filing: Object.fromEntries(t.sheets.map((s) => [s.code, true])),
    values: computeFormulas(t, v as Record<CellKey, Figure>),
    previous: null,
    explanations: {},
  };
  return { t, doc };
}

export interface WriteOptions {
  /** Formula cells saved without cached results (a file saved by a tool that does not calculate). */
  noCachedResults?: boolean;
}

/** Writes the return with the real writer (src/adapters/return-xlsx.ts), as return build does; optionally strips the formulas' cached values. */
export async function writeReturnWorkbook(path: string, t: ReturnTemplate, doc: ReturnDocument, options: WriteOptions = {}): Promise<void> {
  const bytes = await returnWorkbook({ template: t, doc, checks: checkReturn(t, doc, 'build'), draft: false, manifest: manifestRows(t, doc), images: {}, amendment: null });
  writeFileSync(path, bytes);
  if (!options.noCachedResults) return;
  const ExcelJS = loadExcelJS();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const f = (cell.model as { formula?: string }).formula;
        if (f !== undefined) cell.value = { formula: f } as never;
      }),
    ),
  );
  await wb.xlsx.writeFile(path);
}

/** Opens a workbook, sets cells ({'S01!C6': 1300}), and saves it, as an officer editing in Excel would. */
export async function editWorkbook(path: string, edits: Record<string, string | number | null | { formula: string }>): Promise<void> {
  const ExcelJS = loadExcelJS();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  for (const [at, value] of Object.entries(edits)) {
    const [sheet, address] = at.split('!') as [string, string];
    wb.getWorksheet(sheet)!.getCell(address).value = value as never;
  }
  await wb.xlsx.writeFile(path);
}

/** Writes the filer's explanation of a rule in column F of the validation sheet, next to the rule's id in column A. */
export async function explain(path: string, ruleId: string, text: string): Promise<void> {
  const ExcelJS = loadExcelJS();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.worksheets.find((w) => w.name === sheetNames('zh').validation || w.name === sheetNames('en').validation)!;
  let done = false;
  ws.eachRow((row, n) => {
    if (n >= VALIDATION_FIRST_ROW && row.getCell(VALIDATION_COLUMNS.id).value === ruleId) {
      row.getCell(VALIDATION_COLUMNS.explanation).value = text;
      done = true;
    }
  });
  if (!done) throw new Error(`no rule ${ruleId} in the validation sheet`);
  await wb.xlsx.writeFile(path);
}

/** The exit code and message a core call fails with (a GrayscopeError); anything else fails the test. */
export async function exitOf(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof GrayscopeError) return { code: err.exitCode, message: err.message };
    throw err;
  }
  throw new Error('expected an error');
}
