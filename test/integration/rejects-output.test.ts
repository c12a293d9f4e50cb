// `rejects --format csv|xlsx` where officers work: the CSV starts with a UTF-8 BOM and no cell can
// run as a formula; the workbook, read back with exceljs, holds only text cells (the line a number),
// never a formula, whatever the data starts with (= + - @ tab CR, or full-width ＝ ＋ － ＠).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCommand, rejectsCommand } from '../../src/api.js';
import type { GrayscopeError } from '../../src/core/errors.js';
import { renderRejects } from '../../src/render/rejects.js';
import { parseCsv } from '../helpers/cli.js';
import { tempProject } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
beforeEach(() => {
  project = tempProject('gs-rejects-');
});
afterEach(() => project.cleanup());

// Each payload is a bad row's narrative (the row is rejected for its date), so it reaches `original`.
const PAYLOADS = ['=HYPERLINK("http://x","点我")', '+1+2', '-2+3', '@SUM(A1)', '\tTAB=1', '＝1+1', '＋SUM(A1)', '－2', '＠cmd', '普通文字'];
const flags = () => ({ project: project.dir, cwd: project.dir });

async function loadPayloads(): Promise<void> {
  const lines = PAYLOADS.map((p, i) => `TS${String(i).padStart(4, '0')},2025-13-01,广东,反催收,"${p.replaceAll('"', '""')}"`);
  writeFileSync(join(project.dir, '投诉.csv'), `工单编号,受理时间,所在地区,投诉类别,投诉内容\n${lines.join('\n')}\n`);
  await loadCommand({ source: 'complaints', files: ['投诉.csv'], ...flags() });
}

const refusal = async (promise: Promise<unknown>) => (await promise.catch((e: unknown) => e)) as GrayscopeError;

describe('rejects --format csv', () => {
  it('starts with the UTF-8 byte-order mark and keeps Chinese text as UTF-8', async () => {
    await loadPayloads();
    const text = renderRejects(await rejectsCommand(flags()), 'csv', 0);
    const bytes = Buffer.from(text, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.slice(1).startsWith('source,file,line,')).toBe(true);
    expect(text).toContain('投诉.csv');
  });

  it('prefixes every cell that starts like a formula, full-width forms included, with an apostrophe', () => {
    // Column names and original text come from the file: each payload as a whole cell.
    const rejects = PAYLOADS.map((p, i) => ({ source: 'complaints', file: '投诉.csv', line: i + 2, column: p, column_number: 1, cell: null, reason: 'x', original: p }));
    const rows = parseCsv(renderRejects({ source: 'complaints', total: rejects.length, rejects }, 'csv', 0).slice(1));
    const [header, ...data] = rows;
    const original = header!.indexOf('original');
    expect(data.map((r) => r[original])).toEqual(PAYLOADS.map((p) => (p === '普通文字' ? p : `'${p}`)));
    for (const cell of data.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
  });

  it('a loaded file\'s formula-like narratives reach the CSV only inside the rebuilt record, never at the start of a cell', async () => {
    await loadPayloads();
    const rows = parseCsv(renderRejects(await rejectsCommand(flags()), 'csv', 0).slice(1));
    expect(rows).toHaveLength(1 + PAYLOADS.length);
    for (const cell of rows.slice(1).flat()) expect(cell).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
    expect(rows.slice(1).some((r) => r.some((c) => c.includes('＝1+1')))).toBe(true);
  });

  it('--out FILE writes the same bytes, BOM first', async () => {
    await loadPayloads();
    const result = await rejectsCommand({ ...flags(), format: 'csv', out: 'out/rejects.csv' });
    const bytes = readFileSync(join(project.dir, 'out', 'rejects.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toBe(renderRejects(result, 'csv', 0));
  });
});

describe('rejects --format xlsx', () => {
  it('needs --out (exit 2): a workbook is never written to the terminal or a pipe', async () => {
    const err = await refusal(rejectsCommand({ ...flags(), format: 'xlsx' }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('--out');
  });

  it('writes text cells only (the line a number), no formula, with the payloads exactly as written, a bold frozen header and fixed dates', async () => {
    await loadPayloads();
    const result = await rejectsCommand({ ...flags(), format: 'xlsx', out: 'rejects.xlsx' });
    const path = join(project.dir, 'rejects.xlsx');
    expect(result.out).toBe(path);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.created.toISOString()).toBe('2000-01-01T00:00:00.000Z');
    expect(workbook.modified.toISOString()).toBe('2000-01-01T00:00:00.000Z');
    const sheet = workbook.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = sheet.getRow(1);
    expect(header.values).toEqual([undefined, 'source', 'file', 'line', 'column', 'cell', 'reason', 'original']);
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.getColumn(6).width).toBe(70);
    expect(sheet.rowCount).toBe(1 + PAYLOADS.length);
    for (let r = 2; r <= sheet.rowCount; r++) {
      sheet.getRow(r).eachCell((cell, col) => {
        expect(cell.type, `row ${r} col ${col}`).toBe(col === 3 ? ExcelJS.ValueType.Number : ExcelJS.ValueType.String);
        expect(cell.formula).toBeUndefined();
      });
    }
    const originals = Array.from({ length: PAYLOADS.length }, (_, i) => String(sheet.getRow(i + 2).getCell(7).value));
    // `original` is the rejected record rebuilt as a CSV line: each payload is in one, as written.
    for (const p of PAYLOADS) expect(originals.some((o) => o.includes(p.replaceAll('"', '""')))).toBe(true);
  });

  it('a cell that starts with a formula character stays a text cell, not a formula (the workbook XML has no <f> element)', async () => {
    const { writeDataWorkbook } = await import('../../src/adapters/excel-output.js');
    const path = join(project.dir, 'payloads.xlsx');
    await writeDataWorkbook(path, [{ name: 'p', columns: [{ header: 'v', key: 'v' }], rows: PAYLOADS.map((v) => ({ v })) }]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const values = PAYLOADS.map((_, i) => workbook.worksheets[0]!.getRow(i + 2).getCell(1));
    expect(values.map((c) => c.value)).toEqual(PAYLOADS);
    for (const c of values) expect(c.type).toBe(ExcelJS.ValueType.String);
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(readFileSync(path));
    const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheetXml).not.toMatch(/<f[ >]/);
    // Every data cell is formatted as text (@, built-in format 49), so editing it in Excel keeps it text.
    const styles = await zip.file('xl/styles.xml')!.async('string');
    expect(styles).toContain('numFmtId="49"');
  });

  it('LibreOffice opens the workbook and reads the payloads back as text (skipped when soffice is not installed)', async (context) => {
    const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));
    if (!soffice) {
      // CI installs it (.ci/run); elsewhere the test says what to install.
      if (process.env.CI) throw new Error('soffice (LibreOffice) is missing in CI: .ci/run installs libreoffice-calc-nogui');
      context.skip('soffice (LibreOffice) is not installed (apt-get install libreoffice-calc-nogui): the workbook was checked with exceljs only');
      return;
    }
    const { writeDataWorkbook } = await import('../../src/adapters/excel-output.js');
    const path = join(project.dir, 'lo.xlsx');
    await writeDataWorkbook(path, [{ name: 'p', columns: [{ header: 'v', key: 'v' }], rows: PAYLOADS.filter((p) => !p.includes('\t')).map((v) => ({ v })) }]);
    // CSV filter options: comma, double quote, UTF-8 (76), so the Chinese payloads survive the export.
    execFileSync(soffice, ['--headless', `-env:UserInstallation=file://${join(project.dir, 'lo-profile')}`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', project.dir, path], { timeout: 120_000 });
    const csv = readFileSync(join(project.dir, 'lo.csv'), 'utf8');
    for (const p of PAYLOADS.filter((x) => !x.includes('\t'))) expect(csv).toContain(p.includes('"') ? p.replaceAll('"', '""') : p);
  });
});
