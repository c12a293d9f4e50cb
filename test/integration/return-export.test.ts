// `return export`: the xBRL-CSV report package (files, parameters, facts with exactly their decimals),
// its round trip through `return validate DIR` (same rules, same statuses), the plain CSV, formula
// payloads that stay inert text, and the output folder rules (not empty: exit 2 unless --force).
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { returnExportCommand, returnValidateCommand, returnValidateExitCode, type ReturnValidateResult } from '../../src/api-outputs.js';
import type { CellKey, Figure } from '../../src/core/returns/document.js';
import { addressOf } from '../../src/core/returns/layout.js';
import { safeCsvCell } from '../../src/core/safe-csv.js';
import { cleanInstitutionReturn, editWorkbook, exitOf, writeReturnWorkbook } from '../helpers/return-workbook.js';
import { parseCsv } from '../helpers/cli.js';
import { tempProject } from '../helpers/project.js';

let tmp: ReturnType<typeof tempProject>;
beforeEach(() => {
  tmp = tempProject('gs-return-export-');
});
afterEach(() => tmp.cleanup());

const flags = () => ({ project: tmp.dir, cwd: tmp.dir });
const exportTo = (out: string, format: 'xbrl-csv' | 'csv' = 'xbrl-csv', force = false) => returnExportCommand({ ...flags(), file: 'r.xlsx', format, out, force });
const read = (...p: string[]) => readFileSync(join(tmp.dir, ...p), 'utf8');
const statuses = (r: ReturnValidateResult) => r.rules.filter((x) => !x.id.startsWith('built.') && !x.id.startsWith('package.')).map((x) => [x.id, x.status, x.explanation ?? null]);

/** Text payloads a spreadsheet would run as formulas, one per S06 explanation cell and in the explanations. */
const PAYLOADS = ['=1+1', '+SUM(A1)', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1', '＝1+1', '＋1', '－1', '＠x', 'a "quoted", text\nwith a line'];

async function writeReturn(options: { previous?: boolean; payloads?: boolean } = {}) {
  const { t, doc } = await cleanInstitutionReturn();
  if (options.previous) {
    doc.previous = { 'S06!r010!c010': 400, 'S06!r020!c010': null, 'S06!r030!c010': 0.1 } as Record<CellKey, Figure>;
    doc.explanations = { v0140: PAYLOADS[0]! };
  }
  if (options.payloads) {
    ['r010', 'r020', 'r030', 'r040', 'r050', 'r060'].forEach((r, i) => (doc.values[`S06!${r}!c060`] = PAYLOADS[i]!));
    doc.explanations = { ...doc.explanations, v0150: PAYLOADS[6]!, v0160: PAYLOADS.at(-1)! };
  }
  await writeReturnWorkbook(join(tmp.dir, 'r.xlsx'), t, doc);
  return { t, doc };
}


describe('return export --format xbrl-csv', () => {
  it('writes the report package: reportPackage.json, report.json, parameters, filing indicators, one table a sheet', async () => {
    await writeReturn();
    const r = await exportTo('pkg');
    expect(r).toMatchObject({ file: 'r.xlsx', format: 'xbrl-csv', out: 'pkg', validation: { blocking_failed: 0, warnings: 0, unexplained: 0 } });
    expect(r.files).toEqual(['META-INF/reportPackage.json', 'reports/report.json', 'reports/parameters.csv', 'reports/FilingIndicators.csv', 'reports/S01.csv', 'reports/S02.csv', 'reports/S03.csv', 'reports/S04.csv', 'reports/S05.csv', 'reports/S06.csv', 'reports/Explanations.csv']);
    expect(JSON.parse(read('pkg', 'META-INF', 'reportPackage.json'))).toEqual({ documentInfo: { documentType: 'https://xbrl.org/report-package/2023' } });
    const report = JSON.parse(read('pkg', 'reports', 'report.json'));
    expect(report.documentInfo.documentType).toBe('https://xbrl.org/2021/xbrl-csv');
    expect(report.documentInfo.taxonomy).toEqual(['https://grayscope.example/taxonomy/institution/1/entry.json']);
    expect(report.parameterURL).toBe('parameters.csv');
    expect(report.tables.S01).toEqual({ template: 'datapoints', url: 'S01.csv' });
    const params = Object.fromEntries(parseCsv(read('pkg', 'reports', 'parameters.csv')).slice(1).map(([k, v]) => [k, v]));
    expect(params).toMatchObject({ entityID: 'uscc:91350100M000100Y43', refPeriod: '2025-09-30', baseCurrency: 'iso4217:CNY', template: 'institution', templateVersion: '1', period: '2025Q3', returnVersion: '1', 'decimals.wan': '2', 'cover.entity_name': '某某消费金融有限公司' });
    expect(params.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(params['decimals.count']).toBe('0'); // every count has 0 decimals; a unit whose cells differ would have no such parameter (each fact row says its own)
    expect(read('pkg', 'reports', 'FilingIndicators.csv')).toBe('templateID,reported\r\nS01,true\r\nS02,true\r\nS03,true\r\nS04,true\r\nS05,true\r\nS06,true\r\n');
    const s03 = parseCsv(read('pkg', 'reports', 'S03.csv'));
    expect(s03[0]).toEqual(['datapoint', 'factValue', 'unit', 'decimals']);
    expect(s03).toContainEqual(['S03.r010.c030', '86.38', 'wan', '2']);
    expect(s03).toContainEqual(['S03.r350.c030', '86.38', 'wan', '2']);
    expect(parseCsv(read('pkg', 'reports', 'S01.csv'))).toContainEqual(['S01.r090.c030', '0.1000', 'share', '4']);
  });

  it('round-trips: return validate on the package gives the same rules and statuses as on the workbook', async () => {
    await writeReturn({ previous: true, payloads: true });
    const onWorkbook = await returnValidateCommand({ ...flags(), file: 'r.xlsx' });
    await exportTo('pkg');
    const onPackage = await returnValidateCommand({ ...flags(), file: 'pkg' });
    expect(onPackage.source).toBe('package');
    expect(onPackage.rules.find((x) => x.id === 'package.digest')!.status).toBe('pass');
    expect(statuses(onPackage)).toEqual(statuses(onWorkbook));
    expect(onPackage.rules.find((x) => x.id === 'v0140')).toMatchObject({ status: 'explained', explanation: '=1+1' });
    expect([onPackage.blocking_failed, onPackage.warnings, onPackage.unexplained]).toEqual([onWorkbook.blocking_failed, onWorkbook.warnings, onWorkbook.unexplained]);
  });

  it('a package changed after the export fails its digest (exit 1)', async () => {
    await writeReturn();
    await exportTo('pkg');
    const path = join(tmp.dir, 'pkg', 'reports', 'S01.csv');
    writeFileSync(path, readFileSync(path, 'utf8').replace('S01.r010.c010,100,', 'S01.r010.c010,130,'));
    const r = await returnValidateCommand({ ...flags(), file: 'pkg' });
    expect(r.rules.find((x) => x.id === 'package.digest')!.status).toBe('fail');
    expect(returnValidateExitCode(r)).toBe(1);
  });

  it('a folder that is not a package is exit 3', async () => {
    mkdirSync(join(tmp.dir, 'empty'));
    expect(await exitOf(returnValidateCommand({ ...flags(), file: 'empty' }))).toMatchObject({ code: 3, message: 'empty is a folder but not a return package: it has no META-INF/reportPackage.json' });
  });
});

describe('return export: formula payloads stay inert', () => {
  it('safeCsvCell guards = + - @ tab CR and ＝ ＋ － ＠, and leaves numbers and plain text alone', () => {
    for (const p of ['=1', '+1', '-1+1', '@A', '\t=1', '\r=1', '＝1', '＋1', '－1', '＠A']) expect(safeCsvCell(p).replace(/^"/, '')).toMatch(/^'/);
    expect(safeCsvCell('-12.50')).toBe('-12.50');
    expect(safeCsvCell(-3)).toBe('-3');
    expect(safeCsvCell('某某公司')).toBe('某某公司');
  });

  it('every text in the package and the plain CSV starts with an apostrophe where it would run; the package reads back the original text', async () => {
    await writeReturn({ payloads: true });
    await exportTo('pkg');
    const s06 = parseCsv(read('pkg', 'reports', 'S06.csv'));
    const texts = s06.filter((row) => row[2] === 'text').map((row) => row[1]!);
    expect(texts).toHaveLength(6);
    // The CR payload cannot survive the workbook itself: XML reads a CR in a cell's text as LF, which runs nothing.
    expect(texts.filter((t) => !t.startsWith("'"))).toEqual(['\n=1+1']);
    const expl = parseCsv(read('pkg', 'reports', 'Explanations.csv'));
    expect(expl).toContainEqual(['v0150', "'＝1+1"]);
    const back = await returnValidateCommand({ ...flags(), file: 'pkg' });
    expect(back.rules.find((x) => x.id === 'package.digest')!.status).toBe('pass');

    const csv = await exportTo('csv', 'csv');
    expect(csv.files).toEqual(['institution_2025Q3_v1.csv']);
    const text = read('csv', 'institution_2025Q3_v1.csv');
    expect(text.startsWith('\uFEFFsheet,row,row_label,col,col_label,unit,decimals,value\r\n')).toBe(true);
    const rows = parseCsv(text.slice(1));
    const values = rows.filter((r) => r[0] === 'S06' && r[3] === 'c060').map((r) => r[7]!);
    expect(values.map((v) => v[0])).toEqual(["'", "'", "'", "'", "'", '\n']);
    expect(rows).toContainEqual(['S03', 'r010', '北京市', 'c030', '涉案金额（万元）', 'wan', '2', '86.38']);
  });
});

describe('return export: the output folder and the workbook', () => {
  it('refuses a folder that is not empty (exit 2) unless --force, which replaces the package and leaves other files', async () => {
    await writeReturn();
    mkdirSync(join(tmp.dir, 'out'));
    writeFileSync(join(tmp.dir, 'out', 'notes.txt'), 'mine');
    expect(await exitOf(exportTo('out'))).toMatchObject({ code: 2, message: '--out out is not empty (notes.txt)' });
    await exportTo('out', 'xbrl-csv', true);
    writeFileSync(join(tmp.dir, 'out', 'reports', 'stale.csv'), 'x');
    await exportTo('out', 'xbrl-csv', true);
    expect(existsSync(join(tmp.dir, 'out', 'reports', 'stale.csv'))).toBe(false);
    expect(read('out', 'notes.txt')).toBe('mine');
    expect((await returnValidateCommand({ ...flags(), file: 'out' })).blocking_failed).toBe(0);
  });

  it('refuses (exit 1) a workbook whose built figures were changed: the package would certify them', async () => {
    const { t } = await writeReturn();
    await editWorkbook(join(tmp.dir, 'r.xlsx'), { [`S01!${addressOf(t.sheets[0]!, 'r010', 'c010')}`]: 130 });
    const e = await exitOf(exportTo('pkg'));
    expect(e.code).toBe(1);
    expect(e.message).toContain('r.xlsx cannot be exported: 1 check of the workbook itself failed (S01!C6（r010, c010）生成时为100，现为130');
    expect(existsSync(join(tmp.dir, 'pkg'))).toBe(false);
  });
});
