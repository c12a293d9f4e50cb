// End to end: the built CLI's `unload` (exit 0 with its JSON, 2 for an unknown file or load id with
// the loaded files listed, 4 while another process holds the database), `load --upsert` and
// `--max-rejects`, `rejects --format xlsx`, and `init --project DIR`, as a user runs them.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadResult, StatusResult, UnloadResult, UpsertFileResult } from '../../src/index.js';
import { type ErrorDocument, killChildren, onlyJson, tempCli } from '../helpers/cli.js';

const { run, dir } = tempCli();
const children: ChildProcess[] = [];
afterEach(async () => {
  await killChildren(children);
});

const HEAD = '工单编号,受理时间,所在地区,投诉类别,涉及金额（万元）';
const write = (name: string, rows: string[]) => writeFileSync(join(dir(), name), `${HEAD}\n${rows.join('\n')}\n`);
const ORIGINAL = ['TS1,2025-03-01,广东,反催收,1.5', 'TS2,2025-03-02,浙江,代理投诉,0.8'];
const CORRECTED = ['TS1,2025-03-01,广东,反催收,1.8', 'TS2,2025-03-02,浙江,代理投诉,0.8', 'TS3,2025-03-03,北京,征信修复,'];

const DUCKDB_URL = pathToFileURL(createRequire(import.meta.url).resolve('@duckdb/node-api')).href;

/** Another process holding the database read-write (DuckDB's lock) until killed. */
async function holdDatabase(dbPath: string): Promise<ChildProcess> {
  const script = join(dir(), 'holder.mjs');
  writeFileSync(
    script,
    `import { DuckDBInstance } from ${JSON.stringify(DUCKDB_URL)};
const instance = await DuckDBInstance.create(process.argv[2]);
await (await instance.connect()).run('SELECT 1');
process.stdout.write('ready\\n');
setTimeout(() => process.exit(0), 60000);
`,
  );
  const child = spawn(process.execPath, [script, dbPath], { cwd: dir(), stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => d.includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`holder exited (${code}) before it was ready`)));
  });
  return child;
}

describe('grayscope unload', () => {
  it('corrections: load --upsert reports updated with counts; unload FILE --json puts the earlier versions back and status lists it', async () => {
    write('a.csv', ORIGINAL);
    write('a_更正.csv', CORRECTED);
    expect((await run('load', 'complaints', 'a.csv')).code).toBe(0);
    const upsert = await run('load', 'complaints', 'a_更正.csv', '--upsert', '--json');
    expect(upsert.code, upsert.stderr).toBe(0);
    const loaded = onlyJson<LoadResult>(upsert);
    expect(loaded.files[0] as UpsertFileResult).toMatchObject({ status: 'updated', rows_read: 3, rows_loaded: 3, rows_rejected: 0, rows_new: 1, rows_replaced: 2, rows_changed: 1 });

    const r = await run('unload', 'a_更正.csv', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = onlyJson<UnloadResult>(r);
    expect(doc).toEqual({
      unload_id: expect.any(Number),
      target: 'a_更正.csv',
      unloaded: [{ source: 'complaints', path: 'a_更正.csv', sha256: loaded.files[0]!.sha256, load_id: loaded.load_id, rows: 3, quarantined: 0, restored: 2 }],
      totals: { rows: 3, quarantined: 0, restored: 2 },
    });
    const status = onlyJson<StatusResult>(await run('status', '--json'));
    expect(status.sources.find((s) => s.source === 'complaints')!.rows).toBe(2);
    expect(status.unloads[0]).toMatchObject({ path: 'a_更正.csv', restored: 2 });
    const human = await run('status', '--lang', 'en');
    expect(human.stdout).toContain('unloaded:');
  });

  it('unload LOAD_ID in human form says what it removed', async () => {
    write('a.csv', ORIGINAL);
    const loaded = onlyJson<LoadResult>(await run('load', 'complaints', 'a.csv', '--json'));
    const r = await run('unload', String(loaded.load_id), '--lang', 'en');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Unloaded 1 file: 2 rows and 0 quarantined rows removed');
  });

  it('an unknown file exits 2 and lists the loaded files, with and without --json; a missing argument exits 2', async () => {
    write('a.csv', ORIGINAL);
    expect((await run('load', 'complaints', 'a.csv')).code).toBe(0);
    const json = await run('unload', 'b.csv', '--json');
    expect(json.code).toBe(2);
    const doc = onlyJson<ErrorDocument>(json);
    expect(doc.error).toMatchObject({ code: 'usage', exit_code: 2 });
    expect(doc.error.details).toEqual({ loaded: [{ path: 'a.csv', source: 'complaints', load_id: 1 }] });
    const plain = await run('unload', '42');
    expect(plain.code).toBe(2);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toContain('42: no loaded file or load id of that name');
    expect(plain.stderr).toContain('a.csv (complaints, load 1)');
    expect((await run('unload')).code).toBe(2);
  });

  it('exits 4 naming the holder while another process holds the database, and changes nothing', async () => {
    write('a.csv', ORIGINAL);
    expect((await run('load', 'complaints', 'a.csv')).code).toBe(0);
    const holder = await holdDatabase(join(dir(), 'grayscope.duckdb'));
    const r = await run('unload', 'a.csv', '--json');
    expect(r.code, r.stderr).toBe(4);
    expect(onlyJson<ErrorDocument>(r).error.message).toContain(`PID ${holder.pid}`);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('close', resolve));
    expect(onlyJson<StatusResult>(await run('status', '--json')).files.map((f) => f.path)).toEqual(['a.csv']);
  });
});

describe('load --max-rejects from the CLI', () => {
  it('over the limit exits 3 with the reasons and loads nothing; a bad value exits 2', async () => {
    write('bad.csv', ['TS1,2025-13-01,广东,反催收,1', 'TS2,2025-03-01,火星,反催收,1', 'TS3,2025-03-01,广东,反催收,1']);
    const over = await run('load', 'complaints', 'bad.csv', '--max-rejects', '1', '--json');
    expect(over.code).toBe(3);
    expect(onlyJson<ErrorDocument>(over).error.details).toMatchObject({ rows_read: 3, rows_rejected: 2 });
    expect(onlyJson<StatusResult>(await run('status', '--json')).files).toEqual([]);
    for (const bad of ['abc', '--max-rejects=-1', '150%']) {
      const r = bad.startsWith('--') ? await run('load', 'complaints', 'bad.csv', bad) : await run('load', 'complaints', 'bad.csv', '--max-rejects', bad);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain('--max-rejects');
    }
    expect((await run('load', 'complaints', 'bad.csv', '--max-rejects', '70%')).code).toBe(0);
  });
});

describe('rejects --format xlsx from the CLI', () => {
  it('without --out exits 2; with --out writes the workbook and says where', async () => {
    write('bad.csv', ['TS1,2025-13-01,广东,反催收,1']);
    expect((await run('load', 'complaints', 'bad.csv')).code).toBe(0);
    const refused = await run('rejects', '--format', 'xlsx');
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    const r = await run('rejects', '--format', 'xlsx', '--out', 'rejects.xlsx', '--lang', 'en');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Wrote 1 quarantined row to rejects.xlsx');
    expect(existsSync(join(dir(), 'rejects.xlsx'))).toBe(true);
  });
});

describe('init --project DIR from the CLI', () => {
  it('honours --project, and refuses a DIR argument naming another folder (exit 2)', async () => {
    const r = await run('init', '--project', 'proj');
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir(), 'proj', 'grayscope.yaml'))).toBe(true);
    expect(existsSync(join(dir(), 'grayscope.yaml'))).toBe(false);
    expect(r.stdout).toContain('--project proj');
    const both = await run('init', 'other', '--project', 'proj');
    expect(both.code).toBe(2);
    expect(existsSync(join(dir(), 'other'))).toBe(false);
  });
});
