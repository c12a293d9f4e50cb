// Data tests and run artifacts through the API: each test kind passing and failing, warn against
// error severity, failing rows sampled on stderr, and the manifest (hashes of the loaded files and
// of the model files, versions, parameters, selection) and run_results of every run and test.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCommand, type ModelCommandOptions, runCommand, testCommand, testExitCode } from '../../src/api.js';
import { GrayscopeError } from '../../src/core/errors.js';
import type { Reporter } from '../../src/core/reporter.js';
import { VERSION } from '../../src/core/version.js';
import { SEED, seedDb, writeFiles } from '../helpers/model-project.js';
import { tempProject, withDb } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
let shipped: string;
beforeEach(() => {
  project = tempProject('gs-dtests-');
  shipped = join(project.dir, '_shipped');
});
afterEach(() => project.cleanup());

const opts = (o: ModelCommandOptions = {}): ModelCommandOptions => ({ project: project.dir, shippedRoot: shipped, ...o });
const lines = () => {
  const out: string[] = [];
  const reporter: Reporter = { info: (m) => out.push(m), warn: (m) => out.push(m), progress: () => ({ update() {}, stop() {} }) };
  return { out, reporter };
};

/** One model over complaints with the given tests header, built, then tested. */
async function testWith(tests: string, extra: Record<string, string> = {}) {
  writeFiles(project.dir, {
    'queries/stg.sql': `-- description: one row per complaint\n-- tests:\n${tests
      .trim()
      .split('\n')
      .map((l) => `--${l ? ` ${l}` : ''}`)
      .join('\n')}\nSELECT complaint_id, category, amount_cny FROM complaints\n`,
    ...extra,
  });
  await seedDb(project.dir, `${SEED}\nCREATE TABLE categories AS SELECT * FROM (VALUES ('debt_evasion'), ('credit_repair')) t(code);`);
  await runCommand(opts());
  const { out, reporter } = lines();
  const result = await testCommand(opts(), reporter);
  return { result, out };
}
const one = (r: Awaited<ReturnType<typeof testWith>>) => {
  expect(r.result.tests).toHaveLength(1);
  return r.result.tests[0]!;
};

describe('data tests', () => {
  it('not_null passes on a complete column and fails on NULLs, counting them', async () => {
    const r = await testWith('- not_null: [complaint_id, amount_cny]');
    expect(r.result.tests).toEqual([
      { model: 'stg', test: 'not_null(complaint_id)', severity: 'error', status: 'pass', failing_rows: 0 },
      { model: 'stg', test: 'not_null(amount_cny)', severity: 'error', status: 'fail', failing_rows: 1 },
    ]);
    expect(testExitCode(r.result)).toBe(1);
  });

  it('unique passes on ids and fails on repeated values, counting every repeated row', async () => {
    const pass = await testWith('- unique: complaint_id');
    expect(one(pass)).toMatchObject({ status: 'pass', failing_rows: 0 });
    project.cleanup();
    project = tempProject('gs-dtests-');
    const fail = await testWith('- unique: category');
    expect(one(fail)).toMatchObject({ test: 'unique(category)', status: 'fail', failing_rows: 2 });
  });

  it('accepted_values fails on values outside the list (values are bound, quotes included)', async () => {
    const fail = await testWith("- accepted_values: {column: category, values: [debt_evasion, credit_repair, \"it's\"]}");
    expect(one(fail)).toMatchObject({ test: 'accepted_values(category)', status: 'fail', failing_rows: 1 });
    project.cleanup();
    project = tempProject('gs-dtests-');
    const pass = await testWith('- accepted_values: {column: category, values: [debt_evasion, credit_repair, illegal_agency]}');
    expect(one(pass)).toMatchObject({ status: 'pass' });
  });

  it('relationships fails on values missing from the referenced table and passes when all are there', async () => {
    const fail = await testWith('- relationships: {column: category, to: categories, field: code}');
    expect(one(fail)).toMatchObject({ test: 'relationships(category → categories.code)', status: 'fail', failing_rows: 1 });
    project.cleanup();
    project = tempProject('gs-dtests-');
    const pass = await testWith('- relationships: {column: complaint_id, to: ids}', { 'queries/ids.sql': 'SELECT complaint_id FROM complaints\n' });
    expect(one(pass)).toMatchObject({ status: 'pass' });
  });

  it('an expression fails on rows where it is false or NULL', async () => {
    const r = await testWith('- expression: "amount_cny >= 90"');
    // C1 100 ok, C2 250.5 ok, C3 NULL fails, C4 80 fails
    expect(one(r)).toMatchObject({ test: 'expression(amount_cny >= 90)', status: 'fail', failing_rows: 2 });
  });

  it('an expression that is not one expression is refused, not run', async () => {
    const r = await testWith('- expression: "true), false)) UNION ALL SELECT 1, 2, 3 --"');
    expect(one(r)).toMatchObject({ status: 'fail', failing_rows: null });
    expect(r.out.join('\n')).toContain('not a single SQL expression');
  });

  it('a warn failure is reported but exits 0; the same test as error exits 1', async () => {
    const warn = await testWith('- expression: "amount_cny > 1000"\n  severity: warn');
    expect(one(warn)).toMatchObject({ severity: 'warn', status: 'fail', failing_rows: 4 });
    expect(testExitCode(warn.result)).toBe(0);
    expect(warn.out[0]).toMatch(/^! expression\(amount_cny > 1000\) on stg {2}4 failing rows {2}\(warn, queries\/stg\.sql:3\)/);
    project.cleanup();
    project = tempProject('gs-dtests-');
    const error = await testWith('- expression: "amount_cny > 1000"\n  severity: error');
    expect(one(error)).toMatchObject({ severity: 'error', status: 'fail', failing_rows: 4 });
    expect(testExitCode(error.result)).toBe(1);
    expect(error.out[0]).toMatch(/^✗ /);
  });

  it('prints a sample of at most five failing rows on stderr', async () => {
    writeFiles(project.dir, { 'queries/many.sql': '-- tests:\n--   - expression: "n < 0"\nSELECT range AS n FROM range(8)\n' });
    await seedDb(project.dir);
    await runCommand(opts());
    const { out, reporter } = lines();
    const result = await testCommand(opts(), reporter);
    expect(result.tests[0]).toMatchObject({ failing_rows: 8 });
    const block = out[0]!.split('\n');
    expect(block.filter((l) => l.startsWith('    {'))).toHaveLength(5);
    expect(block.at(-1)).toBe('    … 3 more');
  });

  it('a model that was never built fails its tests with a message saying to run it', async () => {
    writeFiles(project.dir, { 'queries/stg.sql': '-- tests:\n--   - not_null: complaint_id\nSELECT complaint_id FROM complaints\n' });
    await seedDb(project.dir, SEED);
    const { out, reporter } = lines();
    const result = await testCommand(opts(), reporter);
    expect(result.tests[0]).toMatchObject({ status: 'fail', failing_rows: null });
    expect(out.join('\n')).toContain('grayscope run --select stg');
  });

  it('--select limits the tests to the selected models', async () => {
    writeFiles(project.dir, {
      'queries/a.sql': '-- tags: [t]\n-- tests:\n--   - not_null: x\nSELECT 1 AS x\n',
      'queries/b.sql': '-- tests:\n--   - not_null: x\nSELECT 1 AS x\n',
    });
    await seedDb(project.dir);
    await runCommand(opts());
    expect((await testCommand(opts({ select: ['tag:t'] }))).tests.map((t) => t.model)).toEqual(['a']);
  });

  it('an unknown test kind in a header is a config error naming the file, line and key path', async () => {
    writeFiles(project.dir, { 'queries/a.sql': '-- tests:\n--   - not_nul: x\nSELECT 1 AS x\n' });
    await seedDb(project.dir);
    const err = (await testCommand(opts()).catch((e: unknown) => e)) as GrayscopeError;
    expect(err).toBeInstanceOf(GrayscopeError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^queries\/a\.sql:2:8: tests\.0\.not_nul: unknown test "not_nul"/);
  });
});

describe('run artifacts', () => {
  const FIXED = new Date('2025-04-10T08:30:00.000Z');

  it('a run writes runs/<run_id>/manifest.json with versions, parameters, selection and the sha256 of inputs and models', async () => {
    writeFiles(project.dir, {
      'data/c.csv': 'complaint_id,received_date,region,category\nA1,2025-01-05,广东,反催收\nA2,2025-02-05,北京,征信修复\n',
      'queries/stg.sql': '-- tags: [staging]\nSELECT * FROM complaints\n',
      'queries/n.sql': '-- materialized: table\nSELECT count(*) AS n FROM stg\n',
      'grayscope.yaml': 'default_period: 2025Q1\n',
    });
    await loadCommand({ source: 'complaints', files: [join(project.dir, 'data/c.csv')], project: project.dir });
    const result = await runCommand(opts({ now: () => FIXED, runIdSuffix: 'abc123', select: ['+n'] }));
    expect(result.run_id).toBe('20250410T083000000Z-abc123');
    const dir = join(project.dir, 'runs', result.run_id);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const sha = (p: string) => createHash('sha256').update(readFileSync(join(project.dir, p))).digest('hex');
    expect(manifest).toMatchObject({
      run_id: result.run_id,
      command: 'run',
      tool_version: VERSION,
      duckdb_version: expect.stringMatching(/^v1\.\d+\.\d+/),
      started_at: FIXED.toISOString(),
      finished_at: FIXED.toISOString(),
      parameters: { period: '2025Q1' },
      parameter_origin: { period: 'config' },
      selection: { specs: ['+n'], models: ['stg', 'n'] },
      inputs: [{ source: 'complaints', path: 'data/c.csv', sha256: sha('data/c.csv'), rows_loaded: 2 }],
    });
    expect(manifest.models).toEqual([
      { name: 'n', file: 'queries/n.sql', origin: 'project', sha256: sha('queries/n.sql'), materialized: 'table', tags: [], upstream: ['stg'], sources: [] },
      { name: 'stg', file: 'queries/stg.sql', origin: 'project', sha256: sha('queries/stg.sql'), materialized: 'view', tags: ['staging'], upstream: [], sources: ['complaints'] },
    ]);
    const results = JSON.parse(readFileSync(join(dir, 'run_results.json'), 'utf8'));
    expect(results).toMatchObject({ run_id: result.run_id, command: 'run', status: 'success', summary: { success: 2, error: 0, skipped: 0 } });
    expect(results.models.map((m: { name: string; rows: number }) => [m.name, m.rows])).toEqual([['stg', 2], ['n', 1]]);
  });

  it('run and test are recorded in the runs table; test uses the period of the last run', async () => {
    writeFiles(project.dir, { 'queries/p.sql': "-- tests:\n--   - expression: \"p = '2024Q2'\"\nSELECT getvariable('period') AS p\n" });
    await seedDb(project.dir, SEED);
    const ran = await runCommand(opts({ period: '2024Q2', runIdSuffix: 'aaaaaa' }));
    const tested = await testCommand(opts({ runIdSuffix: 'bbbbbb' }));
    expect(tested.tests[0]).toMatchObject({ status: 'pass' });
    const rows = await withDb(join(project.dir, 'grayscope.duckdb'), (db) => db.all('SELECT run_id, command, status, period FROM runs ORDER BY run_id'));
    expect(rows).toEqual([
      { run_id: ran.run_id, command: 'run', status: 'success', period: '2024Q2' },
      { run_id: tested.run_id, command: 'test', status: 'success', period: '2024Q2' },
    ]);
    const results = JSON.parse(readFileSync(join(project.dir, 'runs', tested.run_id, 'run_results.json'), 'utf8'));
    expect(results.tests).toEqual([expect.objectContaining({ model: 'p', status: 'pass', failing_rows: 0, where: 'queries/p.sql:2' })]);
  });

  it('a failed run is recorded as failed, and run ids sort by time', async () => {
    writeFiles(project.dir, { 'queries/bad.sql': 'SELECT nope\n' });
    await seedDb(project.dir);
    const first = await runCommand(opts({ now: () => new Date('2025-01-01T00:00:00Z') }));
    const second = await runCommand(opts({ now: () => new Date('2025-01-01T00:00:01Z') }));
    expect([second.run_id, first.run_id].sort()).toEqual([first.run_id, second.run_id]);
    expect(readdirSync(join(project.dir, 'runs')).sort()).toEqual([first.run_id, second.run_id]);
    const results = JSON.parse(readFileSync(join(project.dir, 'runs', first.run_id, 'run_results.json'), 'utf8'));
    expect(results.status).toBe('failed');
    expect(results.models[0]).toMatchObject({ status: 'error', location: { line: 1, column: 8 } });
  });

  it('a refused run (bad configuration) writes no artifacts', async () => {
    writeFiles(project.dir, { 'queries/a.sql': 'SELECT * FROM a\n' });
    await seedDb(project.dir);
    await expect(runCommand(opts())).rejects.toBeInstanceOf(GrayscopeError);
    expect(existsSync(join(project.dir, 'runs'))).toBe(false);
  });
});
