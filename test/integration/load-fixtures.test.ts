// Loads every committed messy fixture through the real loader and DuckDB, and checks the counts,
// the quarantined lines and columns, the normalised values and that no raw personal data is kept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCommand } from '../../src/api.js';
import { DATE_COLUMN } from '../../src/core/contract.js';
import { GrayscopeError } from '../../src/core/errors.js';
import { MESSY, tempProject, withDb } from '../helpers/project.js';

interface Expected {
  source: string;
  encoding?: string;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  rejects: Array<{ line: number; column: string | null; cell?: string; kind: string }>;
  values: Record<string, Record<string, string | number>>;
  raw_personal: string[];
}

const expected = JSON.parse(readFileSync(join(MESSY, 'expected.json'), 'utf8')) as Record<string, Expected> & {
  refused: Record<string, { exit: number; mentions: string[] }>;
};
const fixtures = Object.entries(expected).filter(([name]) => name !== 'refused') as Array<[string, Expected]>;
const ID: Record<string, string> = { complaints: 'complaint_id', incidents: 'incident_id', enforcement: 'case_id' };
const TODAY = new Date('2026-06-30T00:00:00Z');

let project: ReturnType<typeof tempProject>;
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.cleanup());

describe.each(fixtures)('loading fixture %s', (name, exp) => {
  it('accounts for every row: read = loaded + quarantined, with the expected counts', async () => {
    const result = await loadCommand({ source: exp.source, files: [join(MESSY, name)], project: project.dir, today: TODAY });
    const file = result.files[0]!;
    expect(file.status).toBe('loaded');
    if (exp.encoding) expect(file.encoding).toBe(exp.encoding);
    expect([file.rows_read, file.rows_loaded, file.rows_rejected]).toEqual([exp.rows_read, exp.rows_loaded, exp.rows_rejected]);
    expect(file.rows_read).toBe(file.rows_loaded + file.rows_rejected);
    expect(result.totals).toEqual({ rows_read: exp.rows_read, rows_loaded: exp.rows_loaded, rows_rejected: exp.rows_rejected });
  });

  it('quarantines exactly the known bad rows at their physical lines and columns', async () => {
    await loadCommand({ source: exp.source, files: [join(MESSY, name)], project: project.dir, today: TODAY });
    const rows = await withDb(join(project.dir, 'grayscope.duckdb'), (db) =>
      db.all<{ line: number; column_name: string | null; cell: string | null; reason: string }>(
        'SELECT line, column_name, cell, reason FROM quarantine ORDER BY line',
      ),
    );
    expect(rows.map((r) => r.line)).toEqual(exp.rejects.map((r) => r.line).sort((a, b) => a - b));
    for (const want of exp.rejects) {
      const got = rows.find((r) => r.line === want.line)!;
      if (want.column) expect(got.column_name, `line ${want.line}`).toBe(want.column);
      if (want.cell) expect(got.cell).toBe(want.cell);
      expect(got.reason.length).toBeGreaterThan(10);
    }
  });

  it('stores normalised values: 2-digit region codes, taxonomy codes, DATEs, DECIMAL yuan, masked personal data', async () => {
    await loadCommand({ source: exp.source, files: [join(MESSY, name)], project: project.dir, today: TODAY });
    const idCol = ID[exp.source]!;
    await withDb(join(project.dir, 'grayscope.duckdb'), async (db) => {
      for (const [id, values] of Object.entries(exp.values)) {
        const date = DATE_COLUMN[exp.source as keyof typeof DATE_COLUMN];
        const [row] = await db.all<Record<string, unknown>>(
          `SELECT * REPLACE (CAST(amount_cny AS VARCHAR) AS amount_cny, CAST(${date} AS VARCHAR) AS ${date}) FROM ${exp.source} WHERE ${idCol} = ?`,
          [id],
        );
        expect(row, id).toBeDefined();
        for (const [column, want] of Object.entries(values)) {
          let got = row![column];
          if (got instanceof Date) got = got.toISOString().slice(0, 10);
          else if (got !== null && typeof got === 'object') got = String(got);
          expect(got, `${id}.${column}`).toEqual(want);
        }
      }
    });
  });

  it('keeps no raw phone, ID or account number anywhere in the database file', async () => {
    await loadCommand({ source: exp.source, files: [join(MESSY, name)], project: project.dir, today: TODAY });
    const bytes = readFileSync(join(project.dir, 'grayscope.duckdb')).toString('latin1');
    for (const raw of exp.raw_personal) expect(bytes.includes(raw), raw).toBe(false);
    await withDb(join(project.dir, 'grayscope.duckdb'), async (db) => {
      const text = JSON.stringify(await db.all(`SELECT * FROM quarantine`)) + JSON.stringify(await db.all(`SELECT * FROM ${exp.source}`));
      for (const raw of exp.raw_personal) expect(text.includes(raw), raw).toBe(false);
    });
  });
});

describe('files that are refused whole', () => {
  it.each(Object.entries(expected.refused))('%s is refused with exit 3 and a message that says why', async (name, want) => {
    const err = await loadCommand({ source: 'complaints', files: [join(MESSY, name)], project: project.dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrayscopeError);
    expect((err as GrayscopeError).exitCode).toBe(want.exit);
    for (const m of want.mentions) expect((err as GrayscopeError).message + (err as GrayscopeError).hint).toContain(m);
  });

  it('a refused file in a multi-file load leaves the good files out too (one transaction)', async () => {
    const files = [join(MESSY, 'complaints_utf8.csv'), join(MESSY, 'missing_region.csv')];
    await expect(loadCommand({ source: 'complaints', files, project: project.dir })).rejects.toMatchObject({ exitCode: 3 });
    const count = await withDb(join(project.dir, 'grayscope.duckdb'), (db) => db.scalar<number>('SELECT count(*) FROM complaints'));
    expect(count).toBe(0);
  });

  it('a file that is not valid UTF-8 named --encoding utf-8 is refused with a hint to use gb18030', async () => {
    const err = (await loadCommand({ source: 'complaints', files: [join(MESSY, 'complaints_gb18030.csv')], project: project.dir, encoding: 'utf-8' }).catch((e: unknown) => e)) as GrayscopeError;
    expect(err.exitCode).toBe(3);
    expect(err.hint).toContain('--encoding gb18030');
  });
});

describe('several files in one load', () => {
  it('quarantines an id that repeats across files, naming the file and line it was loaded from', async () => {
    const result = await loadCommand({
      source: 'complaints',
      files: [join(MESSY, 'complaints_utf8.csv'), join(MESSY, 'complaints_utf8.csv'), join(MESSY, 'complaints_bom.tsv')],
      project: project.dir,
      today: TODAY,
    });
    expect(result.files.map((f) => f.status)).toEqual(['loaded', 'unchanged', 'loaded']);
    const again = await loadCommand({ source: 'complaints', files: [join(MESSY, 'complaints.jsonl')], project: project.dir, today: TODAY });
    expect(again.files[0]!.rows_loaded).toBe(3);
  });

  it('a later file repeating an id already loaded quarantines that row with the earlier file named', async () => {
    const first = join(project.dir, 'a.csv');
    const second = join(project.dir, 'b.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(first, 'complaint_id,received_date,region,category\nA1,2025-01-01,广东,反催收\n');
    writeFileSync(second, 'complaint_id,received_date,region,category\nA2,2025-01-01,广东,反催收\nA1,2025-01-02,广东,反催收\n');
    await loadCommand({ source: 'complaints', files: [first], project: project.dir });
    const result = await loadCommand({ source: 'complaints', files: [second], project: project.dir });
    expect(result.files[0]).toMatchObject({ rows_read: 2, rows_loaded: 1, rows_rejected: 1 });
    const reason = await withDb(join(project.dir, 'grayscope.duckdb'), (db) => db.scalar<string>(`SELECT reason FROM quarantine WHERE file = 'b.csv'`));
    expect(reason).toContain('already loaded from a.csv line 2');
  });
});
