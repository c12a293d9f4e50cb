// Odd inputs a review turned up, each through the real loader and DuckDB: what must be loaded,
// quarantined or refused, at which line, and that no personal data slips through on the way.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { loadCommand } from '../../src/api.js';
import { GrayscopeError } from '../../src/core/errors.js';
import { tempProject, withDb } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.cleanup());

const HEAD = 'complaint_id,received_date,region,category';
const file = (name: string, text: string | Buffer) => {
  const path = join(project.dir, name);
  writeFileSync(path, text);
  return path;
};
const db = () => join(project.dir, 'grayscope.duckdb');
const load = (source: string, files: string[], extra: Record<string, unknown> = {}) =>
  loadCommand({ source, files, project: project.dir, ...extra });
const refusal = async (promise: Promise<unknown>) => (await promise.catch((e: unknown) => e)) as GrayscopeError;

describe('file names and paths', () => {
  it('a file name with glob characters loads that one file, not every file the pattern matches', async () => {
    const named = file('globq?.csv', `${HEAD}\nA1,2025-01-01,广东,反催收\n`);
    file('globqX.csv', `${HEAD}\nZ9,2025-01-01,广东,反催收\n`);
    const result = await load('complaints', [named]);
    expect(result.totals).toEqual({ rows_read: 1, rows_loaded: 1, rows_rejected: 0 });
    const ids = await withDb(db(), (d) => d.all<{ complaint_id: string }>('SELECT complaint_id FROM complaints'));
    expect(ids.map((r) => r.complaint_id)).toEqual(['A1']);
  });

  it('a folder named as FILE is refused with exit 3', async () => {
    mkdirSync(join(project.dir, 'folder'));
    const err = await refusal(load('complaints', [join(project.dir, 'folder')]));
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain('is a folder');
  });

  it('--project naming a file is a usage error (exit 2)', async () => {
    const notDir = file('not-a-dir', 'x');
    const csv = file('a.csv', `${HEAD}\nA1,2025-01-01,广东,反催收\n`);
    const err = await refusal(loadCommand({ source: 'complaints', files: [csv], project: notDir }));
    expect(err.exitCode).toBe(2);
  });
});

describe('line numbers', () => {
  it('empty lines between records do not shift the lines of later records', async () => {
    const path = file('blank.csv', `${HEAD},narrative\nA1,2025-01-01,广东,反催收,"x\n\ny"\n\nA2,2025-01-02,广东,反催收,ok\n\n\nA3,2025-13-01,广东,反催收,bad\nA4,2025-01-02,广东\n`);
    const result = await load('complaints', [path]);
    expect(result.totals).toEqual({ rows_read: 4, rows_loaded: 2, rows_rejected: 2 });
    await withDb(db(), async (d) => {
      expect(await d.all('SELECT complaint_id, source_line FROM complaints ORDER BY 1')).toEqual([
        { complaint_id: 'A1', source_line: 2 },
        { complaint_id: 'A2', source_line: 6 },
      ]);
      expect((await d.all<{ line: number }>('SELECT line FROM quarantine ORDER BY line')).map((r) => r.line)).toEqual([9, 10]);
    });
  });

  it('a bad date is quoted as written in the reason (a date is not masked as a number)', async () => {
    await load('complaints', [file('d.csv', `${HEAD}\nA1,2025-13-01,广东,反催收\n`)]);
    const reason = await withDb(db(), (d) => d.scalar<string>('SELECT reason FROM quarantine'));
    expect(reason).toContain('"2025-13-01"');
  });

  it('a UTC timestamp is dated in China time', async () => {
    await load('complaints', [file('z.csv', `${HEAD}\nA1,2025-03-31T20:00:00Z,广东,反催收\n`)]);
    const date = await withDb(db(), (d) => d.scalar<string>('SELECT CAST(received_date AS VARCHAR) FROM complaints'));
    expect(date).toBe('2025-04-01');
  });
});

describe('personal data', () => {
  it('numbers grouped with en dashes, ideographic or no-break spaces are masked in narratives', async () => {
    const rows = ['电话138–1234–5678', '电话138\u30001234\u30005678', '电话138\u00a01234\u00a05678'];
    await load('complaints', [file('p.csv', `${HEAD},narrative\n${rows.map((r, i) => `A${i},2025-01-01,广东,反催收,${r}`).join('\n')}\n`)]);
    const stored = await withDb(db(), (d) => d.all<{ narrative: string }>('SELECT narrative FROM complaints ORDER BY complaint_id'));
    for (const { narrative } of stored) {
      expect(narrative.replace(/\D/g, '')).not.toContain('12345678');
      expect(narrative).toContain('138****5678');
    }
  });

  it('a JSON Lines line that is not JSON is quarantined without quoting its text in the reason', async () => {
    await load('complaints', [file('j.jsonl', '{"complaint_id":"A1","received_date":"2025-01-01","region":"广东","category":"反催收"}\ntel:13812345678\n')]);
    const row = await withDb(db(), (d) => d.all<{ reason: string; original: string }>('SELECT reason, original FROM quarantine'));
    expect(row).toHaveLength(1);
    expect(row[0]!.reason).not.toMatch(/1381234/);
    expect(row[0]!.original).toContain('138****5678');
  });

  it('short accounts and phones show at most their last two digits', async () => {
    await load('incidents', [file('a.csv', 'incident_id,detected_date,region,category,account,phone\nI1,2025-01-01,广东,跑分,12345678,1234567\n')]);
    const row = await withDb(db(), (d) => d.all('SELECT account_masked, phone_masked FROM incidents'));
    expect(row).toEqual([{ account_masked: '****78', phone_masked: '****67' }]);
  });

  it('a file whose first row is data, not headers, is refused without echoing the phone number in it', async () => {
    const err = await refusal(load('complaints', [file('nohead.csv', 'A1,2025-01-01,13812345678,反催收\n')]));
    expect(err.exitCode).toBe(3);
    expect(JSON.stringify(err.toJSON())).not.toContain('13812345678');
  });
});

describe('values', () => {
  it('a count written as 2.5 or in hex is not rounded but quarantined', async () => {
    await load('enforcement', [file('e.csv', 'case_id,opened_date,region,category,persons_arrested\nE1,2025-01-01,广东,跑分,2.5\nE2,2025-01-01,广东,跑分,0x1F\nE3,2025-01-01,广东,跑分,3\n')]);
    await withDb(db(), async (d) => {
      expect(await d.all('SELECT case_id, persons_arrested FROM enforcement')).toEqual([{ case_id: 'E3', persons_arrested: 3 }]);
      expect(await d.scalar('SELECT count(*) FROM quarantine')).toBe(2);
    });
  });

  it('--encoding gb18030 on a UTF-8 file with Chinese text is refused rather than garbled', async () => {
    const err = await refusal(load('complaints', [file('u.csv', `${HEAD}\nA1,2025-01-01,广东,反催收\n`)], { encoding: 'gb18030' }));
    expect(err.exitCode).toBe(3);
    expect(err.hint).toContain('--encoding utf-8');
  });
});

describe('workbooks and Parquet', () => {
  async function workbook(build: (wb: import('exceljs').Workbook) => void) {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    build(wb);
    const path = join(project.dir, `w${Math.random().toString(36).slice(2)}.xlsx`);
    await wb.xlsx.writeFile(path);
    return path;
  }

  it('a carriage return inside a JSON Lines value or an XLSX cell loads, whether or not it is the first record', async () => {
    const rows = [
      { complaint_id: 'R1', received_date: '2025-01-01', region: '广东', category: '反催收', narrative: '第一行\r第二行' },
      { complaint_id: 'R2', received_date: '2025-01-01', region: '广东', category: '反催收', narrative: '甲\r\n乙' },
    ];
    await load('complaints', [file('r.jsonl', rows.map((r) => JSON.stringify(r)).join('\n'))]);
    const path = await workbook((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['complaint_id', 'received_date', 'region', 'category', 'narrative']);
      ws.addRow(['X1', '2025-01-01', '广东', '反催收', '丙\r\n丁']);
    });
    await load('complaints', [path]);
    const got = await withDb(db(), (d) => d.all<{ id: string; t: string }>('SELECT complaint_id AS id, narrative AS t FROM complaints ORDER BY id'));
    expect(got.map((r) => r.id)).toEqual(['R1', 'R2', 'X1']);
    expect(got[0]!.t).toMatch(/第一行\s*第二行/);
    expect(got[2]!.t).toMatch(/丙\s*丁/);
    expect(await withDb(db(), (d) => d.scalar<number>('SELECT count(*) FROM quarantine'))).toBe(0);
  });

  it('--sheet picks the named sheet of several, every time', async () => {
    const path = await workbook((wb) => {
      for (const name of ['One', 'Two', 'Three']) {
        const ws = wb.addWorksheet(name);
        ws.addRow(['complaint_id', 'received_date', 'region', 'category']);
        for (let i = 0; i < 50; i++) ws.addRow([`${name}-${i}`, '2025-01-01', '广东', '反催收']);
      }
    });
    for (let attempt = 0; attempt < 5; attempt++) {
      const p = tempProject();
      const result = await loadCommand({ source: 'complaints', files: [path], sheet: 'Three', project: p.dir });
      expect(result.totals.rows_loaded).toBe(50);
      const first = await withDb(join(p.dir, 'grayscope.duckdb'), (d) => d.scalar<string>('SELECT min(complaint_id) FROM complaints'));
      expect(first).toBe('Three-0');
      p.cleanup();
    }
  });

  it('an empty header cell does not break loading, and a value under no header is quarantined', async () => {
    const path = await workbook((wb) => {
      const ws = wb.addWorksheet('s');
      ws.getCell('A1').value = 'complaint_id';
      ws.getCell('B1').value = 'received_date';
      ws.getCell('D1').value = 'region';
      ws.getCell('E1').value = 'category';
      ws.addRow(['A1', '2025-01-01', null, '广东', '反催收']);
      ws.addRow(['A2', 'bad', null, '广东', '反催收']);
      ws.addRow(['A3', '2025-01-01', null, '广东', '反催收', null, 'stray']);
    });
    const result = await load('complaints', [path]);
    expect(result.totals).toEqual({ rows_read: 3, rows_loaded: 1, rows_rejected: 2 });
    const reasons = await withDb(db(), (d) => d.all<{ line: number; reason: string }>('SELECT line, reason FROM quarantine ORDER BY line'));
    expect(reasons.map((r) => r.line)).toEqual([3, 4]);
    expect(reasons[1]!.reason).toContain('G4');
  });

  it('a Parquet file with a nested column loads, the nested value as text', async () => {
    const path = join(project.dir, 'n.parquet');
    const mem = await openDatabase(':memory:');
    await mem.run(
      `COPY (SELECT 'E1' AS case_id, DATE '2025-01-01' AS opened_date, '广东' AS region, '跑分' AS category, {'phone': '13812345678'} AS contact) TO '${path}' (FORMAT parquet)`,
    );
    mem.close();
    const result = await load('enforcement', [path]);
    expect(result.totals).toEqual({ rows_read: 1, rows_loaded: 1, rows_rejected: 0 });
    expect(result.files[0]!.ignored_columns).toEqual(['contact']);
  });
});
