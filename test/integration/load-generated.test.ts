// The generator's messy output through the real loader: exactly the bad rows it planted are
// quarantined, at the file and line it names, and every clean record loads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCommand } from '../../src/api.js';
import type { DemoResult } from '../../src/core/demo/headline.js';
import { maskNames } from '../../src/core/pii.js';
import { tempProject, withDb } from '../helpers/project.js';

interface Truth {
  bad_rows: Array<{ file: string; sheet?: string; line: number; column: string | null; kind: string; reason?: string }>;
  formula_rows: Array<{ file: string; line: number; column: string; record_id: string; value: string }>;
  files: Array<{ source: string; rows: number }>;
}

let project: ReturnType<typeof tempProject>;
let demo: DemoResult;
let truth: Truth;
beforeAll(async () => {
  project = tempProject('gs-messy-');
  demo = await demoCommand({ out: join(project.dir, 'demo'), seed: 3, messy: true });
  truth = JSON.parse(readFileSync(join(project.dir, 'demo', 'data', 'truth.json'), 'utf8')) as Truth;
}, 120_000);
afterAll(() => project.cleanup());

describe('loading the messy generated data set', () => {
  it('quarantines every planted bad row at its file and line, and nothing else', async () => {
    const rows = await withDb(join(project.dir, 'demo', 'grayscope.duckdb'), (db) =>
      db.all<{ file: string; line: number; cell: string | null }>(`SELECT file, line, cell FROM quarantine ORDER BY file, line`),
    );
    // In a workbook with one sheet per month the sheet is part of where a row is: the cell says it ('1月'!A12).
    const sheetOf = (cell: string | null) => (cell?.includes('!') ? cell.slice(0, cell.lastIndexOf('!')).replace(/^'|'$/g, '') : '');
    const multiSheet = new Set(truth.bad_rows.filter((b) => b.sheet !== undefined).map((b) => b.file));
    const got = rows.map((r) => {
      const file = r.file.replace(/^data\//, '');
      return `${file}:${multiSheet.has(file) ? sheetOf(r.cell) : ''}:${r.line}`;
    }).sort();
    const want = truth.bad_rows.map((b) => `${b.file}:${b.sheet ?? ''}:${b.line}`).sort();
    expect(got).toEqual(want);
  });

  it('rejects every planted ambiguous district with the reason truth.json gives, naming the candidates', async () => {
    const planted = truth.bad_rows.filter((b) => b.kind === 'ambiguous_region');
    expect(planted.length).toBeGreaterThanOrEqual(3);
    const rows = await withDb(join(project.dir, 'demo', 'grayscope.duckdb'), (db) =>
      db.all<{ file: string; line: number; reason: string }>(`SELECT file, line, reason FROM quarantine`),
    );
    for (const b of planted) {
      const row = rows.find((r) => r.file.replace(/^data\//, '') === b.file && r.line === b.line);
      expect(row?.reason, `${b.file}:${b.line}`).toContain(b.reason!);
      expect(row?.reason).toMatch(/\(\d{2}\), .*\(\d{2}\).*write the province too/);
    }
  });

  it('keeps the city below the province for rows that name one, and the province alone otherwise', async () => {
    await withDb(join(project.dir, 'demo', 'grayscope.duckdb'), async (db) => {
      const rows = await db.all<{ region: string; city_code: string }>(
        `SELECT DISTINCT region, city_code FROM complaints WHERE city_code IS NOT NULL ORDER BY ALL`,
      );
      expect(rows.length).toBeGreaterThan(5);
      for (const r of rows) expect(r.city_code.slice(0, 2)).toBe(r.region);
      expect(rows).toContainEqual({ region: '44', city_code: '440300' });
      expect(rows).toContainEqual({ region: '32', city_code: '320500' });
      expect(rows).toContainEqual({ region: '31', city_code: '310100' });
    });
  });

  it('stores the 客户姓名 column only hashed and masked', async () => {
    await withDb(join(project.dir, 'demo', 'grayscope.duckdb'), async (db) => {
      const named = await db.all<{ name_hash: string; name_masked: string }>(
        `SELECT name_hash, name_masked FROM complaints WHERE source_file LIKE '%complaints_2023.csv' LIMIT 200`,
      );
      expect(named.length).toBe(200);
      for (const r of named) {
        expect(r.name_hash).toMatch(/^[0-9a-f]{32}$/);
        expect(r.name_masked).toMatch(/^\p{Script=Han}+\*+\p{Script=Han}?$/u);
      }
    });
  });

  it('loads every clean record: rows per source equal the clean counts, and read = loaded + quarantined', () => {
    const clean = { complaints: 0, incidents: 0, enforcement: 0 } as Record<string, number>;
    for (const f of demo.generated.files) clean[f.source]! += f.rows;
    for (const b of truth.bad_rows) {
      const source = demo.generated.files.find((f) => f.path === b.file)!.source;
      clean[source]! -= 1;
    }
    for (const s of demo.status.sources) expect(s.rows, s.source).toBe(clean[s.source]);
    for (const load of demo.loads) expect(load.totals.rows_read).toBe(load.totals.rows_loaded + load.totals.rows_rejected);
  });

  it('stores formula payloads as plain text, as written (personal data inside masked)', async () => {
    expect(truth.formula_rows.length).toBeGreaterThan(0);
    await withDb(join(project.dir, 'demo', 'grayscope.duckdb'), async (db) => {
      for (const row of truth.formula_rows.filter((r) => r.file.startsWith('complaints'))) {
        const value = await db.scalar<string>(`SELECT ${row.column === 'narrative' ? 'narrative' : 'institution'} FROM complaints WHERE complaint_id = ?`, [row.record_id]);
        // Personal data inside the text is masked; everything else, the leading formula included, is kept.
        const strip = (text: string) => text.replace(/[0-9*Xx]/g, '');
        expect(value?.[0], row.record_id).toBe(row.value[0]);
        expect(strip(value ?? ''), row.record_id).toBe(strip(row.column === 'narrative' ? maskNames(row.value) : row.value));
      }
    });
  });
});
