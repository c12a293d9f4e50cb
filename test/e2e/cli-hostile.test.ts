// End to end: hostile and odd input files (issue 15, items 5–7) end with the documented exit code
// and a message naming the file, never with a crash, a hang or a stack trace — --json included.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, type CliResult, type ErrorDocument, onlyJson, tempCli } from '../helpers/cli.js';
import { sharedStringsBomb, zipBytes } from '../helpers/zip.js';
import { BASIC_ROWS, writeCsv } from './fixtures.js';

const { run, dir } = tempCli();

/** Plain and --json: the exit code, a message on stderr matching `message`, no stack trace, one JSON error. */
async function expectRefused(args: string[], exit: number, message: RegExp): Promise<CliResult> {
  const plain = await run(...args);
  expect(plain.code, plain.stderr).toBe(exit);
  expect(plain.stderr).toMatch(message);
  expect(plain.stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
  const json = await run(...args, '--json');
  expect(json.code, json.stderr).toBe(exit);
  const doc = onlyJson<ErrorDocument>(json);
  expect(doc.error.exit_code).toBe(exit);
  expect(doc.error.message).toMatch(message);
  return plain;
}

describe('hostile workbooks exit 3 naming the file', () => {
  it('an XLSX zip bomb (600 MB of shared strings, sizes declared) is refused before inflating, naming xl/sharedStrings.xml', async () => {
    const file = join(dir(), 'bomb.xlsx');
    writeFileSync(file, await sharedStringsBomb(600));
    const started = Date.now();
    const plain = await run('load', 'complaints', file);
    expect(Date.now() - started).toBeLessThan(6000); // refused from the zip's directory: 600 MB never inflated
    expect(plain.code, plain.stderr).toBe(3);
    await expectRefused(['load', 'complaints', file], 3, /bomb\.xlsx: xl\/sharedStrings\.xml would unpack to more than 512 MB/);
  }, 30_000);

  it('an XLSX zip bomb whose headers lie about its size is stopped while inflating, naming xl/sharedStrings.xml', async () => {
    const file = join(dir(), 'liar.xlsx');
    writeFileSync(file, await sharedStringsBomb(600, true));
    await expectRefused(['load', 'complaints', file], 3, /liar\.xlsx: xl\/sharedStrings\.xml unpacks to more than 200 times its packed size/);
  }, 30_000);

  it('a truncated XLSX (cut in the middle of the zip) exits 3 saying the zip is cut short', async () => {
    const whole = await zipBytes([
      { name: 'xl/workbook.xml', data: '<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>' },
      { name: 'xl/worksheets/sheet1.xml', data: '<worksheet><sheetData></sheetData></worksheet>'.repeat(50) },
    ]);
    const file = join(dir(), 'cut.xlsx');
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    await expectRefused(['load', 'complaints', file], 3, /cut\.xlsx is not a complete \.xlsx workbook \(the zip is cut short/);
  });

  it('a .docx renamed .xlsx exits 3 saying it is a Word document, not an Excel workbook', async () => {
    const file = join(dir(), 'letter.xlsx');
    writeFileSync(file, await zipBytes([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>' }]));
    await expectRefused(['load', 'complaints', file], 3, /letter\.xlsx is not an Excel workbook: it is a Word document \(\.docx\)/);
    await expectRefused(['load', 'complaints', file, '--sheet', 'all'], 3, /letter\.xlsx is not an Excel workbook: it is a Word document/);
  });
});

/** Billion laughs: nine levels of nine aliases (387 million strings once expanded). */
const ALIAS_BOMB = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');

describe('hostile configuration exits 2 naming the file', () => {
  it('a YAML alias bomb in grayscope.yaml exits 2 naming grayscope.yaml, not 70', async () => {
    writeFileSync(join(dir(), 'grayscope.yaml'), `${ALIAS_BOMB}\n`);
    await expectRefused(['status'], 2, /grayscope\.yaml: .*aliases/);
  });

  it('a YAML alias bomb in assumptions.yaml exits 2 naming assumptions.yaml', async () => {
    // Something loaded first: in an empty folder estimate says so (exit 3) before it reads assumptions.
    writeCsv(join(dir(), 'c.csv'), BASIC_ROWS);
    expect((await cli(['load', 'complaints', 'c.csv'], { cwd: dir() })).code).toBe(0);
    writeFileSync(join(dir(), 'assumptions.yaml'), `${ALIAS_BOMB}\n`);
    await expectRefused(['estimate', '--assumptions', 'assumptions.yaml'], 2, /assumptions\.yaml: .*aliases/);
  });

  it('a grayscope.yaml over 1 MB exits 2 naming the file and the limit', async () => {
    writeFileSync(join(dir(), 'grayscope.yaml'), `# ${'x'.repeat(2 * 1024 * 1024)}\nlinkage: {}\n`);
    await expectRefused(['status'], 2, /grayscope\.yaml is larger than 1 MB/);
  });
});

describe('odd input files and paths', () => {
  it('a FIFO given as input exits 3 at once saying it is not a regular file (it used to hang)', async () => {
    const fifo = join(dir(), 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    await expectRefused(['load', 'complaints', fifo], 3, /pipe\.csv is not a regular file/);
  }, 20_000);

  it('a project folder whose name holds ? exits 2 naming the path and saying what to rename (DuckDB cannot write its WAL there)', async () => {
    const project = join(dir(), 'odd ? name');
    mkdirSync(project);
    writeCsv(join(project, 'c.csv'), BASIC_ROWS);
    await expectRefused(['load', 'complaints', join(project, 'c.csv'), '--project', project], 2, /odd \? name\/grayscope\.duckdb: its path holds a "\?"/);
  });

  it('a project folder whose name holds #, % and a space loads and reports status', async () => {
    const project = join(dir(), 'odd #% name');
    mkdirSync(project);
    writeCsv(join(project, 'c.csv'), BASIC_ROWS);
    const load = await run('load', 'complaints', join(project, 'c.csv'), '--project', project);
    expect(load.code, load.stderr).toBe(0);
    const status = await run('status', '--project', project, '--json');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('c.csv');
  });
});
