// End to end: the built CLI runs a project's models and data tests with --json: exactly one JSON
// document in the DESIGN shape on stdout, per-model lines and code frames on stderr, and the exit
// codes (1 when a model or an error-severity test fails, 2 for a bad --period). The e2e_ models
// are selected so the shipped models (another file set) do not change what is asserted.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunResult, TestRunResult } from '../../src/index.js';
import { cli, type ErrorDocument, makeTempDir, onlyJson } from '../helpers/cli.js';
import { BASIC_ROWS, writeCsv } from './fixtures.js';

let tmp: ReturnType<typeof makeTempDir>;
let cwd: string;
const run = (...args: string[]) => cli(args, { cwd });

beforeEach(async () => {
  tmp = makeTempDir();
  cwd = tmp.dir;
  mkdirSync(join(cwd, 'queries'));
  writeFileSync(join(cwd, 'queries', 'e2e_ok.sql'), "-- tests:\n--   - not_null: complaint_id\n--   - expression: \"amount_cny < 0\"\n--     severity: warn\nSELECT complaint_id, amount_cny FROM complaints\n");
  writeFileSync(join(cwd, 'queries', 'e2e_bad.sql'), '-- description: refers to a column that does not exist\nSELECT complaint_id, nope FROM complaints\n');
  writeFileSync(join(cwd, 'queries', 'e2e_child.sql'), 'SELECT * FROM e2e_bad\n');
  writeCsv(join(cwd, 'c.csv'), BASIC_ROWS);
  const loaded = await run('load', 'complaints', 'c.csv', '--project', '.');
  expect(loaded.code, loaded.stderr).toBe(0);
});
afterEach(() => tmp.remove());

const SELECT = ['--select', 'e2e_ok', '--select', 'e2e_bad+'];

describe('grayscope run', () => {
  it('--json prints {run_id, models} only, reports the failing model at file:line:col, skips its dependant and exits 1', async () => {
    const r = await run('run', ...SELECT, '--json', '--project', '.', '--lang', 'en');
    expect(r.code, r.stderr).toBe(1);
    const doc = onlyJson<RunResult>(r);
    expect(Object.keys(doc)).toEqual(['run_id', 'models']);
    expect(doc.run_id).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{6}$/);
    for (const m of doc.models) expect(Object.keys(m)).toEqual(['name', 'status', 'rows', 'seconds', 'message']);
    const by = Object.fromEntries(doc.models.map((m) => [m.name, m]));
    expect(by.e2e_ok).toMatchObject({ status: 'success', rows: 3, message: null });
    expect(by.e2e_bad).toMatchObject({ status: 'error', rows: null });
    expect(by.e2e_bad?.message).toMatch(/^queries\/e2e_bad\.sql:2:22: Binder Error/);
    expect(by.e2e_child).toMatchObject({ status: 'skipped' });
    expect(r.stderr).toContain('✓ e2e_ok  3 rows');
    expect(r.stderr).toContain('> 2 | SELECT complaint_id, nope FROM complaints');
    expect(r.stderr).toContain('- e2e_child skipped (upstream e2e_bad failed)');
    expect(existsSync(join(cwd, 'runs', doc.run_id, 'manifest.json'))).toBe(true);
    expect(existsSync(join(cwd, 'runs', doc.run_id, 'run_results.json'))).toBe(true);
  });

  it('exits 0 when every selected model succeeds', async () => {
    const r = await run('run', '--select', 'e2e_ok', '--project', '.', '--lang', 'en');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Run \S+: 1 succeeded, 0 failed, 0 skipped\./);
  });

  it('a period that is not a quarter exits 2 with an error document under --json', async () => {
    const r = await run('run', '--period', "2025Q1'; DROP TABLE complaints; --", '--json', '--project', '.');
    expect(r.code).toBe(2);
    expect(onlyJson<ErrorDocument>(r).error).toMatchObject({ code: 'usage', exit_code: 2 });
  });
});

describe('grayscope test', () => {
  it('--json prints {run_id, tests}; a warn failure alone exits 0', async () => {
    expect((await run('run', '--select', 'e2e_ok', '--project', '.')).code).toBe(0);
    const r = await run('test', '--select', 'e2e_ok', '--json', '--project', '.', '--lang', 'en');
    expect(r.code, r.stderr).toBe(0);
    const doc = onlyJson<TestRunResult>(r);
    expect(Object.keys(doc)).toEqual(['run_id', 'tests']);
    expect(doc.tests).toEqual([
      { model: 'e2e_ok', test: 'not_null(complaint_id)', severity: 'error', status: 'pass', failing_rows: 0 },
      { model: 'e2e_ok', test: 'expression(amount_cny < 0)', severity: 'warn', status: 'fail', failing_rows: 3 },
    ]);
    expect(r.stderr).toContain('! expression(amount_cny < 0) on e2e_ok  3 failing rows');
  });
});
