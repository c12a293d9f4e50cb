// `grayscope return build` on a demo project (real DuckDB, real exceljs): every cell read back and
// compared with what was built (figures, number formats, formulas and their cached values, locked and
// unlocked cells, frozen panes, print setup, the hidden manifest, sheet order), the same bytes from
// the same inputs, an amendment naming exactly the changed cells, a draft on a failed blocking rule,
// formula payloads from grayscope.yaml kept as text, and periods the template does not cover refused.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workbook, Worksheet } from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { loadExcelJS } from '../../src/adapters/exceljs-utf8.js';
import { returnBuildCommand } from '../../src/api-outputs.js';
import { demoCommand } from '../../src/api.js';
import type { DemoResult } from '../../src/core/demo/headline.js';
import { GrayscopeError } from '../../src/core/errors.js';
import { computeFormulas, formulaText } from '../../src/core/returns/compute.js';
import { shippedReturnsRoot } from '../../src/core/returns/discover.js';
import { shippedTemplate } from '../helpers/return-workbook.js';
import { cellSpecs, type CellKey, type Figure } from '../../src/core/returns/document.js';
import { addressOf, coverRow, filingRow, sheetNames } from '../../src/core/returns/layout.js';
import { parseManifest } from '../../src/core/returns/manifest.js';
import type { ReturnTemplate } from '../../src/core/returns/template.js';
import { checkUscc } from '../../src/core/returns/uscc.js';
import { numberFormat } from '../../src/adapters/return-xlsx.js';

let dir: string;
let demo: string;
let demoResult: DemoResult;
const shipped = shippedTemplate;

async function readBook(file: string): Promise<Workbook> {
  const wb = new (loadExcelJS().Workbook)();
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  return wb;
}

/** A copy of the demo project to change (its database, config or templates). */
function copyDemo(name: string): string {
  const to = join(dir, name);
  cpSync(demo, to, { recursive: true });
  return to;
}

const manifestOf = (wb: Workbook) => parseManifest(wb.getWorksheet('_grayscope')!.getSheetValues().slice(1).map((r) => [(r as unknown[])?.[1], (r as unknown[])?.[2]] as [unknown, unknown]));

/** A cell's value as a figure: a formula's cached result, a number, a text, or empty. */
function figureOf(ws: Worksheet, address: string): Figure {
  const v = ws.getCell(address).value as unknown;
  if (v === null || v === undefined) return null;
  if (typeof v === 'object' && v !== null && 'formula' in v) {
    const r = (v as { result?: unknown }).result;
    return typeof r === 'number' ? r : null;
  }
  return v as Figure;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gs-return-build-'));
  demo = join(dir, 'demo');
  demoResult = await demoCommand({ out: demo, seed: 1 });
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo builds both returns', () => {
  it('writes the institution and the market return for the latest quarter into out/returns, with the demo entity on the cover', async () => {
    expect(demoResult.returns!.map((r) => r.template)).toEqual(['institution', 'market']);
    for (const r of demoResult.returns!) expect(r.file).toMatch(new RegExp(`out/returns/${r.template}_2025Q4_v1(_DRAFT)?\\.xlsx$`));
    const wb = await readBook(demoResult.returns!.find((r) => r.template === 'market')!.file);
    const t = await shipped('market');
    const cover = wb.getWorksheet(sheetNames('zh').cover)!;
    expect(cover.getCell(coverRow(t, 'entity_name'), 2).value).toBe('示例消费金融有限公司');
    expect(checkUscc(String(cover.getCell(coverRow(t, 'uscc'), 2).value))).toEqual({ ok: true });
    expect(cover.getCell(coverRow(t, 'period'), 2).value).toBe('2025Q4');
    expect(cover.getCell(coverRow(t, 'filed_on'), 2).value).toBeNull();
  });
});

describe('the market return read back cell by cell', () => {
  let wb: Workbook;
  let t: ReturnTemplate;
  let file: string;
  beforeAll(async () => {
    t = await shipped('market');
    file = demoResult.returns!.find((r) => r.template === 'market')!.file;
    wb = await readBook(file);
  });

  it('has the sheets in order: cover, S01…, validation, the hidden manifest; data sheets protected without a password', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['封面', ...t.sheets.map((s) => s.code), '校验结果', '_grayscope']);
    expect(wb.getWorksheet('_grayscope')!.state).toBe('hidden');
    for (const ws of wb.worksheets) {
      const p = (ws as unknown as { sheetProtection: Record<string, unknown> | null }).sheetProtection;
      expect(p?.sheet, ws.name).toBe(true);
      expect(p?.hashValue, ws.name).toBeUndefined();
      expect(p?.formatColumns, ws.name).toBe(true);
    }
  });

  it('every built figure equals the manifest, formulas carry their computed values, number formats follow unit and decimals, only inputs are unlocked', () => {
    const m = manifestOf(wb);
    expect(m).toMatchObject({ template: 'market', template_version: 1, period: '2025Q4', version: 1, supersedes: null });
    // The table figures as built; the formulas recomputed from them must equal the cached results.
    const tableValues: Record<CellKey, Figure> = {};
    for (const c of cellSpecs(t)) if (c.kind === 'table') tableValues[c.key] = m.cells[c.key] ?? null;
    const recomputed = computeFormulas(t, tableValues);
    let formulas = 0;
    for (const c of cellSpecs(t)) {
      const sheet = t.sheets.find((s) => s.code === c.sheet)!;
      const ws = wb.getWorksheet(c.sheet)!;
      const address = addressOf(sheet, c.row, c.col);
      const cell = ws.getCell(address);
      expect(cell.numFmt, `${c.key} number format`).toBe(numberFormat(c.unit, c.decimals));
      if (c.kind === 'input') {
        expect(cell.protection?.locked, c.key).toBe(false);
        continue;
      }
      expect(cell.protection?.locked ?? true, c.key).toBe(true);
      const got = figureOf(ws, address);
      const built = m.cells[c.key] ?? null;
      if (typeof built === 'number') expect(got as number, c.key).toBeCloseTo(built, 9);
      else expect(got, c.key).toBe(built);
      if (c.kind === 'formula') {
        formulas++;
        const v = cell.value as { formula: string };
        expect(v.formula, c.key).toBe(formulaText(sheet, c.row, c.col, (c.cell as { formula: Parameters<typeof formulaText>[3] }).formula));
        const want = recomputed[c.key];
        if (typeof want === 'number') expect(got as number, c.key).toBeCloseTo(want, 9);
        else expect(got, c.key).toBeNull();
      }
    }
    expect(formulas).toBeGreaterThan(0);
    // Some figures are numbers in the demo (not everything pending or empty).
    expect(Object.values(m.cells).filter((v) => typeof v === 'number').length).toBeGreaterThan(20);
  });

  it('freezes the headers at C6, prints on A4 fitted to width with rows 1:5 repeated, and embeds the charts the template asks for', () => {
    for (const s of t.sheets) {
      const ws = wb.getWorksheet(s.code)!;
      expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 5 });
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, printTitlesRow: '1:5' });
      expect(ws.headerFooter.oddFooter).toContain('&P');
      expect(ws.getImages().length, s.code).toBe(s.charts?.length ?? 0);
    }
    expect(wb.getWorksheet('S01')!.getImages()).toHaveLength(1);
    expect(wb.getWorksheet('S03')!.getImages()).toHaveLength(1);
    expect(wb.getWorksheet('S01')!.getColumn(1).width).toBeGreaterThanOrEqual(12);
  });

  it('lists every check on the validation sheet, with the explanation column unlocked; the cover fields and filing indicators are unlocked', () => {
    const ws = wb.getWorksheet('校验结果')!;
    const ids = [];
    for (let r = 3; r <= ws.rowCount; r++) ids.push(ws.getCell(r, 1).value);
    expect(ids).toEqual(expect.arrayContaining(t.rules.map((x) => x.id)));
    expect(ws.getCell(3, 6).protection?.locked).toBe(false);
    const cover = wb.getWorksheet('封面')!;
    for (const f of t.cover) expect(cover.getCell(coverRow(t, f.code), 2).protection?.locked, f.code).toBe(false);
    for (const s of t.sheets) expect(cover.getCell(filingRow(t, s.code), 3).value).toBe('是');
  });

  it('gives the same bytes when built again with the same inputs, and says it is unchanged', async () => {
    const before = readFileSync(file);
    const again = await returnBuildCommand({ project: demo, template: 'market' });
    expect(again).toMatchObject({ unchanged: true, version: 1, draft: false, file });
    expect(readFileSync(file).equals(before)).toBe(true);
  }, 60_000);
});

describe('versions', () => {
  it('refuses a changed figure without --amend (exit 2), and --amend --reason writes v2 with an amendments sheet naming exactly the changed cells', async () => {
    const p = copyDemo('amend');
    const v1 = await returnBuildCommand({ project: p, template: 'market' });
    expect(v1.unchanged).toBe(true);
    const db = await openDatabase(join(p, 'grayscope.duckdb'));
    // Every quarter's whole-market scale 10% higher: the growth rates (and so rule v0160, which ties them to the scales) stay as they were.
    await db.run(`UPDATE estimates SET scale_cny = scale_cny * 1.1, scale_ci_low = scale_ci_low * 1.1, scale_ci_high = scale_ci_high * 1.1 WHERE segment = 'all' AND method = 'mse'`);
    db.close();
    const refused = await returnBuildCommand({ project: p, template: 'market' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GrayscopeError);
    expect((refused as GrayscopeError).exitCode).toBe(2);
    expect((refused as GrayscopeError).message).toMatch(/2025Q4 market return version 1 was built on .* with other figures/);
    expect((refused as GrayscopeError).hint).toContain('--amend --reason');
    await expect(returnBuildCommand({ project: p, template: 'market', amend: true })).rejects.toMatchObject({ exitCode: 2 });

    const v2 = await returnBuildCommand({ project: p, template: 'market', amend: true, reason: '估计重新运行' });
    expect(v2).toMatchObject({ version: 2, supersedes: 1, reason: '估计重新运行', draft: false, unchanged: false });
    expect(v2.file).toMatch(/market_2025Q4_v2\.xlsx$/);
    const m1 = manifestOf(await readBook(v1.file));
    const book = await readBook(v2.file);
    const m2 = manifestOf(book);
    expect(m2).toMatchObject({ version: 2, supersedes: 1, reason: '估计重新运行' });
    const changed = Object.keys(m1.cells).filter((k) => m1.cells[k as CellKey] !== m2.cells[k as CellKey]).sort();
    expect(changed).toContain('S01!r010!c050');
    expect(changed).not.toContain('S01!r010!c010');
    const ws = book.getWorksheet('修订记录')!;
    expect(book.worksheets.map((w) => w.name).slice(-2)).toEqual(['修订记录', '_grayscope']);
    expect(String(ws.getCell(2, 1).value)).toContain('估计重新运行');
    expect(String(ws.getCell(3, 1).value)).toContain(v1.sha256);
    const listed: string[] = [];
    for (let r = 6; r <= ws.rowCount; r++) listed.push(`${ws.getCell(r, 1).value}!${ws.getCell(r, 2).value}!${ws.getCell(r, 4).value}`);
    expect(listed.sort()).toEqual(changed);
    expect(v2.amended.map((c) => c.cell).sort()).toEqual(changed);

    // Built again: the same v2, the same bytes, amendments sheet included.
    const bytes = readFileSync(v2.file);
    const again = await returnBuildCommand({ project: p, template: 'market' });
    expect(again).toMatchObject({ version: 2, unchanged: true });
    expect(readFileSync(v2.file).equals(bytes)).toBe(true);
  }, 120_000);

  it('a return in English beside the Chinese one is its own version 1 (.en.xlsx): its texts differ, its figures do not', async () => {
    const p = copyDemo('english');
    const zh = await returnBuildCommand({ project: p, template: 'market' });
    expect(zh).toMatchObject({ version: 1, unchanged: true });
    const en = await returnBuildCommand({ project: p, template: 'market', lang: 'en' });
    expect(en).toMatchObject({ version: 1, supersedes: null, unchanged: false, draft: false });
    expect(en.file).toMatch(/market_2025Q4_v1\.en\.xlsx$/);
    const [mz, me] = [manifestOf(await readBook(zh.file)), manifestOf(await readBook(en.file))];
    const differ = Object.keys(mz.cells).filter((k) => mz.cells[k as CellKey] !== me.cells[k as CellKey]);
    expect(differ.length).toBeGreaterThan(0);
    expect(differ.every((k) => typeof mz.cells[k as CellKey] === 'string')).toBe(true);
    expect(await returnBuildCommand({ project: p, template: 'market', lang: 'en' })).toMatchObject({ version: 1, unchanged: true });
  }, 120_000);

  it('writes a return whose blocking rule fails as a draft: _DRAFT in the name, the red note on the cover, recorded as draft', async () => {
    const p = copyDemo('draft');
    const text = readFileSync(join(shippedReturnsRoot(), 'market.yaml'), 'utf8');
    const failing = `${text.trimEnd()}\n  - id: v9990\n    severity: blocking\n    expression: "{S01, r010, c010} < 0"\n    message: {zh: "不可能", en: "Impossible on purpose"}\n`;
    mkdirSync(join(p, 'reports', 'returns'), { recursive: true });
    writeFileSync(join(p, 'reports', 'returns', 'market.yaml'), failing);
    const r = await returnBuildCommand({ project: p, template: 'market', period: '2025Q3', lang: 'en' });
    expect(r).toMatchObject({ draft: true, version: 1, period: '2025Q3' });
    expect(r.validation.blocking_failed).toBe(1);
    expect(r.file).toMatch(/market_2025Q3_v1_DRAFT\.en\.xlsx$/);
    const wb = await readBook(r.file);
    expect(wb.worksheets[0]!.name).toBe('Cover');
    expect(wb.worksheets[0]!.getCell('A3').value).toBe('DRAFT: blocking checks failed — not for filing');
    const db = await openDatabase(join(p, 'grayscope.duckdb'), { readOnly: true });
    expect(await db.all(`SELECT version, status FROM return_versions WHERE template = 'market' AND period = '2025Q3'`)).toEqual([{ version: 1, status: 'draft' }]);
    db.close();
  }, 60_000);
});

describe('safety and refusals', () => {
  it('keeps formula payloads from grayscope.yaml as text in the workbook', async () => {
    const p = copyDemo('payloads');
    const payloads = { name: '=HYPERLINK("http://x","y")', preparer: '＝1+1', reviewer: '\r+1+2', head: '\t-1-2', phone: '@SUM(A1)' };
    const yaml = readFileSync(join(p, 'grayscope.yaml'), 'utf8').replace(/^entity:[ \t]*\n(?:[ \t]+.*\n?)*/m, `entity:\n${Object.entries(payloads).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join('\n')}\n`);
    writeFileSync(join(p, 'grayscope.yaml'), yaml);
    const r = await returnBuildCommand({ project: p, template: 'market', out: join(p, 'payloads.xlsx') });
    const wb = await readBook(r.file);
    const t = await shipped('market');
    const cover = wb.getWorksheet('封面')!;
    const codes = { name: 'entity_name', preparer: 'preparer', reviewer: 'reviewer', head: 'head', phone: 'phone' } as const;
    const ValueType = loadExcelJS().ValueType;
    for (const [key, text] of Object.entries(payloads)) {
      const cell = cover.getCell(coverRow(t, codes[key as keyof typeof codes]), 2);
      expect(cell.type, key).toBe(ValueType.String);
      // XML reads a bare CR back as a line feed: still the same text, never a formula.
      expect(cell.value, key).toBe(text.replace(/\r/g, '\n'));
      expect(cell.formula, key).toBeUndefined();
    }
    // The entity line of a data sheet carries the name as text too.
    expect(String(wb.getWorksheet('S01')!.getCell('A3').value)).toContain(payloads.name);
    expect(wb.getWorksheet('S01')!.getCell('A3').type).toBe(ValueType.String);
  }, 60_000);

  it('refuses a year, a malformed period and a period before the template begins (exit 2)', async () => {
    for (const period of ['2025', '2025-3', '2024Q4']) {
      const err = await returnBuildCommand({ project: demo, template: 'market', period }).catch((e: unknown) => e);
      expect(err, period).toBeInstanceOf(GrayscopeError);
      expect((err as GrayscopeError).exitCode, period).toBe(2);
    }
    await expect(returnBuildCommand({ project: demo, template: 'market', period: '2024Q4' })).rejects.toThrow(/2025Q1/);
    await expect(returnBuildCommand({ project: demo, template: 'nope' })).rejects.toMatchObject({ exitCode: 2, hint: expect.stringMatching(/institution, market/) });
  });
});
