// Inputs the robustness probe of issue 15 found losing rows silently or loading what it should
// refuse, each through the real loader and DuckDB: every record is loaded or quarantined at its
// line (rows_read = rows_loaded + rows_rejected = the file's records), or the file is refused.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import iconv from 'iconv-lite';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { loadCommand } from '../../src/api.js';
import type { GrayscopeError } from '../../src/core/errors.js';
import { tempProject, withDb } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.cleanup());

const HEAD = 'complaint_id,received_date,region,category,narrative';
const file = (name: string, text: string | Buffer) => {
  const path = join(project.dir, name);
  writeFileSync(path, text);
  return path;
};
const db = () => join(project.dir, 'grayscope.duckdb');
const load = (source: string, files: string[], extra: Record<string, unknown> = {}) => loadCommand({ source, files, project: project.dir, ...extra });
const quarantined = () => withDb(db(), (d) => d.all<{ line: number; reason: string }>('SELECT line, reason FROM quarantine ORDER BY line'));

describe('the line-exact CSV reader (files with empty lines)', () => {
  it('a malformed quoted field ("q"t) quarantines its one row at its line and every later row still loads (100,000 rows, an empty line)', async () => {
    const rows = 100_000;
    const bad = 60_000;
    const lines = [HEAD];
    for (let i = 0; i < rows; i++) {
      if (i === 10) lines.push('');
      const narrative = i === bad ? '"q"t' : i === 80_000 ? '"two\nlines"' : `text ${i}`;
      lines.push(`C${i},2025-01-${String(1 + (i % 28)).padStart(2, '0')},广东,反催收,${narrative}`);
    }
    const path = file('quote.csv', `${lines.join('\n')}\n`);
    const result = await load('complaints', [path]);
    expect(result.totals).toEqual({ rows_read: rows, rows_loaded: rows - 1, rows_rejected: 1 });
    // Line = 1 (header) + 1 (the empty line, before record 10) + index + 1; record 80,000 spans two lines.
    expect(await quarantined()).toEqual([{ line: bad + 3, reason: expect.stringMatching(/quote/) }]);
    await withDb(db(), async (d) => {
      expect(await d.all(`SELECT complaint_id, source_line FROM complaints WHERE complaint_id IN ('C9', 'C10', 'C${bad + 1}', 'C80000', 'C80001', 'C${rows - 1}') ORDER BY source_line`)).toEqual([
        { complaint_id: 'C9', source_line: 11 },
        { complaint_id: 'C10', source_line: 13 },
        { complaint_id: `C${bad + 1}`, source_line: bad + 4 },
        { complaint_id: 'C80000', source_line: 80_003 },
        { complaint_id: 'C80001', source_line: 80_005 },
        { complaint_id: `C${rows - 1}`, source_line: rows + 3 },
      ]);
    });
  });

  it('an unclosed quote on the last line quarantines that line and keeps every row before it', async () => {
    const lines = [HEAD];
    for (let i = 0; i < 5_000; i++) lines.push(`C${i},2025-01-02,广东,反催收,ok`);
    lines.splice(3, 0, '');
    lines.push('C9999,2025-01-02,广东,反催收,"never closed');
    const result = await load('complaints', [file('open.csv', `${lines.join('\n')}\n`)]);
    expect(result.totals).toEqual({ rows_read: 5_001, rows_loaded: 5_000, rows_rejected: 1 });
    expect(await quarantined()).toEqual([{ line: 5_003, reason: expect.stringMatching(/quote/) }]);
  });
});

describe('a field too long for any row', () => {
  it('a 130 MiB field quarantines its row at its line (over the 8 MiB a row may have) and the rows after it keep their lines', { timeout: 60_000 }, async () => {
    const path = join(project.dir, 'long.csv');
    const fd = openSync(path, 'w');
    writeSync(fd, `${HEAD}\nA1,2025-01-02,广东,反催收,ok\nA2,2025-01-02,广东,反催收,`);
    const mib = Buffer.alloc(1 << 20, 'x');
    for (let i = 0; i < 130; i++) writeSync(fd, mib);
    writeSync(fd, '\nA3,2025-01-02,广东,反催收,ok\nA4,2025-01-02,广东,反催收,ok\n');
    closeSync(fd);
    const result = await load('complaints', [path]);
    expect(result.totals).toEqual({ rows_read: 4, rows_loaded: 3, rows_rejected: 1 });
    expect(await quarantined()).toEqual([{ line: 3, reason: expect.stringMatching(/longer than/) }]);
    await withDb(db(), async (d) => {
      expect(await d.all('SELECT complaint_id, source_line FROM complaints ORDER BY 2')).toEqual([
        { complaint_id: 'A1', source_line: 2 },
        { complaint_id: 'A3', source_line: 4 },
        { complaint_id: 'A4', source_line: 5 },
      ]);
    });
  });
});

describe('damaged or lossy input (issue 15 item 4)', () => {
  async function workbook(rows: Array<Array<string | number>>, header = ['complaint_id', 'received_date', 'region', 'category', 'account']) {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('投诉');
    ws.addRow(header);
    for (const r of rows) ws.addRow(r);
    const path = join(project.dir, `w${Math.random().toString(36).slice(2)}.xlsx`);
    await wb.xlsx.writeFile(path);
    return path;
  }

  it('a workbook whose sheet XML is cut short inside a valid zip is refused (exit 3, naming the sheet) and nothing is loaded', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`W${i}`, '2025-01-02', '广东', '反催收', '']);
    const path = await workbook(rows);
    const JSZip = createRequire(import.meta.url)('jszip') as typeof import('jszip');
    const zip = await JSZip.loadAsync(await import('node:fs').then((fs) => fs.readFileSync(path)));
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file('xl/worksheets/sheet1.xml', xml.slice(0, Math.floor(xml.length / 2)));
    writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const err = (await load('complaints', [path]).catch((e: unknown) => e)) as GrayscopeError;
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain('投诉');
    expect(err.message).toMatch(/cut short|truncated|damaged/);
    const rowsInDb = await withDb(db(), (d) => d.scalar<number>('SELECT count(*) FROM complaints')).catch(() => 0);
    expect(rowsInDb).toBe(0);
  });

  it('a 19-digit card number in a numeric XLSX cell quarantines its row: the number lost digits, the column should be text', async () => {
    const path = await workbook([
      ['N1', '2025-01-02', '广东', '反催收', '6222021234567890'],
      ['N2', '2025-01-02', '广东', '反催收', 6222021234567890123],
      ['N3', '2025-01-02', '广东', '反催收', '6222021234567891'],
    ]);
    const result = await load('complaints', [path]);
    expect(result.totals).toEqual({ rows_read: 3, rows_loaded: 2, rows_rejected: 1 });
    const [q] = await withDb(db(), (d) => d.all<{ line: number; cell: string; reason: string }>('SELECT line, cell, reason FROM quarantine'));
    expect(q).toMatchObject({ line: 3, cell: '投诉!E3' });
    expect(q!.reason).toMatch(/digits/);
    expect(q!.reason).toMatch(/text/);
    expect(q!.reason).not.toContain('6222');
  });

  for (const blank of [false, true]) {
    it(`invalid GB18030 bytes after the first MiB quarantine their row at its line, as invalid UTF-8 does${blank ? ' (file with empty lines)' : ''}`, async () => {
      const lines = [HEAD];
      for (let i = 0; i < 30_000; i++) lines.push(`G${i},2025-01-02,广东,反催收,客户反映以债务优化名义收取服务费用 编号${i}`);
      if (blank) lines.splice(2, 0, '');
      const good = iconv.encode(`${lines.join('\n')}\n`, 'gb18030');
      expect(good.length).toBeGreaterThan(1 << 20);
      const bad = Buffer.concat([iconv.encode('B1,2025-01-02,广东,反催收,坏', 'gb18030'), Buffer.from([0x81, 0x20, 0x41]), Buffer.from('\n')]);
      const tail = iconv.encode('T1,2025-01-03,广东,反催收,ok\n', 'gb18030');
      const path = file(`gb${blank ? 'b' : ''}.csv`, Buffer.concat([good, bad, tail]));
      const result = await load('complaints', [path]);
      expect(result.files[0]!.encoding).toBe('gb18030');
      expect(result.totals).toEqual({ rows_read: 30_002, rows_loaded: 30_001, rows_rejected: 1 });
      expect(await quarantined()).toEqual([{ line: 30_002 + (blank ? 1 : 0), reason: expect.stringMatching(/GB18030/) }]);
    });
  }

  it('a Parquet TIMESTAMPTZ date column (with microseconds, as pyarrow writes it) loads, dated by the UTC+8 calendar', async () => {
    const path = join(project.dir, 'tz.parquet');
    const mem = await openDatabase(':memory:');
    await mem.run(
      `COPY (SELECT * FROM (VALUES ('E1', TIMESTAMPTZ '2025-03-01 10:00:00.123456+00', '广东', '跑分'), ('E2', TIMESTAMPTZ '2025-03-01 17:30:00.5+00', '广东', '跑分')) t(case_id, opened_date, region, category)) TO '${path}' (FORMAT parquet)`,
    );
    mem.close();
    const result = await load('enforcement', [path]);
    expect(result.totals).toEqual({ rows_read: 2, rows_loaded: 2, rows_rejected: 0 });
    const dates = await withDb(db(), (d) => d.all<{ case_id: string; d: string }>(`SELECT case_id, CAST(opened_date AS VARCHAR) AS d FROM enforcement ORDER BY 1`));
    expect(dates).toEqual([
      { case_id: 'E1', d: '2025-03-01' },
      { case_id: 'E2', d: '2025-03-02' },
    ]);
  });
});
