// `return validate` on workbooks written the way the builder lays a return out: a clean return
// passes; a built figure changed after the build is caught (with its total too); formulas saved
// without cached values are recomputed; a triggered warning needs an explanation in column F; a
// workbook that is not a grayscope return, not an xlsx, or of an unknown template version is exit 3.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { returnValidateCommand, returnValidateExitCode, type ReturnValidateResult } from '../../src/api-outputs.js';
import { shippedReturnsRoot } from '../../src/core/returns/discover.js';
import { loadExcelJS } from '../../src/adapters/exceljs-utf8.js';
import { addressOf, coverRow, filingRow } from '../../src/core/returns/layout.js';
import type { CellKey, Figure } from '../../src/core/returns/document.js';
import { cleanInstitutionReturn, editWorkbook, exitOf, explain, writeReturnWorkbook } from '../helpers/return-workbook.js';
import { tempProject } from '../helpers/project.js';

let tmp: ReturnType<typeof tempProject>;
beforeEach(() => {
  tmp = tempProject('gs-return-validate-');
});
afterEach(() => tmp.cleanup());

const validate = (file: string) => returnValidateCommand({ file, project: tmp.dir, cwd: tmp.dir });
const rule = (r: ReturnValidateResult, id: string) => r.rules.find((x) => x.id === id);
const failed = (r: ReturnValidateResult) => r.rules.filter((x) => x.status === 'fail').map((x) => x.id);


async function cleanFile(name = 'return.xlsx', lang: 'zh' | 'en' = 'zh') {
  const { t, doc } = await cleanInstitutionReturn(lang);
  await writeReturnWorkbook(join(tmp.dir, name), t, doc);
  return { t, doc, file: name };
}

describe('return validate: a workbook', () => {
  it('passes a clean return: exit 0, the manifest intact, every rule passed or skipped (no previous return)', async () => {
    const { file } = await cleanFile();
    const r = await validate(file);
    expect(failed(r)).toEqual([]);
    expect(r).toMatchObject({ file, source: 'workbook', template: 'institution', template_version: 1, period: '2025Q3', version: 1, blocking_failed: 0, warnings: 0, unexplained: 0, recomputed: [] });
    expect(rule(r, 'built.manifest')!.status).toBe('pass');
    expect(rule(r, 'cover.uscc')!.status).toBe('pass');
    expect(rule(r, 'v0140')!.status).toBe('skipped');
    expect(returnValidateExitCode(r)).toBe(0);
  });

  it('reads a return written in English (Cover, Validation) the same way', async () => {
    const { file } = await cleanFile('en.xlsx', 'en');
    const r = await validate(file);
    expect(failed(r)).toEqual([]);
    expect(rule(r, 'built.manifest')!.message).toBe('the manifest matches its digest');
  });

  it('a built figure changed after the build is a blocking failure naming the cell with both values: exit 1', async () => {
    const { t, file } = await cleanFile();
    await editWorkbook(join(tmp.dir, file), { [`S01!${addressOf(t.sheets[0]!, 'r010', 'c010')}`]: 130 });
    const r = await validate(file);
    const built = rule(r, 'built.S01!r010!c010')!;
    expect(built).toMatchObject({ severity: 'blocking', status: 'fail', cells: [{ sheet: 'S01', row: 'r010', col: 'c010', address: 'S01!C6', value: 130 }] });
    expect(built.message).toContain('S01!C6（r010, c010）生成时为100，现为130');
    expect(rule(r, 'v0010')!.status).toBe('fail'); // the cached total still says 700
    expect(returnValidateExitCode(r)).toBe(1);
  });

  it('a changed figure AND its total (so the sums agree) is still caught, both cells named', async () => {
    const { t, file } = await cleanFile('en.xlsx', 'en');
    const s = t.sheets[0]!;
    await editWorkbook(join(tmp.dir, file), {
      [`S01!${addressOf(s, 'r010', 'c010')}`]: 130,
      [`S01!${addressOf(s, 'r090', 'c010')}`]: { formula: 'SUM(C6:C13)', result: 730 } as never,
    });
    const r = await validate(file);
    expect(rule(r, 'v0010')!.status).toBe('pass');
    expect(failed(r)).toEqual(expect.arrayContaining(['built.S01!r010!c010', 'built.S01!r090!c010']));
    expect(rule(r, 'built.S01!r090!c010')!.message).toBe('S01!C14 (r090, c010) was 700 when built and is 730 now: built figures cannot be changed; amend the return with grayscope return build --amend');
    expect(r.blocking_failed).toBeGreaterThanOrEqual(2);
  });

  it('formulas saved without cached values are recomputed from the template, and the return passes', async () => {
    const { t, doc } = await cleanInstitutionReturn();
    await writeReturnWorkbook(join(tmp.dir, 'nocache.xlsx'), t, doc, { noCachedResults: true });
    const r = await validate('nocache.xlsx');
    expect(r.recomputed).toContain('S01!C14');
    expect(r.recomputed).toContain('S06!E6');
    expect(failed(r)).toEqual([]);
    const total = rule(r, 'v0010')!.cells.find((c) => c.address === 'S01!C14')!;
    expect(total.value).toBe(700);
  });

  it('a figure typed as text is read as its number ("１,234" style); text that is not a number is blocking, naming sheet!cell', async () => {
    const { t, file } = await cleanFile();
    const s = t.sheets[0]!;
    await editWorkbook(join(tmp.dir, file), { [`S01!${addressOf(s, 'r020', 'c010')}`]: '１００', [`S01!${addressOf(s, 'r030', 'c010')}`]: 'n/a' });
    const r = await validate(file);
    expect(rule(r, 'built.S01!r020!c010')).toBeUndefined();
    expect(rule(r, 'read.S01!r030!c010')).toMatchObject({ severity: 'blocking', status: 'fail', message: 'S01!C8 (r030, c010)的内容“n/a”不是数字：请填写数字' });
    expect(returnValidateExitCode(r)).toBe(1);
  });

  it('a triggered warning without an explanation fails (exit 1); explained in column F of the validation sheet it passes (exit 0)', async () => {
    const { t, doc } = await cleanInstitutionReturn();
    doc.previous = { 'S06!r010!c010': 400, 'S06!r020!c010': null, 'S06!r030!c010': 0.1 } as Record<CellKey, Figure>;
    await writeReturnWorkbook(join(tmp.dir, 'w.xlsx'), t, doc);
    const before = await validate('w.xlsx');
    expect(rule(before, 'v0140')).toMatchObject({ severity: 'warning', status: 'fail' });
    expect(before).toMatchObject({ blocking_failed: 0, warnings: 1, unexplained: 1 });
    expect(returnValidateExitCode(before)).toBe(1);
    await explain(join(tmp.dir, 'w.xlsx'), 'v0140', '本季度新增两个受理渠道');
    const after = await validate('w.xlsx');
    expect(rule(after, 'v0140')).toMatchObject({ status: 'explained', explanation: '本季度新增两个受理渠道' });
    expect(after).toMatchObject({ blocking_failed: 0, warnings: 1, unexplained: 0 });
    expect(returnValidateExitCode(after)).toBe(0);
  });

  it('a cover 统一社会信用代码 with a wrong check digit is blocking; so is a filing indicator that is neither 是 nor 否', async () => {
    const { t, file } = await cleanFile();
    await editWorkbook(join(tmp.dir, file), { [`封面!B${coverRow(t, 'uscc')}`]: '91350100M000100Y44', [`封面!C${filingRow(t, 'S03')}`]: '也许' });
    const r = await validate(file);
    expect(rule(r, 'cover.uscc')).toMatchObject({ severity: 'blocking', status: 'fail' });
    expect(rule(r, 'read.filing.S03')!.message).toBe(`封面!C${filingRow(t, 'S03')}：S03的报送标识为"也许"，应填“是”或“否”`);
    expect(returnValidateExitCode(r)).toBe(1);
  });

  it('a manifest edited to match a changed figure fails its digest', async () => {
    const { t, file } = await cleanFile();
    const ExcelJS = loadExcelJS();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(tmp.dir, file));
    const m = wb.getWorksheet('_grayscope')!;
    m.eachRow((row) => {
      if (row.getCell(1).value === 'cell:S01!r010!c010') row.getCell(2).value = 130;
    });
    wb.getWorksheet('S01')!.getCell(addressOf(t.sheets[0]!, 'r010', 'c010')).value = 130;
    await wb.xlsx.writeFile(join(tmp.dir, file));
    const r = await validate(file);
    expect(rule(r, 'built.S01!r010!c010')).toBeUndefined();
    expect(rule(r, 'built.manifest')!.status).toBe('fail');
    expect(returnValidateExitCode(r)).toBe(1);
  });
});

describe('return validate: not a grayscope return (exit 3)', () => {
  it('an xlsx without a manifest names the sheets it has', async () => {
    const ExcelJS = loadExcelJS();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('封面').getCell('A1').value = 'x';
    wb.addWorksheet('Sheet2');
    await wb.xlsx.writeFile(join(tmp.dir, 'other.xlsx'));
    expect(await exitOf(validate('other.xlsx'))).toEqual({ code: 3, message: 'other.xlsx is not a grayscope return: it has no grayscope manifest (sheets: 封面, Sheet2)' });
  });

  it('a CSV renamed .xlsx is not a readable workbook', async () => {
    writeFileSync(join(tmp.dir, 'fake.xlsx'), 'a,b\n1,2\n');
    const e = await exitOf(validate('fake.xlsx'));
    expect(e.code).toBe(3);
    expect(e.message).toMatch(/^fake\.xlsx is not a readable \.xlsx workbook: /);
  });

  it('an encrypted (OLE) file is named as such', async () => {
    writeFileSync(join(tmp.dir, 'locked.xlsx'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
    expect(await exitOf(validate('locked.xlsx'))).toMatchObject({ code: 3, message: 'locked.xlsx is not a readable .xlsx workbook: it is encrypted (password-protected) or an old .xls file' });
  });

  it('a template version neither the project nor grayscope has names what was found and what is known', async () => {
    const { t, doc } = await cleanInstitutionReturn();
    await writeReturnWorkbook(join(tmp.dir, 'v9.xlsx'), t, { ...doc, template_version: 9 });
    expect(await exitOf(validate('v9.xlsx'))).toEqual({
      code: 3,
      message: 'v9.xlsx is a return of template institution version 9, which neither the project nor grayscope has in that version (templates: institution v1 (shipped), market v1 (shipped))',
    });
    await writeReturnWorkbook(join(tmp.dir, 'x.xlsx'), t, { ...doc, template: 'nosuch' });
    expect((await exitOf(validate('x.xlsx'))).message).toContain('template nosuch version 1, which is not a template the project or grayscope has');
  });

  it('a return of the shipped version still validates in a project whose reports/returns/ has a newer version of the template', async () => {
    const { file } = await cleanFile();
    mkdirSync(join(tmp.dir, 'reports', 'returns'), { recursive: true });
    writeFileSync(join(tmp.dir, 'reports', 'returns', 'institution.yaml'), readFileSync(join(shippedReturnsRoot(), 'institution.yaml'), 'utf8').replace(/^version: 1$/m, 'version: 2'));
    const r = await validate(file);
    expect(r).toMatchObject({ template: 'institution', template_version: 1, blocking_failed: 0 });
  });
});
