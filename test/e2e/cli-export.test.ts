// End to end: `grayscope export` from the built CLI (npm run build first): the exit codes of its
// contract with and without --json — an unknown name 2 (listing what can be exported), a format it
// does not write 2, no database 3 — and one successful export printing its JSON document.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExportResult } from '../../src/index.js';
import { type ErrorDocument, onlyJson, tempCli } from '../helpers/cli.js';
import { BASIC_ROWS, writeCsv } from './fixtures.js';

const { run, dir } = tempCli();
const load = async () => {
  writeCsv(join(dir(), 'c.csv'), BASIC_ROWS);
  expect((await run('load', 'complaints', 'c.csv', '--quiet')).code).toBe(0);
};

describe('grayscope export (CLI)', () => {
  it('an unknown name exits 2 and lists the exportable names, with and without --json', async () => {
    await load();
    const plain = await run('export', 'nosuch', '--format', 'csv', '--out', 'x.csv');
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/no result table or model named "nosuch"/);
    expect(plain.stderr).toMatch(/Hint: Exportable: .*estimates/);
    const json = await run('export', 'grayscope_meta', '--format', 'csv', '--out', 'x.csv', '--json');
    expect(json.code).toBe(2);
    expect(onlyJson<ErrorDocument>(json).error.code).toBe('usage');
    expect(existsSync(join(dir(), 'x.csv'))).toBe(false);
  });

  it('a format it does not write exits 2', async () => {
    const r = await run('export', 'estimates', '--format', 'docx', '--out', 'x.docx', '--json');
    expect(r.code).toBe(2);
    expect(onlyJson<ErrorDocument>(r).error.exit_code).toBe(2);
  });

  it('no database exits 3 and creates nothing', async () => {
    const r = await run('export', 'estimates', '--format', 'csv', '--out', 'out/e.csv', '--json');
    expect(r.code).toBe(3);
    expect(onlyJson<ErrorDocument>(r).error.message).toMatch(/no database/);
    expect(existsSync(join(dir(), 'grayscope.duckdb'))).toBe(false);
    expect(existsSync(join(dir(), 'out'))).toBe(false);
  });

  it('--json prints {name, format, file, rows, columns} and writes the file in a new folder', async () => {
    await load();
    const r = await run('export', 'estimates', '--format', 'json', '--out', 'out/new/e.json', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = onlyJson<ExportResult>(r);
    expect(Object.keys(doc)).toEqual(['name', 'format', 'file', 'rows', 'columns']);
    expect(doc).toMatchObject({ name: 'estimates', format: 'json', file: join(dir(), 'out', 'new', 'e.json'), rows: 0 });
    expect(doc.columns).toContain('scale_cny');
    expect(JSON.parse(readFileSync(doc.file, 'utf8'))).toMatchObject({ name: 'estimates', rows: [] });
  });
});
