// End to end: two processes on one database (the second exits 4 naming the holder, or waits with
// --wait), and a load killed with SIGKILL leaves the database exactly as it was before that load.
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoadResult, RejectsResult, StatusResult } from '../../src/index.js';
import { cli, type ErrorDocument, killChildren, makeTempDir, onlyJson, startCli } from '../helpers/cli.js';
import { BASIC_ROWS, writeCsv } from './fixtures.js';

let tmp: ReturnType<typeof makeTempDir>;
let cwd: string;
const run = (...args: string[]) => cli(args, { cwd });
const children: ChildProcess[] = [];

beforeEach(() => {
  tmp = makeTempDir();
  cwd = tmp.dir;
});
afterEach(async () => {
  await killChildren(children);
  tmp.remove();
});

const DUCKDB_URL = pathToFileURL(createRequire(import.meta.url).resolve('@duckdb/node-api')).href;

/** A process that opens the database read-write (taking DuckDB's lock), says "ready", and holds it for `ms`. */
async function holdDatabase(dbPath: string, ms: number): Promise<{ child: ChildProcess; exited: Promise<number | null> }> {
  const script = join(cwd, 'holder.mjs');
  writeFileSync(
    script,
    `import { DuckDBInstance } from ${JSON.stringify(DUCKDB_URL)};
const instance = await DuckDBInstance.create(process.argv[2]);
const connection = await instance.connect();
await connection.run('SELECT 1');
process.stdout.write('ready\\n');
setTimeout(() => { connection.closeSync(); instance.closeSync(); process.exit(0); }, Number(process.argv[3]));
`,
  );
  const child = spawn(process.execPath, [script, dbPath, String(ms)], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`holder exited (${code}) before it was ready: ${err}`)));
  });
  return { child, exited };
}

describe('database lock', () => {
  it('a load while another process holds the database exits 4 and names the holder PID', async () => {
    writeCsv(join(cwd, 'first.csv'), BASIC_ROWS);
    expect((await run('load', 'complaints', 'first.csv')).code).toBe(0);
    const before = onlyJson<StatusResult>(await run('status', '--json'));
    writeCsv(join(cwd, 'second.csv'), [['L1', '2025-06-01', '广东', '反催收', '1', '13812340000', 'ok']]);

    const { child } = await holdDatabase(join(cwd, 'grayscope.duckdb'), 20_000);
    const json = await run('load', 'complaints', 'second.csv', '--json');
    expect(json.code, json.stderr).toBe(4);
    const doc = onlyJson<ErrorDocument>(json);
    expect(doc.error).toMatchObject({ code: 'busy', exit_code: 4 });
    expect(doc.error.message).toContain(`PID ${child.pid}`);
    expect(doc.error.hint).toContain('--wait');

    const plain = await run('load', 'complaints', 'second.csv');
    expect(plain.code).toBe(4);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toContain(`PID ${child.pid}`);

    // A reader is refused the same way (DuckDB's lock is exclusive across processes).
    const status = await run('status', '--json');
    expect(status.code).toBe(4);
    expect(onlyJson<ErrorDocument>(status).error.message).toContain(`PID ${child.pid}`);

    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));
    const after = onlyJson<StatusResult>(await run('status', '--json'));
    expect(after.sources).toEqual(before.sources);
    expect(after.files).toEqual(before.files);
  });

  it('every other command that opens the database exits 4 naming the holder, with and without --json', async () => {
    writeCsv(join(cwd, 'first.csv'), BASIC_ROWS);
    expect((await run('load', 'complaints', 'first.csv')).code).toBe(0);
    const { child } = await holdDatabase(join(cwd, 'grayscope.duckdb'), 60_000);
    for (const command of [['run'], ['test'], ['estimate', '--method', 'mse', '--bootstrap', '0'], ['templates'], ['rejects']]) {
      const json = await run(...command, '--json');
      expect(json.code, `${command[0]}: ${json.stderr}`).toBe(4);
      expect(onlyJson<ErrorDocument>(json).error).toMatchObject({ code: 'busy', exit_code: 4 });
      expect(onlyJson<ErrorDocument>(json).error.message).toContain(`PID ${child.pid}`);
      const plain = await run(...command);
      expect(plain.code, command[0]).toBe(4);
      expect(plain.stderr).toContain(`PID ${child.pid}`);
    }
  });

  it('load --wait 30 waits for a holder that lets go after about 2 s and then loads', async () => {
    writeCsv(join(cwd, 'first.csv'), BASIC_ROWS);
    expect((await run('load', 'complaints', 'first.csv')).code).toBe(0);
    writeCsv(join(cwd, 'second.csv'), [['L1', '2025-06-01', '广东', '反催收', '1', '13812340000', 'ok']]);

    const { child, exited } = await holdDatabase(join(cwd, 'grayscope.duckdb'), 2_000);
    let holderGone = false;
    void exited.then(() => (holderGone = true));
    expect(child.exitCode).toBeNull();
    const r = await run('load', 'complaints', 'second.csv', '--wait', '30', '--json');
    expect(holderGone, 'the load finished only after the holder let go').toBe(true);
    expect(await exited).toBe(0);
    expect(r.code, r.stderr).toBe(0);
    expect(onlyJson<LoadResult>(r).files[0]).toMatchObject({ path: 'second.csv', status: 'loaded', rows_loaded: 1 });
    const status = onlyJson<StatusResult>(await run('status', '--json'));
    expect(status.sources.find((s) => s.source === 'complaints')?.rows).toBe(4);
  });
});

describe('killed load', () => {
  // About 150 bytes a row. The row count grows until a full load takes long enough to be killed
  // in its middle, so the test stays meaningful as the loader gets faster.
  const START_ROWS = 300_000;
  const MIN_LOAD_MS = 2_500;

  function writeBigCsv(path: string, rows: number): void {
    const regions = ['广东', '北京', '上海', '浙江', '江苏'];
    const categories = ['反催收', '征信修复', '代理投诉', '跑分', '虚假诉讼'];
    const parts = ['complaint_id,received_date,region,category,amount,phone,narrative\n'];
    for (let i = 0; i < rows; i++) {
      const month = String(1 + (i % 9)).padStart(2, '0');
      parts.push(
        `B${i},2025-${month}-${10 + (i % 18)},${regions[i % 5]},${categories[i % 5]},${(i % 997) * 10 + 5},139${String(i).padStart(8, '0')},客户反映第三方机构以债务优化名义收取服务费用并要求停止还款 编号${i} 情况待核查\n`,
      );
    }
    writeFileSync(path, parts.join(''));
  }

  it('SIGKILL in the middle of a load leaves status and rejects as they were, and the file then loads', { timeout: 180_000 }, async () => {
    writeCsv(
      join(cwd, 'small.csv'),
      BASIC_ROWS.map((r) => [`S${r[0]}`, ...r.slice(1)]),
    );
    expect((await run('load', 'complaints', 'small.csv')).code).toBe(0);
    const before = onlyJson<StatusResult>(await run('status', '--json'));
    const rejectsBefore = onlyJson<RejectsResult>(await run('rejects', '--json'));
    expect(before.sources.find((s) => s.source === 'complaints')?.rows).toBe(3);

    // Calibrate: how long a whole load of the big file takes here, into a scratch database.
    let rows = START_ROWS;
    let fullMs = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      writeBigCsv(join(cwd, 'big.csv'), rows);
      rmSync(join(cwd, 'scratch.duckdb'), { force: true });
      const started = performance.now();
      const scratch = await run('load', 'complaints', 'big.csv', '--db', 'scratch.duckdb', '--quiet');
      fullMs = performance.now() - started;
      expect(scratch.code, scratch.stderr).toBe(0);
      if (fullMs >= MIN_LOAD_MS) break;
      rows *= 2;
    }

    const { child, done } = startCli(['load', 'complaints', 'big.csv', '--json'], { cwd });
    children.push(child);
    await new Promise((r) => setTimeout(r, Math.round(fullMs * 0.5)));
    const runningAtKill = child.exitCode === null && child.signalCode === null;
    child.kill('SIGKILL');
    const killed = await done;
    expect(runningAtKill, `the load had already finished before the kill at ${Math.round(fullMs * 0.5)} ms: ${killed.stderr}`).toBe(true);
    expect(killed.signal).toBe('SIGKILL');

    const after = onlyJson<StatusResult>(await run('status', '--json'));
    expect(after.sources).toEqual(before.sources);
    expect(after.files).toEqual(before.files);
    expect(after.loads).toEqual(before.loads);
    expect(onlyJson<RejectsResult>(await run('rejects', '--json'))).toEqual(rejectsBefore);

    const again = await run('load', 'complaints', 'big.csv', '--json');
    expect(again.code, again.stderr).toBe(0);
    expect(onlyJson<LoadResult>(again).files[0]).toMatchObject({ status: 'loaded', rows_read: rows, rows_loaded: rows, rows_rejected: 0 });
    const final = onlyJson<StatusResult>(await run('status', '--json'));
    expect(final.sources.find((s) => s.source === 'complaints')?.rows).toBe(3 + rows);
    expect(final.files.map((f) => f.path).sort()).toEqual(['big.csv', 'small.csv']);
  });
});
