// End to end: text from the data reaches a terminal harmless (issue 15 item 10). Escape sequences,
// BEL and bidi overrides in a rejected row and in a file name come out as visible characters from
// `load` and `rejects`, on stdout and stderr; a phone number in a file name is masked wherever the
// file is named (the load's table, the quarantine, the ledger), and the ledger still knows the file.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadResult, RejectsResult } from '../../src/index.js';
import { onlyJson, tempCli } from '../helpers/cli.js';
import { csvLine, HEADER } from './fixtures.js';
import { writeFileSync } from 'node:fs';

const { run, dir } = tempCli();

const ESC = '\u001b';
const BEL = '\u0007';
const RLO = '\u202e';
/** What must never reach a terminal raw: C0 controls but tab and newline, DEL, C1, bidi controls. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

function hostileFile(name: string): string {
  const rows = [
    ['C001', '2025-01-05', '广东', '反催收', '1200', '', '正常'],
    ['C002', '2025-13-45', '上海', '代理投诉', '500', '', `${ESC}[31m红字${BEL}${RLO}txt.exe`],
  ];
  writeFileSync(join(dir(), name), `${[HEADER, ...rows].map(csvLine).join('\n')}\n`, 'utf8');
  return name;
}

describe('what reaches the terminal', () => {
  it('load and rejects print no raw ESC, BEL or bidi override from a reject\'s text or a file name', async () => {
    const name = hostileFile(`a${ESC}[2J${BEL}${RLO}b.csv`);
    const load = await run('load', 'complaints', name);
    expect(load.code).toBe(0);
    const rejects = await run('rejects');
    expect(rejects.code).toBe(0);
    for (const r of [load, rejects]) {
      expect(r.stdout).not.toMatch(UNSAFE);
      expect(r.stderr).not.toMatch(UNSAFE);
    }
    // Shown, not dropped: the officer sees that something was there.
    expect(rejects.stdout).toContain('\u241b[31m');
    expect(load.stdout).toContain('\u241b[2J');
    // --json stays exact: the file name as the ledger has it, escaped by JSON itself.
    const doc = onlyJson<RejectsResult>(await run('rejects', '--json'));
    expect(doc.rejects[0]!.original).toContain(`${ESC}[31m`);
  });

  it('a phone number in a file name is masked in the load output, the quarantine and the ledger; the file is still known', async () => {
    const name = hostileFile('客户13812345678投诉.csv');
    const first = onlyJson<LoadResult>(await run('load', 'complaints', name, '--json'));
    expect(first.files[0]!.path).toBe('客户138****5678投诉.csv');
    const human = await run('load', 'complaints', name, '--lang', 'en');
    expect(human.stdout + human.stderr).not.toContain('13812345678');
    expect(human.stdout).toContain('unchanged');
    const rejects = onlyJson<RejectsResult>(await run('rejects', '--json'));
    expect(rejects.rejects[0]!.file).toBe('客户138****5678投诉.csv');
    const status = await run('status', '--json');
    expect(status.stdout).not.toContain('13812345678');
    const unload = await run('unload', name, '--json');
    expect(unload.code).toBe(0);
    expect(unload.stdout).not.toContain('13812345678');
  });
});
