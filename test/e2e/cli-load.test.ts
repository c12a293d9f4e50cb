// End to end: the built CLI loads complaints from CSV, reports them in the documented JSON shape,
// keeps the ledger (unchanged / --replace), quarantines bad rows with physical line numbers, and
// exports rejects as formula-safe CSV.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import type { LoadResult, RejectsResult, StatusResult } from '../../src/index.js';
import { type ErrorDocument, tempCli, onlyJson, parseCsv } from '../helpers/cli.js';
import { BASIC_EXPECTED, BASIC_ROWS, csvLine, HEADER, sha256, writeCsv } from './fixtures.js';

const { run, dir } = tempCli();

/** The DESIGN shape of `load --json`, and rows_read = rows_loaded + rows_rejected everywhere. */
function expectLoadShape(doc: LoadResult): void {
  expect(Object.keys(doc)).toEqual(expect.arrayContaining(['source', 'files', 'totals']));
  expect(Array.isArray(doc.files)).toBe(true);
  for (const f of doc.files) {
    expect(f).toEqual(
      expect.objectContaining({
        path: expect.any(String),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        format: expect.any(String),
        rows_read: expect.any(Number),
        rows_loaded: expect.any(Number),
        rows_rejected: expect.any(Number),
        status: expect.stringMatching(/^(loaded|unchanged|replaced)$/),
      }),
    );
    expect('encoding' in f).toBe(true);
    expect(f.rows_read).toBe(f.rows_loaded + f.rows_rejected);
  }
  expect(doc.totals).toEqual(
    expect.objectContaining({ rows_read: expect.any(Number), rows_loaded: expect.any(Number), rows_rejected: expect.any(Number) }),
  );
  expect(doc.totals.rows_read).toBe(doc.totals.rows_loaded + doc.totals.rows_rejected);
  for (const k of ['rows_read', 'rows_loaded', 'rows_rejected'] as const) {
    expect(doc.totals[k]).toBe(doc.files.reduce((s: number, f) => s + f[k], 0));
  }
}

const complaintsStatus = (status: StatusResult) => status.sources.find((s) => s.source === 'complaints');

describe('help', () => {
  it('grayscope --help lists the commands and exits 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    for (const command of ['init', 'load', 'rejects', 'status']) expect(r.stdout).toMatch(new RegExp(`^\\s+${command}\\s`, 'm'));
    expect(r.stderr).toBe('');
  });

  it('grayscope load --help shows examples and the flags', async () => {
    const r = await run('load', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('EXAMPLES');
    expect(r.stdout).toContain('$ grayscope load complaints data/complaints.csv');
    for (const flag of ['--encoding', '--unit', '--replace', '--wait', '--json']) expect(r.stdout).toContain(flag);
    expect(r.stderr).toBe('');
  });
});

describe('load complaints', () => {
  it('load --json prints exactly one JSON document in the DESIGN shape with rows_read = loaded + rejected', async () => {
    writeCsv(join(dir(), 'complaints.csv'), BASIC_ROWS);
    const r = await run('load', 'complaints', 'complaints.csv', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.endsWith('}\n')).toBe(true);
    const doc = onlyJson<LoadResult>(r); // throws when anything but one JSON document is on stdout
    expectLoadShape(doc);
    expect(doc.source).toBe('complaints');
    expect(doc.files).toHaveLength(1);
    expect(doc.files[0]).toMatchObject({
      path: 'complaints.csv',
      sha256: sha256(join(dir(), 'complaints.csv')),
      format: 'csv',
      encoding: 'utf-8',
      status: 'loaded',
      ...BASIC_EXPECTED,
    });
    expect(doc.totals).toEqual(BASIC_EXPECTED);
    // Progress and summaries go to stderr, never into the JSON on stdout.
    expect(r.stderr).not.toMatch(/^\s*[{}]/m);

    const status = onlyJson<StatusResult>(await run('status', '--json'));
    expect(complaintsStatus(status)).toMatchObject({ rows: 3, quarantined: 3 });
    expect(status.files).toHaveLength(1);
    expect(status.files[0]).toMatchObject({ source: 'complaints', path: 'complaints.csv', sha256: doc.files[0]?.sha256, ...BASIC_EXPECTED });
  });

  it('load without --json prints a table to stdout and the per-file summary to stderr', async () => {
    writeCsv(join(dir(), 'complaints.csv'), BASIC_ROWS);
    const r = await run('load', 'complaints', 'complaints.csv', '--lang', 'en');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/complaints\.csv\s+loaded\s+csv\s+utf-8\s+6\s+3\s+3/);
    expect(r.stdout).toContain('complaints: 6 rows read, 3 loaded, 3 quarantined.');
    expect(r.stdout).toContain('grayscope rejects complaints');
    expect(r.stderr).toContain('complaints.csv: 6 rows read, 3 loaded, 3 quarantined');
  });

  it('loading the same file again is a no-op reported as unchanged with zero totals', async () => {
    writeCsv(join(dir(), 'complaints.csv'), BASIC_ROWS);
    expect((await run('load', 'complaints', 'complaints.csv', '--json')).code).toBe(0);
    const before = onlyJson<StatusResult>(await run('status', '--json'));

    const r = await run('load', 'complaints', 'complaints.csv', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = onlyJson<LoadResult>(r);
    expectLoadShape(doc);
    expect(doc.files[0]).toMatchObject({ path: 'complaints.csv', status: 'unchanged', rows_read: 0, rows_loaded: 0, rows_rejected: 0 });
    expect(doc.totals).toEqual({ rows_read: 0, rows_loaded: 0, rows_rejected: 0 });
    expect(r.stderr).toContain('unchanged');

    const after = onlyJson<StatusResult>(await run('status', '--json'));
    expect(after.sources).toEqual(before.sources);
    expect(after.files).toEqual(before.files);
  });

  it('a changed file is refused without --replace (exit 2 naming --replace) and nothing changes', async () => {
    const file = join(dir(), 'complaints.csv');
    writeCsv(file, BASIC_ROWS);
    expect((await run('load', 'complaints', 'complaints.csv')).code).toBe(0);
    const before = onlyJson<StatusResult>(await run('status', '--json'));
    writeCsv(file, [...BASIC_ROWS, ['C009', '2025-03-09', '广东', '反催收', '1', '13812340000', '新增']]);

    const plain = await run('load', 'complaints', 'complaints.csv');
    expect(plain.code).toBe(2);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toContain('complaints.csv');
    expect(plain.stderr).toContain('--replace');
    expect(plain.stderr).not.toMatch(/^\s+at /m); // no stack trace

    const json = await run('load', 'complaints', 'complaints.csv', '--json');
    expect(json.code).toBe(2);
    const err = onlyJson<ErrorDocument>(json);
    expect(err.error).toMatchObject({ code: 'usage', exit_code: 2 });
    expect(`${err.error.message} ${err.error.hint}`).toContain('--replace');

    const after = onlyJson<StatusResult>(await run('status', '--json'));
    expect(after.sources).toEqual(before.sources);
    expect(after.files).toEqual(before.files);
  });

  it('--replace swaps in the new version: status replaced, only the new rows and rejects remain', async () => {
    const file = join(dir(), 'complaints.csv');
    writeCsv(file, BASIC_ROWS);
    expect((await run('load', 'complaints', 'complaints.csv')).code).toBe(0);
    // Version 2: two good rows and one bad date at line 3; none of version 1's rejects.
    writeCsv(file, [
      ['N001', '2025-04-01', '广东', '反催收', '10', '13812340001', '新版本'],
      ['N002', '2025-04-32', '广东', '反催收', '10', '13812340002', '坏日期'],
      ['N003', '2025-04-03', '北京', '跑分', '10', '13812340003', '新版本'],
    ]);

    const r = await run('load', 'complaints', 'complaints.csv', '--replace', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = onlyJson<LoadResult>(r);
    expectLoadShape(doc);
    expect(doc.files[0]).toMatchObject({ path: 'complaints.csv', status: 'replaced', sha256: sha256(file), rows_read: 3, rows_loaded: 2, rows_rejected: 1 });

    const status = onlyJson<StatusResult>(await run('status', '--json'));
    expect(complaintsStatus(status)).toMatchObject({ rows: 2, quarantined: 1, first_date: '2025-04-01', last_date: '2025-04-03' });
    expect(status.files).toHaveLength(1);
    expect(status.files[0]).toMatchObject({ path: 'complaints.csv', sha256: sha256(file), rows_read: 3, rows_loaded: 2, rows_rejected: 1 });

    const rejects = onlyJson<RejectsResult>(await run('rejects', 'complaints', '--json'));
    expect(rejects.total).toBe(1);
    expect(rejects.rejects).toHaveLength(1);
    expect(rejects.rejects[0]).toMatchObject({ file: 'complaints.csv', line: 3, column: 'received_date' });
    expect(rejects.rejects[0]?.original).toContain('N002');
  });
});

describe('rejects', () => {
  // Physical lines: 1 header; 2–3 C001 (quoted newline); 4 C002; 5 C003 bad date; 6 C001 duplicate;
  // 7 C004 too many fields; 8–10 C005 (two quoted newlines); 11 "=1+2" bad date; 12 "+SUM(A1)" bad
  // region; 13 "-2+3" bad category; 14 "@SUM(1)" too many fields; 15 C006.
  const FORMULA_ROWS: ReadonlyArray<readonly string[]> = [
    ['C001', '2025-01-05', '广东', '反催收', '1200', '13812345678', '接到催收电话\n要求停止还款'],
    ['C002', '2025-02-06', '北京', '征信修复', '300', '13900001111', '中介收费'],
    ['C003', '2025-13-45', '上海', '代理投诉', '500', '13700002222', '=HYPERLINK("http://example.invalid","点击")'],
    ['C001', '2025-03-01', '浙江', '跑分', '400', '13600003333', '+重复编号'],
    ['C004', '2025-03-02', '江苏', '跑分', '500', '13500004444', '-多一列', '@extra'],
    ['C005', '2025-03-03', '江苏', '代理退保', '800', '13500005555', '又一条\n跨行\n记录'],
    ['=1+2', '2025-99-01', '广东', '反催收', '1', '13311112222', '=cmd|"/C calc"!A0'],
    ['+SUM(A1)', '2025-03-04', '火星', '反催收', '1', '13311113333', '@SUM(1)'],
    ['-2+3', '2025-03-04', '广东', '不存在的类别', '1', '13311114444', '-1+1'],
    ['@SUM(1)', '2025-03-04', '广东', '反催收', '1', '13311115555', 'x', 'too many'],
    ['C006', '2025-03-05', '广东', '反催收', '900', '13311116666', '正常'],
  ];

  const EXPECTED_REJECTS = [
    { line: 5, column: 'received_date', reason: /not a date/, id: 'C003' },
    { line: 6, column: 'complaint_id', reason: /duplicate/, id: 'C001' },
    { line: 7, column: null, reason: /too many fields/, id: 'C004' },
    { line: 11, column: 'received_date', reason: /not a date/, id: '=1+2' },
    { line: 12, column: 'region', reason: /region/, id: '+SUM(A1)' },
    { line: 13, column: 'category', reason: /taxonomy/, id: '-2+3' },
    { line: 14, column: null, reason: /too many fields/, id: '@SUM(1)' },
  ];

  async function loadFormulaFile(): Promise<void> {
    writeCsv(join(dir(), 'complaints.csv'), FORMULA_ROWS);
    const r = await run('load', 'complaints', 'complaints.csv', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(onlyJson<LoadResult>(r).totals).toEqual({ rows_read: 11, rows_loaded: 4, rows_rejected: 7 });
  }

  it('rejects --json lists every quarantined row with file, physical line, column and reason', async () => {
    await loadFormulaFile();
    const r = await run('rejects', 'complaints', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = onlyJson<RejectsResult>(r);
    expect(doc.total).toBe(EXPECTED_REJECTS.length);
    expect(doc.rejects).toHaveLength(EXPECTED_REJECTS.length);
    doc.rejects.forEach((row, i) => {
      const want = EXPECTED_REJECTS[i]!;
      expect(row.file).toBe('complaints.csv');
      expect(row.line, `reject ${i} (${want.id})`).toBe(want.line);
      expect(row.column, `reject ${i} (${want.id})`).toBe(want.column);
      expect(row.reason).toMatch(want.reason);
      expect(row.original?.startsWith(`${want.id},`), row.original ?? 'original is null').toBe(true);
    });
    // The duplicate names the line where the id was first seen.
    expect(doc.rejects[1]?.reason).toContain('line 2');
    // --format json gives the same document as --json.
    const viaFormat = await run('rejects', 'complaints', '--format', 'json');
    expect(viaFormat.code).toBe(0);
    expect(JSON.parse(viaFormat.stdout) as RejectsResult).toEqual(doc);
  });

  it('rejects --format csv prefixes formula payloads with an apostrophe so no cell starts with = + - @', async () => {
    await loadFormulaFile();
    const r = await run('rejects', 'complaints', '--format', 'csv');
    expect(r.code, r.stderr).toBe(0);
    // UTF-8 with a byte-order mark, so Excel on a Chinese Windows does not read it as GBK.
    expect(r.stdout.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(r.stdout.slice(1));
    expect(rows[0]).toEqual(['source', 'file', 'line', 'column', 'cell', 'reason', 'original']);
    const body = rows.slice(1);
    expect(body).toHaveLength(EXPECTED_REJECTS.length);
    const originalAt = rows[0]!.indexOf('original');
    // No cell of any line may start with a bare formula character (Excel would run it).
    for (const row of body) for (const cell of row) expect(cell, `cell ${JSON.stringify(cell)}`).not.toMatch(/^[=+\-@]/);
    // The rows whose original text starts with a payload are kept, escaped with a leading apostrophe.
    for (const id of ['=1+2', '+SUM(A1)', '-2+3', '@SUM(1)']) {
      const row = body.find((cells) => cells[originalAt]!.startsWith(`'${id},`));
      expect(row, `original of ${id} starts with '${id}`).toBeDefined();
    }
    // The payloads inside a row's text are still there (masked or escaped, not dropped).
    expect(r.stdout).toContain('HYPERLINK');
    // Also check the raw lines: after a delimiter or at line start, never a bare payload character
    // outside quotes. (Quoted cells are checked through the parser above.)
    for (const line of r.stdout.split(/\r\n/)) expect(line).not.toMatch(/^[=+\-@]/);
  });

  it('rejects table output shows file, line and reason, and says when there are none', async () => {
    const empty = await run('rejects', '--lang', 'en');
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('No quarantined rows.');
    await loadFormulaFile();
    const r = await run('rejects', 'complaints', '--lang', 'en');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^file\s+line\s+column\s+reason\s+original/);
    expect(lines).toHaveLength(1 + EXPECTED_REJECTS.length);
    expect(lines[1]).toMatch(/^complaints\.csv\s+5\s+received_date\s+/);
    expect(lines[7]).toMatch(/^complaints\.csv\s+14\s+/);
  });
});

describe('personal data', () => {
  const PHONES = ['13812345678', '13900001111', '15011112222', '15011113333', '18655554444'];
  const IDS = ['110101199003074514', '11010119900307451X', '440301198501011234', '440301198501011235'];
  const HEAD = ['complaint_id', 'received_date', 'region', 'category', 'phone', 'id_number', 'narrative'];
  const ROWS: ReadonlyArray<readonly string[]> = [
    ['P1', '2025-01-05', '广东', '反催收', '13812345678', '110101199003074514', '请联系13812345678，身份证110101199003074514'],
    ['P2', '2025-01-06', '广东', '反催收', '+86 139-0000-1111', '11010119900307451X', '手机号码是+8613900001111'],
    ['P3', '2025-41-05', '广东', '反催收', '15011112222', '440301198501011234', '电话15011112222 身份证号440301198501011234'],
    ['P4', '2025-01-05', '广东', '反催收', '15011113333', '440301198501011235', '多一列', 'extra'],
    ['P5', '2025-01-07', '广东', '未知类别', '13812345678', '110101199003074514', '回拨18655554444'],
  ];

  /** Every raw value, also with separators between digits ("138 1234 5678", "(138)1234-5678"). */
  const rawPatterns = (values: readonly string[]) =>
    values.map((v) => ({ value: v, re: new RegExp([...v].map((ch) => ch.replace(/[+]/g, '\\+')).join('[\\s\\-()（）]*'), 'i') }));

  async function allOutputs(): Promise<Record<string, string>> {
    const outputs: Record<string, string> = {};
    const runs: Array<[string, string[]]> = [
      ['load table', ['load', 'complaints', 'people.csv']],
      ['load json (unchanged)', ['load', 'complaints', 'people.csv', '--json']],
      ['status table', ['status']],
      ['status json', ['status', '--json']],
      ['rejects table', ['rejects']],
      ['rejects csv', ['rejects', '--format', 'csv']],
      ['rejects json', ['rejects', 'complaints', '--json']],
    ];
    for (const [name, args] of runs) {
      const r = await run(...args);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      outputs[`${name} stdout`] = r.stdout;
      outputs[`${name} stderr`] = r.stderr;
    }
    return outputs;
  }

  it('raw phone and ID numbers never appear in any output or in the database file; rejects show 138****5678', async () => {
    writeCsv(join(dir(), 'people.csv'), ROWS, HEAD);
    const first = await run('load', 'complaints', 'people.csv', '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(onlyJson<LoadResult>(first).totals).toEqual({ rows_read: 5, rows_loaded: 2, rows_rejected: 3 });
    const outputs: Record<string, string> = { 'first load stdout': first.stdout, 'first load stderr': first.stderr, ...(await allOutputs()) };

    for (const [name, text] of Object.entries(outputs)) {
      for (const raw of [...PHONES, ...IDS]) expect(text.includes(raw), `${name} contains ${raw}`).toBe(false);
    }
    // The masked form is what the rejects show.
    expect(outputs['rejects json stdout']).toContain('138****5678');
    expect(outputs['rejects csv stdout']).toContain('138****5678');
    const rejects = JSON.parse(outputs['rejects json stdout']!) as RejectsResult;
    const p5 = rejects.rejects.find((x) => x.original?.startsWith('P5,'));
    expect(p5?.original).toContain('138****5678');

    // The database file (and a WAL, if one was left) holds neither raw value.
    for (const file of ['grayscope.duckdb', 'grayscope.duckdb.wal']) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(dir(), file));
      } catch {
        continue;
      }
      for (const raw of [...PHONES, ...IDS]) expect(bytes.includes(Buffer.from(raw, 'utf8')), `${file} contains ${raw}`).toBe(false);
      if (file === 'grayscope.duckdb') expect(bytes.includes(Buffer.from('138****5678', 'utf8')), 'masked phone stored').toBe(true);
    }
    // And no text column of any table holds one (the bytes could be compressed).
    const leaks = await scanDatabase(join(dir(), 'grayscope.duckdb'), [...PHONES, ...IDS]);
    expect(leaks).toEqual([]);
  });

  it('phone, ID and card numbers written with spaces or dashes inside a narrative are masked before storage', async () => {
    const head = ['complaint_id', 'received_date', 'region', 'category', 'narrative'];
    writeCsv(
      join(dir(), 'people.csv'),
      [
        ['G1', '2025-01-05', '广东', '反催收', '对方电话 (138)1234-5678，催我还款'],
        ['G2', '2025-01-05', '广东', '反催收', '身份证 110101 19900307 4514 被冒用'],
        ['G3', '2025-01-05', '广东', '反催收', '转账到卡号 6222 0202 0011 2233 445'],
        ['G4', '2025-91-05', '广东', '反催收', '电话 (138)1234-5678 证 110101 19900307 4514 卡 6222 0202 0011 2233 445'],
      ],
      head,
    );
    const first = await run('load', 'complaints', 'people.csv', '--json');
    expect(first.code, first.stderr).toBe(0);
    const rejects = await run('rejects', '--json');
    expect(rejects.code).toBe(0);
    const stored = await readColumn(join(dir(), 'grayscope.duckdb'), 'SELECT narrative FROM complaints ORDER BY complaint_id');
    expect(stored).toHaveLength(3);
    const leaks: string[] = [];
    for (const { value, re } of rawPatterns(['13812345678', '110101199003074514', '6222020200112233445'])) {
      const shown = re.exec(rejects.stdout);
      if (shown) leaks.push(`rejects --json shows ${value} as "${shown[0]}"`);
      for (const text of stored) {
        const kept = re.exec(text);
        if (kept) leaks.push(`complaints.narrative stores ${value} as "${kept[0]}"`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

async function withReadOnly<T>(path: string, work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    return await work(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

async function readColumn(path: string, sql: string): Promise<string[]> {
  return withReadOnly(path, async (conn) => {
    const reader = await conn.runAndReadAll(sql);
    return (reader.getRows() as unknown[][]).map((r) => String(r[0] ?? ''));
  });
}

/** Every (table.column = raw) where a stored text column contains one of the raw values. */
async function scanDatabase(path: string, raws: readonly string[]): Promise<string[]> {
  return withReadOnly(path, async (conn) => {
    const cols = (await conn.runAndReadAll(
      `SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal AND data_type = 'VARCHAR' AND database_name = current_database() ORDER BY 1, 2`,
    )).getRows() as string[][];
    expect(cols.length).toBeGreaterThan(5);
    const found: string[] = [];
    for (const [table, column] of cols) {
      for (const raw of raws) {
        const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
        const n = (await conn.runAndReadAll(`SELECT count(*) FROM ${q(table!)} WHERE contains(${q(column!)}, $raw)`, { raw })).value(0, 0);
        if (Number(n) > 0) found.push(`${table}.${column} = ${raw}`);
      }
    }
    return found;
  });
}

// Keep the helpers honest: the CSV writer must quote the way the loader expects.
it('the test CSV writer quotes embedded newlines, quotes and commas', () => {
  expect(csvLine(['a', 'b,c', 'd"e', 'f\ng'])).toBe('a,"b,c","d""e","f\ng"');
  expect(HEADER).toContain('region');
});
