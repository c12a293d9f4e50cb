// End to end: the converted copies a load makes of its input (raw personal data) stay in a private
// folder inside the project (.grayscope/tmp, mode 0700), never in the system temp folder; a load
// killed with SIGKILL leaves its folder there and the next load removes it; SIGTERM removes it at
// once (issue 15 item 9).
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, killChildren, makeTempDir, startCli } from '../helpers/cli.js';
import { BASIC_ROWS, writeCsv } from './fixtures.js';

let tmp: ReturnType<typeof makeTempDir>;
const children: ChildProcess[] = [];
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(async () => {
  await killChildren(children);
  tmp.remove();
});

function writeGbCsv(path: string, rows: number): void {
  const parts = ['complaint_id,received_date,region,category,amount,phone,narrative\n'];
  for (let i = 0; i < rows; i++) parts.push(`G${i},2025-03-${10 + (i % 18)},广东,反催收,${i % 997},139${String(i).padStart(8, '0')},客户反映以债务优化名义收取服务费用 编号${i}\n`);
  writeFileSync(path, iconv.encode(parts.join(''), 'gb18030'));
}

/** Every file below `dir`, as paths relative to it. */
function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
}

/** Starts a load of big.csv and, as soon as a converted copy of it exists anywhere, signals it; watches the system temp folder meanwhile. */
async function loadAndSignal(cwd: string, systemTemp: string, signal: NodeJS.Signals) {
  const { child, done } = startCli(['load', 'complaints', 'big.csv'], { cwd, env: { TMPDIR: systemTemp, TMP: systemTemp, TEMP: systemTemp } });
  children.push(child);
  const seenInSystemTemp = new Set<string>();
  for (;;) {
    for (const f of readdirSync(systemTemp)) seenInSystemTemp.add(f);
    const copies = [...filesBelow(join(cwd, '.grayscope', 'tmp')), ...filesBelow(systemTemp)].filter((f) => /transcoded|converted/.test(f));
    if (copies.length > 0 || child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill(signal);
  return { result: await done, seenInSystemTemp: [...seenInSystemTemp] };
}

describe('converted copies of the input', () => {
  it('stay in .grayscope/tmp (0700), none in the system temp folder; a SIGKILLed load leaves its folder and the next load removes it', { timeout: 90_000 }, async () => {
    const cwd = tmp.dir;
    const systemTemp = join(cwd, 'systmp');
    mkdirSync(systemTemp);
    writeGbCsv(join(cwd, 'big.csv'), 150_000);
    const killed = await loadAndSignal(cwd, systemTemp, 'SIGKILL');
    expect(killed.result.signal, killed.result.stderr).toBe('SIGKILL');
    expect(killed.seenInSystemTemp.filter((f) => f.startsWith('grayscope-'))).toEqual([]);
    const home = join(cwd, '.grayscope', 'tmp');
    const left = readdirSync(home);
    expect(left, 'the killed load left its folder').toHaveLength(1);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, left[0]!)).mode & 0o777).toBe(0o700);
    expect(filesBelow(home).some((f) => f.includes('transcoded'))).toBe(true);

    writeCsv(join(cwd, 'small.csv'), BASIC_ROWS);
    const next = await cli(['load', 'complaints', 'small.csv'], { cwd, env: { TMPDIR: systemTemp } });
    expect(next.code, next.stderr).toBe(0);
    expect(readdirSync(home)).toEqual([]);
    expect(readdirSync(systemTemp).filter((f) => f.startsWith('grayscope-'))).toEqual([]);
  });

  it('SIGTERM during a load removes its folder before the process exits (143)', { timeout: 60_000 }, async () => {
    const cwd = tmp.dir;
    const systemTemp = join(cwd, 'systmp');
    mkdirSync(systemTemp);
    writeGbCsv(join(cwd, 'big.csv'), 150_000);
    const stopped = await loadAndSignal(cwd, systemTemp, 'SIGTERM');
    expect(stopped.result.code, stopped.result.stderr).toBe(143);
    expect(filesBelow(join(cwd, '.grayscope', 'tmp'))).toEqual([]);
    expect(readdirSync(systemTemp)).toEqual([]);
  });
});
