// End to end: the exit-code contract (2 usage/config, 3 input unusable) holds with and without
// --json, a refused load leaves nothing behind (also across several files in one command), and
// `status`/`init`/grayscope.yaml behave as documented.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorCode, InitResult, LoadResult, StatusResult } from '../../src/index.js';
import { type CliResult, type ErrorDocument, tempCli, onlyJson } from '../helpers/cli.js';
import { BASIC_ROWS, writeCsv } from './fixtures.js';

const { run, dir } = tempCli();

/** Runs the command twice, plain and with --json, and checks the exit code and error document of both. */
async function expectFailure(args: string[], exit: number, code: ErrorCode): Promise<{ plain: CliResult; json: CliResult; error: ErrorDocument['error'] }> {
  const plain = await run(...args);
  expect(plain.code, `plain: ${plain.stderr}`).toBe(exit);
  expect(plain.stdout).toBe('');
  expect(plain.stderr).toMatch(/^Error: /m);
  expect(plain.stderr).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m); // no stack trace

  const json = await run(...args, '--json');
  expect(json.code, `--json: ${json.stderr}`).toBe(exit);
  const doc = onlyJson<ErrorDocument>(json);
  expect(Object.keys(doc)).toEqual(['error']);
  expect(doc.error).toEqual(
    expect.objectContaining({ code, exit_code: exit, message: expect.any(String), hint: expect.any(String) }),
  );
  expect(doc.error.message.length).toBeGreaterThan(0);
  expect(doc.error.hint?.length).toBeGreaterThan(0);
  return { plain, json, error: doc.error };
}

/** Nothing is loaded: no rows, no quarantine, no ledger entries, no committed loads. */
async function expectNothingLoaded(): Promise<void> {
  const r = await run('status', '--json');
  expect(r.code, r.stderr).toBe(0);
  const status = onlyJson<StatusResult>(r);
  for (const s of status.sources) expect(s, s.source).toMatchObject({ rows: 0, quarantined: 0 });
  expect(status.files).toEqual([]);
  expect(status.loads).toEqual([]);
}

describe('usage errors exit 2', () => {
  it('an unknown source exits 2 and names the accepted sources', async () => {
    writeCsv(join(dir(), 'x.csv'), BASIC_ROWS);
    const { error, plain } = await expectFailure(['load', 'foo', 'x.csv'], 2, 'usage');
    expect(error.message).toContain('foo');
    expect(error.message).toContain('complaints');
    expect(plain.stderr).toContain('foo');
    await expectNothingLoaded();
  });

  it('an unknown flag exits 2 and names the flag', async () => {
    writeCsv(join(dir(), 'x.csv'), BASIC_ROWS);
    const { error } = await expectFailure(['load', 'complaints', 'x.csv', '--bogus'], 2, 'usage');
    expect(error.message).toContain('--bogus');
    await expectNothingLoaded();
  });

  it('load without a FILE argument exits 2', async () => {
    const { error } = await expectFailure(['load', 'complaints'], 2, 'usage');
    expect(error.message).toMatch(/file/i);
  });

  it('rejects with an unknown source exits 2', async () => {
    const { error } = await expectFailure(['rejects', 'foo'], 2, 'usage');
    expect(error.message).toContain('foo');
  });
});

describe('unusable input exits 3 and loads nothing', () => {
  it('a missing file exits 3 and names the file', async () => {
    const { error } = await expectFailure(['load', 'complaints', 'missing.csv'], 3, 'input');
    expect(error.message).toContain('missing.csv');
    await expectNothingLoaded();
  });

  it('a missing required column exits 3 naming region and the closest header "regoin"', async () => {
    writeFileSync(
      join(dir(), 'typo.csv'),
      'complaint_id,received_date,regoin,category\nX1,2025-01-01,广东,反催收\nX2,2025-01-02,北京,跑分\n',
    );
    const { error, plain } = await expectFailure(['load', 'complaints', 'typo.csv'], 3, 'input');
    expect(error.message).toContain('typo.csv');
    expect(error.message).toMatch(/\bregion\b/);
    expect(error.message).toContain('"regoin"');
    expect(error.message).toMatch(/closest[^"]*"regoin"/);
    expect(plain.stderr).toContain('"regoin"');
    await expectNothingLoaded();
  });

  it('a header-only CSV exits 3', async () => {
    writeFileSync(join(dir(), 'empty.csv'), 'complaint_id,received_date,region,category,amount,phone,narrative\n');
    const { error } = await expectFailure(['load', 'complaints', 'empty.csv'], 3, 'input');
    expect(error.message).toContain('empty.csv');
    expect(error.message).toMatch(/no data rows/);
    await expectNothingLoaded();
  });

  it('a file of random bytes that is neither UTF-8 nor GB18030 exits 3', async () => {
    // Deterministic bytes with no NUL (so the encoding check, not the binary check, refuses it),
    // rich in 0x80 and 0xFF, which start no character in UTF-8 or GB18030.
    const bytes = Buffer.alloc(4096);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = i % 7 === 0 ? 0xff : i % 11 === 0 ? 0x80 : 1 + (x % 255);
    }
    writeFileSync(join(dir(), 'noise.csv'), bytes);
    const { error } = await expectFailure(['load', 'complaints', 'noise.csv'], 3, 'input');
    expect(error.message).toContain('noise.csv');
    expect(error.message).toMatch(/UTF-8/);
    expect(error.message).toMatch(/GB18030/);
    await expectNothingLoaded();
  });

  it('a binary file with NUL bytes exits 3', async () => {
    const bytes = Buffer.alloc(2048);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37) % 256;
    writeFileSync(join(dir(), 'binary.csv'), bytes);
    const { error } = await expectFailure(['load', 'complaints', 'binary.csv'], 3, 'input');
    expect(error.message).toContain('binary.csv');
    await expectNothingLoaded();
  });

  it('a good file and a bad file in one command exit 3 and the good file rows are not loaded', async () => {
    writeCsv(join(dir(), 'good.csv'), BASIC_ROWS);
    writeFileSync(join(dir(), 'bad.csv'), 'complaint_id,received_date,regoin,category\nZ1,2025-01-01,广东,反催收\n');
    const { error } = await expectFailure(['load', 'complaints', 'good.csv', 'bad.csv'], 3, 'input');
    expect(error.message).toContain('bad.csv');
    await expectNothingLoaded();
    // The good file alone then loads as new (it was not recorded as loaded by the refused command).
    const r = await run('load', 'complaints', 'good.csv', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(onlyJson<LoadResult>(r).files[0]).toMatchObject({ status: 'loaded', rows_loaded: 3 });
  });

  it('a refused load after a successful one leaves the earlier data exactly as it was', async () => {
    writeCsv(join(dir(), 'good.csv'), BASIC_ROWS);
    expect((await run('load', 'complaints', 'good.csv')).code).toBe(0);
    const before = onlyJson<StatusResult>(await run('status', '--json'));
    writeCsv(join(dir(), 'more.csv'), [['M1', '2025-05-01', '广东', '反催收', '1', '13812349999', 'ok']]);
    writeFileSync(join(dir(), 'empty.csv'), 'complaint_id,received_date,region,category\n');
    await expectFailure(['load', 'complaints', 'more.csv', 'empty.csv'], 3, 'input');
    const after = onlyJson<StatusResult>(await run('status', '--json'));
    expect(after.sources).toEqual(before.sources);
    expect(after.files).toEqual(before.files);
    expect(after.loads).toEqual(before.loads);
  });
});

describe('status and init', () => {
  it('status with no database exits 0 and says there is no database yet', async () => {
    const plain = await run('status', '--lang', 'en');
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/No database yet/);
    const json = await run('status', '--json');
    expect(json.code).toBe(0);
    const doc = onlyJson<StatusResult>(json);
    expect(doc.exists).toBe(false);
    expect(doc.files).toEqual([]);
    for (const s of doc.sources) expect(s.rows).toBe(0);
    expect(existsSync(join(dir(), 'grayscope.duckdb'))).toBe(false);
  });

  it('init DIR creates grayscope.yaml with a salt, data/ and assumptions.yaml, and the project loads', async () => {
    const r = await run('init', 'proj');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('grayscope.yaml');
    const proj = join(dir(), 'proj');
    const yaml = readFileSync(join(proj, 'grayscope.yaml'), 'utf8');
    expect(yaml).toMatch(/^salt: "?[0-9a-f]{32}"?$/m);
    expect(existsSync(join(proj, 'data'))).toBe(true);
    expect(readFileSync(join(proj, 'assumptions.yaml'), 'utf8')).toMatch(/reporting_rates:/);
    // A second init keeps the files (and the salt) as they were.
    const again = await run('init', 'proj', '--json');
    expect(again.code).toBe(0);
    expect(onlyJson<InitResult>(again).existing).toEqual(expect.arrayContaining(['grayscope.yaml', 'assumptions.yaml']));
    expect(readFileSync(join(proj, 'grayscope.yaml'), 'utf8')).toBe(yaml);
    // The scaffold is a valid project.
    writeCsv(join(proj, 'data', 'c.csv'), BASIC_ROWS);
    const load = await run('load', 'complaints', 'proj/data/c.csv', '--project', 'proj', '--json');
    expect(load.code, load.stderr).toBe(0);
    expect(onlyJson<LoadResult>(load).files[0]?.path).toBe('data/c.csv');
    expect(existsSync(join(proj, 'grayscope.duckdb'))).toBe(true);
  });

  it('a grayscope.yaml with bad YAML exits 2 naming the file and the line', async () => {
    mkdirSync(join(dir(), 'proj'));
    writeFileSync(join(dir(), 'proj', 'grayscope.yaml'), 'project: x\naliases:\n  complaints:\n    region: [a\n  bad: : :\n');
    const { error } = await expectFailure(['status', '--project', 'proj'], 2, 'config');
    expect(error.message).toContain('grayscope.yaml');
    expect(error.message).toMatch(/grayscope\.yaml:\d+(:\d+)?/);
  });

  it('a grayscope.yaml with an unknown key exits 2 naming the file and the key path', async () => {
    mkdirSync(join(dir(), 'proj'));
    writeFileSync(join(dir(), 'proj', 'grayscope.yaml'), 'project: x\nentity:\n  nmae: Bank\n');
    const { error } = await expectFailure(['status', '--project', 'proj'], 2, 'config');
    expect(error.message).toContain('grayscope.yaml');
    expect(error.message).toMatch(/entity/);
    expect(error.message).toContain('nmae');
    // The same refusal stops a load before any work: no database is created.
    writeCsv(join(dir(), 'c.csv'), BASIC_ROWS);
    await expectFailure(['load', 'complaints', 'c.csv', '--project', 'proj'], 2, 'config');
    expect(existsSync(join(dir(), 'proj', 'grayscope.duckdb'))).toBe(false);
  });

  it('a misspelt top-level key in grayscope.yaml exits 2 and names it', async () => {
    writeFileSync(join(dir(), 'grayscope.yaml'), 'project: x\ndatabse: other.duckdb\n');
    const { error } = await expectFailure(['status'], 2, 'config');
    expect(error.message).toContain('grayscope.yaml');
    expect(error.message).toContain('databse');
  });
});
