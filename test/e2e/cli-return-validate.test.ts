// `grayscope return validate` and `return export` through the built CLI: the JSON shapes, exit codes
// 0 / 1 / 2 / 3 (with --json too), and the human summary.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReturnExportResult, ReturnValidateResult } from '../../src/index.js';
import { addressOf } from '../../src/core/returns/layout.js';
import { cli, type ErrorDocument, onlyJson } from '../helpers/cli.js';
import { tempProject } from '../helpers/project.js';
import { cleanInstitutionReturn, editWorkbook, writeReturnWorkbook } from '../helpers/return-workbook.js';

let tmp: ReturnType<typeof tempProject>;
beforeEach(() => {
  tmp = tempProject('gs-e2e-return-validate-');
});
afterEach(() => tmp.cleanup());

// Human output pinned to English (the --json documents are the same in every language).
const run = (...args: string[]) => cli([...args, '--lang', 'en'], { cwd: tmp.dir });

describe('grayscope return validate / export', () => {
  it('a clean return: --json is one document of the documented shape, exit 0; export and validate the package, exit 0', async () => {
    const { t, doc } = await cleanInstitutionReturn();
    await writeReturnWorkbook(join(tmp.dir, 'r.xlsx'), t, doc);
    const r = await run('return', 'validate', 'r.xlsx', '--json');
    expect(r.code).toBe(0);
    const out = onlyJson<ReturnValidateResult>(r);
    expect(Object.keys(out)).toEqual(['file', 'source', 'template', 'template_version', 'period', 'version', 'rules', 'blocking_failed', 'warnings', 'unexplained', 'passed', 'recomputed']);
    expect(out).toMatchObject({ file: 'r.xlsx', template: 'institution', template_version: 1, period: '2025Q3', version: 1, blocking_failed: 0, warnings: 0, unexplained: 0 });
    expect(out.rules.find((x) => x.id === 'v0010')).toMatchObject({ severity: 'blocking', status: 'pass', cells: expect.arrayContaining([expect.objectContaining({ sheet: 'S01', row: 'r090', col: 'c010', address: 'S01!C14', value: 700 })]) });

    const e = await run('return', 'export', 'r.xlsx', '--format', 'xbrl-csv', '--out', 'pkg', '--json');
    expect(e.code).toBe(0);
    expect(onlyJson<ReturnExportResult>(e)).toMatchObject({ file: 'r.xlsx', format: 'xbrl-csv', out: 'pkg', files: expect.arrayContaining(['META-INF/reportPackage.json', 'reports/report.json']) });
    const p = await run('return', 'validate', 'pkg');
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(/^pkg: institution v1, 2025Q3, return version 1 \(package\) — passed: \d+ passed, 0 blocking failed, 0 warnings/);
    const again = await run('return', 'export', 'r.xlsx', '--format', 'csv', '--out', 'pkg', '--json');
    expect(again.code).toBe(2);
    expect(onlyJson<ErrorDocument>(again).error.message).toMatch(/^--out pkg is not empty/);
  });

  it('a changed built figure: exit 1, the cell named in --json and in the human lines', async () => {
    const { t, doc } = await cleanInstitutionReturn('en');
    await writeReturnWorkbook(join(tmp.dir, 'r.xlsx'), t, doc);
    await editWorkbook(join(tmp.dir, 'r.xlsx'), { [`S01!${addressOf(t.sheets[0]!, 'r010', 'c010')}`]: 130 });
    const r = await run('return', 'validate', 'r.xlsx', '--json');
    expect(r.code).toBe(1);
    const out = onlyJson<ReturnValidateResult>(r);
    expect(out.rules[1]).toMatchObject({ id: 'built.S01!r010!c010', severity: 'blocking', status: 'fail', cells: [{ address: 'S01!C6', value: 130 }] });
    const human = await run('return', 'validate', 'r.xlsx');
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('✗ built.S01!r010!c010 [blocking] S01!C6 (r010, c010) was 100 when built and is 130 now');
    expect(human.stdout).toContain('S01!C6 = 130');
    const e = await run('return', 'export', 'r.xlsx', '--format', 'csv', '--out', 'csv', '--json');
    expect(e.code).toBe(1);
    expect(onlyJson<ErrorDocument>(e).error.code).toBe('checks_failed');
  });

  it('not a grayscope return, or not an xlsx: exit 3 with --json', async () => {
    writeFileSync(join(tmp.dir, 'fake.xlsx'), 'a,b\n1,2\n');
    const r = await run('return', 'validate', 'fake.xlsx', '--json');
    expect(r.code).toBe(3);
    expect(onlyJson<ErrorDocument>(r).error.message).toMatch(/^fake\.xlsx is not a readable \.xlsx workbook/);
    // In the user's words, not the zip library's (which names a web page).
    expect(onlyJson<ErrorDocument>(r).error.message).toBe('fake.xlsx is not a readable .xlsx workbook: it is not a zip archive, as every .xlsx is (a CSV or text file renamed?)');
    // A bad flag of a command under a topic names the command as it is typed.
    const bad = await run('return', 'export', 'fake.xlsx', '--format', 'pdf', '--out', 'x', '--json');
    expect(bad.code).toBe(2);
    expect(onlyJson<ErrorDocument>(bad).error.hint).toBe('See `grayscope return export --help`.');
    const missing = await run('return', 'validate', 'nope.xlsx');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('nope.xlsx cannot be read: ENOENT');
  });
});
