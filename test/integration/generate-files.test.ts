import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteLiteral } from '../../src/core/ports/db.js';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { generateCommand as generate } from '../../src/api.js';
import type { GenerateResult } from '../../src/core/generate/index.js';
import { regionCode } from '../../src/core/regions.js';
import { silentReporter } from '../../src/core/reporter.js';
import { categoryMapper } from '../../src/core/category-map.js';
import { demoCategories } from '../../src/core/demo/categories.js';

// What the loader makes of a generated label with the demo project's categories map.
const categoryCode = (label: string, source: 'complaints' | 'incidents' | 'enforcement' = 'complaints') => categoryMapper(demoCategories(), source)(label).code;

interface ParsedRecord {
  line: number;
  fields: string[];
}

/** RFC 4180 records with the physical line each starts on (header = line 1). */
function parseCsv(text: string, delimiter = ','): ParsedRecord[] {
  const out: ParsedRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      // handled by the \n on the next step
    } else if (ch === '\n') {
      fields.push(field);
      out.push({ line: start, fields });
      fields = [];
      field = '';
      line++;
      start = line;
    } else field += ch;
    i++;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    out.push({ line: start, fields });
  }
  return out;
}

let root: string;
let messy: GenerateResult;
let clean: GenerateResult;
let truth: any;
const files: Record<string, unknown> = {};

async function loadXlsx(path: string): Promise<any> {
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook.worksheets[0]!;
}

async function loadWorkbook(path: string): Promise<any> {
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'grayscope-genfiles-'));
  messy = await generate({ out: join(root, 'messy'), seed: 3, scale: 'small', messy: true }, silentReporter);
  clean = await generate({ out: join(root, 'clean'), seed: 3, scale: 'small', messy: false }, silentReporter);
  truth = JSON.parse(await readFile(join(root, 'messy', 'truth.json'), 'utf8'));
  const dir = join(root, 'messy');
  files['complaints_2023.csv'] = parseCsv(iconv.decode(await readFile(join(dir, 'complaints_2023.csv')), 'gb18030'));
  files['incidents.tsv'] = (await readFile(join(dir, 'incidents.tsv'), 'utf8'))
    .replace(/^\ufeff/, '')
    .split('\n')
    .slice(0, -1)
    .map((text, i) => ({ line: i + 1, fields: text.split('\t') }));
  files['complaints_2025.jsonl'] = (await readFile(join(dir, 'complaints_2025.jsonl'), 'utf8')).split('\n').slice(0, -1).map((l) => JSON.parse(l));
  files['complaints_2024.xlsx'] = await loadXlsx(join(dir, 'complaints_2024.xlsx'));
  files['complaints_2025q1_bank.xlsx'] = await loadWorkbook(join(dir, 'complaints_2025q1_bank.xlsx'));
  const db = await openDatabase(':memory:');
  files['enforcement.parquet'] = await db.all(`SELECT * FROM read_parquet(${quoteLiteral(join(dir, 'enforcement.parquet'))}, file_row_number = true) ORDER BY file_row_number`);
  db.close();
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const rowsOf = (path: string) => messy.files.find((f) => f.path === path)!.rows;
const cellText = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
};

/** The header and the cells of the record the truth points at, read back from the file. */
function recordAt(file: string, line: number, sheetName?: string): { header: string[]; cells: unknown[] } {
  const data = files[file];
  if (sheetName !== undefined) {
    // A bank workbook: the header is rows 4–5 (a merged-down column is named in row 4), records from row 6, after the 序号 column.
    const sheet = (data as any).getWorksheet(sheetName);
    const width = sheet.getRow(5).cellCount;
    const name = (c: number) => sheet.getRow(5).getCell(c).value ?? sheet.getRow(4).getCell(c).value;
    return {
      header: Array.from({ length: width - 1 }, (_, c) => name(c + 2) as string),
      cells: Array.from({ length: width - 1 }, (_, c) => sheet.getRow(line).getCell(c + 2).value),
    };
  }
  if (file.endsWith('.csv') || file.endsWith('.tsv')) {
    const records = data as ParsedRecord[];
    const found = records.find((r) => r.line === line);
    if (!found) throw new Error(`${file}: no record starts on line ${line}`);
    return { header: records[0]!.fields, cells: found.fields };
  }
  if (file.endsWith('.jsonl')) {
    const row = (data as Record<string, unknown>[])[line - 1]!;
    return { header: Object.keys(row), cells: Object.values(row) };
  }
  if (file.endsWith('.xlsx')) {
    const sheet = data as any;
    const width = sheet.getRow(1).cellCount;
    const get = (r: number) => Array.from({ length: width }, (_, c) => sheet.getRow(r).getCell(c + 1).value);
    return { header: get(1) as string[], cells: get(line) };
  }
  const row = (data as Record<string, unknown>[])[line - 1]!;
  expect(row.file_row_number).toBe(line - 1);
  const header = Object.keys(row).filter((k) => k !== 'file_row_number');
  return { header, cells: header.map((h) => row[h]) };
}

describe('generate --messy: files decode', () => {
  it('writes the GB18030 complaints with Chinese headers, CRLF line ends and a few quoted line breaks', async () => {
    const bytes = await readFile(join(root, 'messy', 'complaints_2023.csv'));
    const text = iconv.decode(bytes, 'gb18030');
    expect(text).not.toContain('\ufffd');
    expect(text.startsWith('投诉编号,受理日期,省份,黑灰产类型,被投诉机构,渠道,争议金额（万元）,代理机构,联系电话,身份证号,客户姓名,投诉内容\r\n')).toBe(true);
    expect(bytes.toString('utf8').startsWith('投诉编号')).toBe(false); // really GB18030, not UTF-8
    expect(text.split('\r\n').length).toBeGreaterThan(rowsOf('complaints_2023.csv'));
    const records = files['complaints_2023.csv'] as ParsedRecord[];
    expect(records.length - 1).toBe(rowsOf('complaints_2023.csv'));
    const multiLine = records.filter((r, i) => i + 1 < records.length && records[i + 1]!.line - r.line > 1);
    expect(multiLine.length).toBeGreaterThanOrEqual(1);
    expect(records.some((r) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(r.fields[1] ?? ''))).toBe(true);
  });

  it('writes the 2024 complaints as XLSX with mostly real Excel dates, some serial numbers and some text dates', () => {
    const sheet = files['complaints_2024.xlsx'] as any;
    expect(sheet.rowCount).toBe(rowsOf('complaints_2024.xlsx') + 1);
    expect(sheet.getRow(1).getCell(1).value).toBe('complaint_id');
    expect(sheet.getRow(1).getCell(2).value).toBe('受理日期');
    const kinds = { date: 0, number: 0, text: 0 };
    for (let r = 2; r <= sheet.rowCount; r++) {
      const v = sheet.getRow(r).getCell(2).value;
      if (v instanceof Date) kinds.date++;
      else if (typeof v === 'number') kinds.number++;
      else kinds.text++;
    }
    expect(kinds.date / (sheet.rowCount - 1)).toBeGreaterThan(0.75);
    expect(kinds.number).toBeGreaterThan(50);
    expect(kinds.text).toBeGreaterThan(20);
  });

  it('writes 2025Q1 as a bank exports it: one sheet per month, title rows, a merged two-row header, a footer block', () => {
    const wb = files['complaints_2025q1_bank.xlsx'] as any;
    expect(wb.worksheets.map((w: any) => w.name)).toEqual(['1月', '2月', '3月']);
    let records = 0;
    for (const ws of wb.worksheets) {
      expect(String(ws.getRow(1).getCell(1).value)).toMatch(/^某某银行投诉明细表（2025年[123]月）$/);
      expect(ws.getRow(3).cellCount).toBe(0);
      expect([ws.getRow(4).getCell(1).value, ws.getRow(4).getCell(2).value, ws.getRow(5).getCell(2).value]).toEqual(['序号', '投诉信息', '投诉编号']);
      // 代理机构 is merged down: named in the parent row, empty in the child row.
      expect(ws.getCell('I4').value).toBe('代理机构');
      expect(ws.getCell('I5').master.address).toBe('I4');
      expect(ws.getCell('J4').value).toBe('客户信息');
      const merges = Object.keys(ws._merges);
      expect(merges).toEqual(expect.arrayContaining(['A1', 'A4', 'B4', 'I4', 'J4']));
      const footer = [ws.rowCount - 2, ws.rowCount - 1, ws.rowCount].map((r) => String(ws.getRow(r).getCell(1).value));
      expect(footer[0]).toBe('合计');
      expect(footer[1]!.startsWith('注：')).toBe(true);
      expect(footer[2]!.startsWith('制表人：')).toBe(true);
      records += ws.rowCount - 5 - 3;
    }
    const footers = truth.bad_rows.filter((b: any) => b.file === 'complaints_2025q1_bank.xlsx' && b.kind === 'footer');
    expect(footers).toHaveLength(9);
    expect(records + footers.length).toBe(rowsOf('complaints_2025q1_bank.xlsx'));
    expect(messy.files.find((f) => f.path === 'complaints_2025q1_bank.xlsx')!.sheets).toEqual(['1月', '2月', '3月']);
  });

  it('writes the 2025 complaints as JSON Lines with English keys, slash or compact dates and amounts with units', () => {
    const rows = files['complaints_2025.jsonl'] as Record<string, unknown>[];
    expect(rows.length).toBe(rowsOf('complaints_2025.jsonl'));
    expect(Object.keys(rows[0]!)).toEqual(['complaint_id', 'received_date', 'region', 'category', 'institution', 'channel', 'amount', 'agency_name', 'phone', 'id_number', 'narrative']);
    expect(rows.some((r) => /^2025\/\d{1,2}\/\d{1,2}$/.test(String(r.received_date)))).toBe(true);
    expect(rows.some((r) => /^2025\d{4}$/.test(String(r.received_date)))).toBe(true);
    expect(rows.some((r) => /万元$/.test(String(r.amount)))).toBe(true);
  });

  it('writes incidents as UTF-8 TSV with a BOM, one line per row and 万元 amounts', async () => {
    const bytes = await readFile(join(root, 'messy', 'incidents.tsv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = files['incidents.tsv'] as ParsedRecord[];
    expect(lines[0]!.fields).toEqual(['事件编号', '发现日期', '地区', '类型', '机构', '来源', '涉案金额(万元)', '涉嫌代理机构', '电话', '银行卡号', '描述']);
    expect(lines.length - 1).toBe(rowsOf('incidents.tsv'));
    const malformed = new Set(truth.bad_rows.filter((b: any) => b.file === 'incidents.tsv' && b.column === null).map((b: any) => b.line));
    for (const l of lines) if (!malformed.has(l.line)) expect(l.fields.length, `line ${l.line}`).toBe(11);
  });

  it('writes enforcement as Parquet with a DATE opened_date and INTEGER counts', async () => {
    const db = await openDatabase(':memory:');
    try {
      const types = await db.all<{ column_name: string; column_type: string }>(
        `DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(join(root, 'messy', 'enforcement.parquet'))})`,
      );
      const type = Object.fromEntries(types.map((t) => [t.column_name, t.column_type]));
      expect(type).toMatchObject({ case_id: 'VARCHAR', opened_date: 'DATE', persons_arrested: 'INTEGER', gangs_dismantled: 'INTEGER', amount: 'VARCHAR' });
    } finally {
      db.close();
    }
    expect((files['enforcement.parquet'] as unknown[]).length).toBe(rowsOf('enforcement.parquet'));
  });
});

describe('generate --messy: the truth about bad rows', () => {
  it('lists at least three bad rows of each kind per file, about 0.5% of rows', () => {
    const expected: Record<string, string[]> = {
      'complaints_2023.csv': ['too_many_fields', 'too_few_fields', 'bad_date'],
      'complaints_2024.xlsx': ['bad_date'],
      'complaints_2025.jsonl': ['bad_date'],
      'complaints_2025q1_bank.xlsx': ['bad_date', 'footer'],
      'incidents.tsv': ['too_many_fields', 'too_few_fields', 'bad_date'],
      'enforcement.parquet': [],
    };
    const common = ['missing_id', 'duplicate_id', 'date_out_of_range', 'unknown_region', 'ambiguous_region', 'unknown_category', 'bad_amount', 'negative_amount', 'absurd_amount'];
    for (const [file, extra] of Object.entries(expected)) {
      const bad = truth.bad_rows.filter((b: any) => b.file === file);
      const kinds = [...common, ...extra];
      for (const kind of kinds) expect(bad.filter((b: any) => b.kind === kind).length, `${file} ${kind}`).toBeGreaterThanOrEqual(3);
      // About 0.5% of rows, except where three of each kind is more than that (small files).
      // Footers are the bank workbook's layout (three per sheet), not sampled defects.
      const sampled = bad.filter((b: any) => b.kind !== 'footer');
      expect(sampled.length, file).toBeLessThanOrEqual(Math.max(0.01 * rowsOf(file), 3 * kinds.length + 2));
    }
    expect(truth.bad_rows.some((b: any) => b.kind === 'duplicate_id' && b.first.file !== b.file)).toBe(true);
  });

  it('points every bad row at a record that really holds the bad value in the named column', () => {
    for (const bad of truth.bad_rows) {
      const where = `${bad.file}:${bad.sheet ?? ''}:${bad.line} ${bad.kind}`;
      if (bad.kind === 'footer') {
        const sheet = (files[bad.file] as any).getWorksheet(bad.sheet);
        expect(sheet.getRow(bad.line).getCell(1).value, where).toBe(bad.value);
        continue;
      }
      const { header, cells } = recordAt(bad.file, bad.line, bad.sheet);
      if (bad.column === null) {
        expect(cells.length, where).not.toBe(header.length);
        continue;
      }
      const col = header.indexOf(bad.header);
      expect(col, where).toBeGreaterThanOrEqual(0);
      const value = cellText(cells[col]);
      if (bad.kind === 'missing_id') expect(value ?? '', where).toBe('');
      else expect(value, where).toBe(bad.value);
      if (bad.kind === 'duplicate_id') {
        const first = recordAt(bad.first.file, bad.first.line, bad.first.sheet);
        expect(cellText(first.cells[0]), where).toBe(bad.value);
        expect(bad.first.file !== bad.file || bad.first.sheet !== bad.sheet || bad.first.line < bad.line, where).toBe(true);
      }
    }
  });

  it('keeps formula payloads as text in real records and lists them apart from bad rows', () => {
    expect(truth.formula_rows.length).toBeGreaterThanOrEqual(5 * 5);
    const badLines = new Set(truth.bad_rows.map((b: any) => `${b.file}:${b.sheet ?? ''}:${b.line}`));
    for (const f of truth.formula_rows) {
      expect(badLines.has(`${f.file}:${f.sheet ?? ''}:${f.line}`)).toBe(false);
      const { header, cells } = recordAt(f.file, f.line, f.sheet);
      const col = f.column === 'narrative' ? header.length - 1 : header.findIndex((h) => ['institution', '被投诉机构', '机构'].includes(h));
      expect(cellText(cells[col]), `${f.file}:${f.line}`).toBe(f.value);
      expect(f.value).toMatch(/^[=+\-@]/);
    }
  });

  it('leaves exactly the clean records once the bad rows are taken out', async () => {
    const truthRecords = (await readFile(join(root, 'messy', 'truth_records.csv'), 'utf8')).trim().split('\n').slice(1);
    const bySource = (source: string) => truthRecords.filter((l) => l.startsWith(`${source},`)).length;
    for (const source of ['complaints', 'incidents', 'enforcement'] as const) {
      const written = messy.files.filter((f) => f.source === source).reduce((s, f) => s + f.rows, 0);
      const bad = truth.bad_rows.filter((b: any) => messy.files.some((f) => f.source === source && f.path === b.file)).length;
      expect(written - bad).toBe(bySource(source));
      expect(bySource(source)).toBe(clean.files.find((f) => f.source === source)!.rows);
    }
  });

  it('writes only region and category spellings that the loader maps, outside the bad rows', () => {
    const bad = new Set(truth.bad_rows.map((b: any) => `${b.file}:${b.line}`));
    const check = (file: string, line: number, region: unknown, category: unknown) => {
      if (bad.has(`${file}:${line}`)) return;
      const source = file.startsWith('complaints') ? 'complaints' : file.startsWith('incidents') ? 'incidents' : 'enforcement';
      expect(regionCode(String(region)), `${file}:${line} ${String(region)}`).toBeDefined();
      expect(categoryCode(String(category), source), `${file}:${line} ${String(category)}`).toBeDefined();
    };
    for (const r of (files['complaints_2023.csv'] as ParsedRecord[]).slice(1)) check('complaints_2023.csv', r.line, r.fields[2], r.fields[3]);
    for (const r of (files['incidents.tsv'] as ParsedRecord[]).slice(1)) check('incidents.tsv', r.line, r.fields[2], r.fields[3]);
    (files['complaints_2025.jsonl'] as any[]).forEach((r, i) => check('complaints_2025.jsonl', i + 1, r.region, r.category));
    (files['enforcement.parquet'] as any[]).forEach((r, i) => check('enforcement.parquet', i + 1, r.region, r.category));
  });
});

describe('generate: clean files', () => {
  it('parse with DuckDB read_csv to the expected row counts and canonical headers', async () => {
    const db = await openDatabase(':memory:');
    try {
      for (const f of clean.files) {
        const path = quoteLiteral(join(root, 'clean', f.path));
        expect(await db.scalar(`SELECT count(*) FROM read_csv(${path}, header = true, all_varchar = true)`), f.path).toBe(f.rows);
        const cols = await db.all<{ column_name: string }>(`DESCRIBE SELECT * FROM read_csv(${path}, header = true, all_varchar = true)`);
        expect(cols.map((c) => c.column_name)[0]).toBe({ complaints: 'complaint_id', incidents: 'incident_id', enforcement: 'case_id' }[f.source]);
      }
      const withBreaks = await db.scalar(
        `SELECT count(*) FROM read_csv(${quoteLiteral(join(root, 'clean', 'complaints.csv'))}, header = true, all_varchar = true) WHERE narrative LIKE '%' || chr(10) || '%'`,
      );
      expect(withBreaks).toBeGreaterThanOrEqual(3);
    } finally {
      db.close();
    }
  });

  it('writes only full Chinese province names, and Chinese category names, synonyms or the ordinary topics of the demo map (codes rarely)', async () => {
    const records = parseCsv(await readFile(join(root, 'clean', 'complaints.csv'), 'utf8')).slice(1);
    const regions = new Set(records.map((r) => r.fields[2]));
    for (const region of regions) expect(region).toMatch(/^\p{Script=Han}+(省|市|自治区)$/u);
    const codes = records.filter((r) => /^[a-z_]+$/.test(r.fields[3]!)).length;
    expect(codes / records.length).toBeLessThan(0.03);
    for (const r of records) expect(categoryCode(r.fields[3]!)).toBeDefined();
  });
});
