// The returns in a real client: LibreOffice (Debian's libreoffice-calc-nogui; .ci/run installs it)
// opens each return the demo built with "recalculate on load: always", so every formula is computed by
// LibreOffice and not read from the values grayscope cached, and saves it again. Every formula's
// recalculated value must equal the value written. Then an officer's edits in the LibreOffice copy —
// a built figure changed (LibreOffice recomputes the totals) and an input cell (the 统一社会信用代码)
// mistyped — are caught by `return validate`. Without LibreOffice the tests skip and say what to
// install; in CI they must run.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workbook } from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExcelJS } from '../../src/adapters/exceljs-utf8.js';
import { demoCommand } from '../../src/api.js';
import type { ReturnValidateResult } from '../../src/index.js';
import { cellSpecs } from '../../src/core/returns/document.js';
import { addressOf, coverRow, sheetNames } from '../../src/core/returns/layout.js';
import { cli, onlyJson } from '../helpers/cli.js';
import { convertWithLibreOffice, findSoffice, LIBREOFFICE_HINT } from '../helpers/libreoffice.js';
import { editWorkbook, shippedTemplate } from '../helpers/return-workbook.js';

const soffice = findSoffice();
if (!soffice && process.env.CI) throw new Error(`LibreOffice is missing in CI: ${LIBREOFFICE_HINT}`);
if (!soffice) console.warn(`skipping the LibreOffice return tests: ${LIBREOFFICE_HINT}`);

let dir: string;
let returns: Record<string, string>;
let period: string;

async function readBook(file: string): Promise<Workbook> {
  const wb = new (loadExcelJS().Workbook)();
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  return wb;
}

/** A formula cell's cached result as a number, or null when it is empty (exceljs reads a cached "" as no result). */
function cached(wb: Workbook, sheet: string, address: string): { formula: string | undefined; result: number | null } {
  const cell = wb.getWorksheet(sheet)!.getCell(address);
  const model = cell.model as { formula?: string; result?: unknown; sharedFormula?: string };
  const formula = model.formula ?? (cell.value as { formula?: string } | null)?.formula;
  const r = model.result ?? (cell.value as { result?: unknown } | null)?.result;
  return { formula, result: typeof r === 'number' ? r : null };
}

beforeAll(async () => {
  if (!soffice) return;
  dir = mkdtempSync(join(tmpdir(), 'gs-return-lo-'));
  const demo = await demoCommand({ out: join(dir, 'demo'), seed: 1 });
  returns = Object.fromEntries((demo.returns ?? []).map((r) => [r.template, r.file]));
  period = demo.returns?.[0]?.file.match(/_(\d{4}Q[1-4])_/)?.[1] ?? '';
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!soffice)('returns recalculated by LibreOffice', () => {
  it.each(['institution', 'market'])('%s: every formula LibreOffice recomputes on load equals the value grayscope wrote', async (id) => {
    const t = await shippedTemplate(id);
    const file = returns[id]!;
    expect(file).toMatch(new RegExp(`${id}_${period}_v1\\.xlsx$`));
    // A control: the same return with one cached total made wrong must come back corrected, or
    // LibreOffice did not recalculate and the comparison below would prove nothing.
    const formulas = cellSpecs(t).filter((c) => c.kind === 'formula');
    const first = formulas.find((c) => c.col === 'c010') ?? formulas[0]!;
    const sheetOf = (code: string) => t.sheets.find((s) => s.code === code)!;
    const control = join(dir, `${id}-control.xlsx`);
    copyFileSync(file, control);
    const firstAt = addressOf(sheetOf(first.sheet), first.row, first.col);
    const original = await readBook(file);
    const { formula } = cached(original, first.sheet, firstAt);
    await editWorkbook(control, { [`${first.sheet}!${firstAt}`]: { formula: formula!, result: 987654321 } as never });

    const recalculated = await readBook(await convertWithLibreOffice(file, 'xlsx', join(dir, `${id}-lo`)));
    const corrected = await readBook(await convertWithLibreOffice(control, 'xlsx', join(dir, `${id}-control-lo`)));
    expect(cached(corrected, first.sheet, firstAt).result).toBeCloseTo(cached(original, first.sheet, firstAt).result ?? 0, 9);

    let numbers = 0;
    for (const c of formulas) {
      const at = addressOf(sheetOf(c.sheet), c.row, c.col);
      const ours = cached(original, c.sheet, at);
      const theirs = cached(recalculated, c.sheet, at);
      expect(theirs.formula, `${c.sheet}!${at} keeps its formula`).toBe(ours.formula);
      if (ours.result === null) expect(theirs.result, `${c.sheet}!${at} empty`).toBeNull();
      else {
        numbers++;
        expect(theirs.result, `${c.sheet}!${at} (${c.key})`).not.toBeNull();
        expect(Math.abs(theirs.result! - ours.result)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ours.result)));
      }
    }
    expect(numbers).toBeGreaterThan(id === 'institution' ? 20 : 3);
  }, 180_000);

  it('a figure changed in LibreOffice (totals recomputed there) and a mistyped 统一社会信用代码 are caught by return validate', async () => {
    const t = await shippedTemplate('institution');
    const s01 = t.sheets.find((s) => s.code === 'S01')!;
    // Saved once by LibreOffice: the officer's copy. Once its 报出日期 (the one cover field the build
    // leaves to the officer) is filled in, it validates.
    const saved = await convertWithLibreOffice(returns.institution!, 'xlsx', join(dir, 'officer'));
    const unfiled = onlyJson<ReturnValidateResult>(await cli(['return', 'validate', saved, '--json'], { cwd: dir }));
    expect(unfiled.rules.filter((x) => x.status === 'fail').map((x) => x.id)).toEqual(['cover.filed_on']);
    await editWorkbook(saved, { [`${sheetNames('zh').cover}!B${coverRow(t, 'filed_on')}`]: '2026-01-15' });
    const clean = await cli(['return', 'validate', saved, '--json'], { cwd: dir });
    expect(clean.code).toBe(0);
    // The officer raises debt-evasion complaints by 100 and mistypes the code's check character.
    const wb = await readBook(saved);
    const item = addressOf(s01, 'r010', 'c010');
    const was = wb.getWorksheet('S01')!.getCell(item).value as number;
    const coverAt = `B${coverRow(t, 'uscc')}`;
    const uscc = String(wb.getWorksheet(sheetNames('zh').cover)!.getCell(coverAt).value);
    const wrong = uscc.slice(0, 17) + (uscc.endsWith('0') ? '1' : '0');
    await editWorkbook(saved, { [`S01!${item}`]: was + 100, [`${sheetNames('zh').cover}!${coverAt}`]: wrong });
    // LibreOffice opens the edited file and recomputes the totals, as it would on the officer's screen.
    const edited = await convertWithLibreOffice(saved, 'xlsx', join(dir, 'officer-edited'));
    const total = addressOf(s01, 'r090', 'c010');
    expect(cached(await readBook(edited), 'S01', total).result).toBe(cached(await readBook(saved), 'S01', total).result! + 100);

    const r = await cli(['return', 'validate', edited, '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = onlyJson<ReturnValidateResult>(r);
    const failed = out.rules.filter((x) => x.status === 'fail').map((x) => x.id);
    // The changed figure and the total LibreOffice recomputed differ from the build …
    expect(failed).toEqual(expect.arrayContaining(['built.S01!r010!c010', 'built.S01!r090!c010', 'cover.uscc']));
    // … and the sheets that must agree with S01's total no longer do.
    expect(failed).toEqual(expect.arrayContaining(['v0090', 'v0110', 'v0180']));
    // The total still equals its items: LibreOffice recomputed it, so that rule holds.
    expect(out.rules.find((x) => x.id === 'v0010')!.status).toBe('pass');
    expect(out.blocking_failed).toBe(failed.length);
  }, 180_000);
});
