// Complaint lists as institutions export them from Excel, through the real loader (exceljs and
// DuckDB): title rows above the header, a merged two-row header, footer rows, one sheet per month.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCommand, loadCommand } from '../../src/api.js';
import { silentReporter } from '../../src/core/reporter.js';
import { GrayscopeError } from '../../src/core/errors.js';
import { headerMatcher, findHeader, isFooterRow } from '../../src/core/ingest/layout.js';
import { tempProject, withDb } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.cleanup());

const db = () => join(project.dir, 'grayscope.duckdb');
const load = (files: string[], extra: Record<string, unknown> = {}) => loadCommand({ source: 'complaints', files, project: project.dir, ...extra });
const refusal = async (promise: Promise<unknown>) => (await promise.catch((e: unknown) => e)) as GrayscopeError;
const file = (name: string, text: string) => {
  const path = join(project.dir, name);
  writeFileSync(path, text);
  return path;
};

type Sheet = import('exceljs').Worksheet;

/**
 * One month as a bank's complaint system exports it: title, 填报单位, a blank row, a two-row header
 * (序号, 争议金额, 代理机构 and 投诉内容 merged down; 投诉信息 and 客户信息 merged across), four
 * complaints from row 6, then 合计, 注： and 制表人 rows.
 */
function bankSheet(ws: Sheet, month: number, firstId: number): void {
  ws.addRow([`某某银行投诉明细表（2025年${month}月）`]);
  ws.mergeCells('A1:L1');
  ws.addRow(['填报单位：某某银行股份有限公司消费者权益保护部']);
  ws.addRow([]);
  ws.addRow(['序号', '投诉信息', null, null, null, null, null, '争议金额（元）', '代理机构', '客户信息', null, '投诉内容']);
  ws.addRow([null, '投诉编号', '受理日期', '省份', '业务类型', '被投诉机构', '渠道', null, null, '联系电话', '身份证号', null]);
  for (const range of ['A4:A5', 'B4:G4', 'H4:H5', 'I4:I5', 'J4:K4', 'L4:L5']) ws.mergeCells(range);
  for (let k = 1; k <= 4; k++) {
    ws.addRow([
      k,
      `TS2025${String(month).padStart(2, '0')}${String(firstId + k).padStart(4, '0')}`,
      new Date(Date.UTC(2025, month - 1, k * 5)),
      k % 2 ? '广东省' : '浙江',
      k === 3 ? '代理投诉' : '停息挂账',
      '某某银行信用卡中心',
      '12378热线',
      12_000 + k,
      k === 3 ? '深圳市某某法律咨询有限公司' : null,
      `1380013${String(month * 10 + k).padStart(4, '0')}`,
      null,
      // A narrative that starts like a note is still a complaint: the row has an id and a date.
      k === 4 ? '注：本人申请分期后被收取高额手续费，要求退还' : '要求减免息费',
    ]);
  }
  ws.addRow(['合计', null, null, null, null, null, null, 48_010]);
  ws.addRow(['注：1. 金额单位为元；2. 本表不含已撤诉投诉。']);
  ws.mergeCells('A11:L11');
  ws.addRow(['制表人：投诉管理岗', null, null, null, '审核人：消保部负责人', null, null, null, '制表日期：2025-04-03']);
}

async function workbook(name: string, build: (wb: import('exceljs').Workbook) => void): Promise<string> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  build(wb);
  const path = join(project.dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

const quarterWorkbook = (name = 'bank.xlsx', cover = true) =>
  workbook(name, (wb) => {
    if (cover) wb.addWorksheet('填表说明').addRow(['本表按月分sheet填报，金额单位为元。']);
    for (const m of [1, 2, 3]) bankSheet(wb.addWorksheet(`${m}月`), m, m * 100);
  });

// An intermittent exceljs fault: its streaming reader now and then stops reading the zip after the
// sheets it parks (seen about once a run with three test processes at once). The reader now
// recognises such a read and reads again (src/adapters/excel-input.ts); these workbook tests keep a
// retry in case the fault shows another way (a parked sheet cut short while the workbook part was read).
describe('a bank workbook: title rows, a merged two-row header and footer rows', { retry: 2 }, () => {
  it('skips the title rows, reads the columns by their child names (merged-down cells by the parent) and loads the complaints at their sheet rows', async () => {
    const path = await quarterWorkbook();
    const result = await load([path], { sheet: '1月' });
    expect(result.files).toHaveLength(1);
    const [f] = result.files;
    expect(f).toMatchObject({ sheet: '1月', rows_read: 7, rows_loaded: 4, rows_rejected: 3, status: 'loaded' });
    // 序号 is not in the contract: reported, not silently dropped.
    expect(f!.ignored_columns).toEqual(['序号']);
    const rows = await withDb(db(), (d) =>
      d.all<{ complaint_id: string; source_line: number; agency_name: string | null; amount_cny: string; phone_masked: string; narrative: string }>(
        `SELECT complaint_id, source_line, agency_name, CAST(amount_cny AS VARCHAR) AS amount_cny, phone_masked, narrative FROM complaints ORDER BY source_line`,
      ),
    );
    expect(rows.map((r) => [r.complaint_id, r.source_line])).toEqual([
      ['TS2025010101', 6],
      ['TS2025010102', 7],
      ['TS2025010103', 8],
      ['TS2025010104', 9],
    ]);
    // 代理机构 and 争议金额（元） are merged down: their names come from the parent row.
    expect(rows[2]!.agency_name).toBe('深圳市某某法律咨询有限公司');
    expect(rows[0]!.amount_cny).toBe('12001.00');
    expect(rows[0]!.phone_masked).toMatch(/^138\*+\d{4}$/);
    expect(rows[3]!.narrative.startsWith('注：本人')).toBe(true);
  });

  it('quarantines the 合计, 注： and 制表人 rows as footer, at their sheet rows, with sheet!cell and the text kept', async () => {
    const path = await quarterWorkbook();
    await load([path], { sheet: '1月' });
    const rejects = await withDb(db(), (d) => d.all<{ line: number; cell: string; reason: string; original: string }>(`SELECT line, cell, reason, original FROM quarantine ORDER BY line`));
    expect(rejects.map((r) => [r.line, r.cell])).toEqual([
      [10, "'1月'!A10"],
      [11, "'1月'!A11"],
      [12, "'1月'!A12"],
    ]);
    for (const r of rejects) expect(r.reason.startsWith('footer')).toBe(true);
    expect(rejects[0]!.original.startsWith('合计')).toBe(true);
    expect(rejects[2]!.original).toContain('审核人：消保部负责人');
  });

  it('--header-row names the upper row of the two-row header', async () => {
    const path = await quarterWorkbook();
    const result = await load([path], { sheet: '2月', headerRow: 4 });
    expect(result.totals).toEqual({ rows_read: 7, rows_loaded: 4, rows_rejected: 3 });
  });

  it('bad --header-row values: 0 and beyond the sheet exit 2, a data row exits 3 naming the row and the missing columns', async () => {
    const path = await quarterWorkbook();
    const zero = await refusal(load([path], { sheet: '1月', headerRow: 0 }));
    expect(zero.exitCode).toBe(2);
    expect(zero.message).toContain('--header-row');
    const beyond = await refusal(load([path], { sheet: '1月', headerRow: 40 }));
    expect(beyond.exitCode).toBe(2);
    expect(beyond.message).toContain('beyond the last row (row 12)');
    const data = await refusal(load([path], { sheet: '1月', headerRow: 7 }));
    expect(data.exitCode).toBe(3);
    expect(data.message).toContain('sheet 1月: row 7 (--header-row) is not a header row');
    expect(data.message).toContain('missing required column');
    const blank = await refusal(load([path], { sheet: '1月', headerRow: 3 }));
    expect(blank.exitCode).toBe(3);
    expect(blank.message).toContain('row 3 is empty');
  });

  it('a sheet with no header row in its first rows is refused with exit 3, naming the rows searched and the missing columns', async () => {
    const path = await workbook('notes.xlsx', (wb) => {
      const ws = wb.addWorksheet('说明');
      ws.addRow(['投诉明细说明']);
      ws.addRow(['投诉编号', '说明']);
      for (let i = 0; i < 40; i++) ws.addRow([`第${i + 1}条`, '……']);
    });
    const err = await refusal(load([path]));
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain('no header row in rows 1–30; row 2 comes closest');
    expect(err.message).toContain('received_date');
    expect((err.details as { missing: string[] }).missing).toEqual(['received_date', 'region', 'category']);
  });
});

describe('--sheet all and the ledger by (sha256, sheet)', { retry: 2 }, () => {
  it('loads every monthly sheet, reports the sheet without a header as skipped, and keys the ledger by sheet', async () => {
    const path = await quarterWorkbook();
    const result = await load([path], { sheet: 'all' });
    expect(result.files.map((f) => [f.sheet, f.status, f.rows_read, f.rows_loaded, f.rows_rejected])).toEqual([
      ['填表说明', 'skipped', 0, 0, 0],
      ['1月', 'loaded', 7, 4, 3],
      ['2月', 'loaded', 7, 4, 3],
      ['3月', 'loaded', 7, 4, 3],
    ]);
    expect(result.files[0]!.reason).toContain('missing required columns');
    expect(result.totals).toEqual({ rows_read: 21, rows_loaded: 12, rows_rejected: 9 });
    const ledger = await withDb(db(), (d) => d.all<{ sheet: string; rows_loaded: number }>(`SELECT sheet, rows_loaded FROM load_ledger ORDER BY sheet`));
    expect(ledger.map((l) => l.sheet)).toEqual(['1月', '2月', '3月']);
    const cells = await withDb(db(), (d) => d.all<{ cell: string }>(`SELECT cell FROM quarantine WHERE line = 10 ORDER BY cell`));
    expect(cells.map((c) => c.cell)).toEqual(["'1月'!A10", "'2月'!A10", "'3月'!A10"]);
  });

  it('after one month is loaded, loading it again is unchanged and another month of the same workbook loads', async () => {
    const path = await quarterWorkbook();
    const first = await load([path], { sheet: '1月' });
    expect(first.files[0]!.status).toBe('loaded');
    const again = await load([path], { sheet: '1月' });
    expect(again.files.map((f) => [f.sheet, f.status])).toEqual([['1月', 'unchanged']]);
    const next = await load([path], { sheet: '3' });
    // --sheet 3 is the third sheet in tab order: 填表说明, 1月, 2月.
    expect(next.files.map((f) => [f.sheet, f.status, f.rows_loaded])).toEqual([['2月', 'loaded', 4]]);
    const all = await load([path], { sheet: 'all' });
    expect(all.files.map((f) => [f.sheet, f.status])).toEqual([
      ['填表说明', 'skipped'],
      ['1月', 'unchanged'],
      ['2月', 'unchanged'],
      ['3月', 'loaded'],
    ]);
    expect(Number(await withDb(db(), (d) => d.scalar('SELECT count(*) FROM complaints')))).toBe(12);
  });

  it('a workbook none of whose sheets has a header is refused with exit 3', async () => {
    const path = await workbook('cover.xlsx', (wb) => {
      wb.addWorksheet('封面').addRow(['某某银行']);
      wb.addWorksheet('说明').addRow(['无数据']);
    });
    const err = await refusal(load([path], { sheet: 'all' }));
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain('no sheet has a header row');
  });

  it('an unknown sheet name is refused with the sheets the workbook has', async () => {
    const path = await quarterWorkbook();
    const err = await refusal(load([path], { sheet: '4月' }));
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain('"填表说明", "1月", "2月", "3月"');
  });

  it('--replace of a workbook that would drop sheets loaded from the earlier version is refused', async () => {
    const path = await quarterWorkbook('bank.xlsx');
    await load([path], { sheet: 'all' });
    await quarterWorkbook('bank.xlsx', false);
    const err = await refusal(load([path], { sheet: '1月', replace: true }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('would drop the rows of sheets 2月, 3月');
    const ok = await load([path], { sheet: 'all', replace: true });
    expect(ok.files.map((f) => f.status)).toEqual(['replaced', 'replaced', 'replaced']);
    expect(Number(await withDb(db(), (d) => d.scalar('SELECT count(*) FROM complaints')))).toBe(12);
  });
});

describe('CSV and TSV exports with title rows and footers', () => {
  const CSV = [
    '某某银行投诉明细表（2025年第一季度）,,,,,',
    ',,,,,',
    '填报单位：某某银行股份有限公司,,,,,',
    '投诉编号,受理日期,省份,业务类型,投诉内容,联系电话',
    'TS2025010001,2025-01-03,广东,代理投诉,"要求退保',
    '并赔偿",13800138000',
    'TS2025010002,2025-01-04,浙江,停息挂账,注：客户要求停息挂账,13800138001',
    'TS2025010003,2025-13-04,浙江,停息挂账,日期错,13800138002',
    '合计,3,,,,',
    '注：本表数据截至2025年3月31日,,,,,',
    '制表人：投诉管理岗',
    '',
  ].join('\r\n');

  it('finds the header on line 4, loads the records at their physical lines and quarantines the footers', async () => {
    const path = file('export.csv', CSV);
    const result = await load([path]);
    expect(result.totals).toEqual({ rows_read: 6, rows_loaded: 2, rows_rejected: 4 });
    const rows = await withDb(db(), (d) => d.all<{ complaint_id: string; source_line: number }>('SELECT complaint_id, source_line FROM complaints ORDER BY 2'));
    expect(rows).toEqual([
      { complaint_id: 'TS2025010001', source_line: 5 },
      { complaint_id: 'TS2025010002', source_line: 7 },
    ]);
    const rejects = await withDb(db(), (d) => d.all<{ line: number; reason: string }>('SELECT line, reason FROM quarantine ORDER BY line'));
    expect(rejects.map((r) => [r.line, r.reason.startsWith('footer') ? 'footer' : r.reason.slice(0, 13)])).toEqual([
      [8, 'received_date'],
      [9, 'footer'],
      [10, 'footer'],
      [11, 'footer'],
    ]);
  });

  it('--header-row 4 gives the same load; --header-row 1 (a title line) exits 3 naming the missing columns', async () => {
    const path = file('export.csv', CSV);
    const title = await refusal(load([path], { headerRow: 1 }));
    expect(title.exitCode).toBe(3);
    expect(title.message).toContain('row 1 (--header-row) is not a header row');
    const result = await load([path], { headerRow: 4 });
    expect(result.totals).toEqual({ rows_read: 6, rows_loaded: 2, rows_rejected: 4 });
  });

  it('a GB18030 export with a title line and no commas in it is read too', async () => {
    const iconv = (await import('iconv-lite')).default;
    const text = ['某某银行投诉明细表', '投诉编号,受理日期,省份,业务类型', 'A1,2025-01-03,广东,代理投诉', '合计,1', ''].join('\n');
    const path = join(project.dir, 'gbk.csv');
    writeFileSync(path, iconv.encode(text, 'gb18030'));
    const result = await load([path]);
    expect(result.files[0]).toMatchObject({ encoding: 'gb18030', rows_read: 2, rows_loaded: 1, rows_rejected: 1 });
    const reasons = await withDb(db(), (d) => d.all<{ line: number; reason: string }>('SELECT line, reason FROM quarantine'));
    expect(reasons.map((r) => [r.line, r.reason.startsWith('footer')])).toEqual([[4, true]]);
  });

  it('a TSV whose header is line 1 still takes the fast reader, and a short 合计 line is a footer, not a malformed row', async () => {
    const path = file('plain.tsv', ['complaint_id\treceived_date\tregion\tcategory', 'A1\t2025-01-03\t广东\t代理投诉', '合计\t1', ''].join('\n'));
    const result = await load([path]);
    expect(result.totals).toEqual({ rows_read: 2, rows_loaded: 1, rows_rejected: 1 });
    const [r] = await withDb(db(), (d) => d.all<{ line: number; reason: string }>('SELECT line, reason FROM quarantine'));
    expect(r!.line).toBe(3);
    expect(r!.reason.startsWith('footer')).toBe(true);
  });

  it('a column with values under an empty header cell is reported in ignored_columns', async () => {
    const path = file('unnamed.csv', ['complaint_id,received_date,region,category,', 'A1,2025-01-03,广东,代理投诉,备注文字', ''].join('\n'));
    const result = await load([path]);
    expect(result.files[0]!.ignored_columns).toEqual(['column 5 (no header)']);
  });
});

describe('layout rules', () => {
  const matcher = headerMatcher('complaints');
  it('a row is a footer when its first non-empty cell is a total, note or signature label and it is not a record', () => {
    expect(isFooterRow(['合计', null, '3'], 0, 1)).toBe(true);
    expect(isFooterRow([null, ' 合 计 ', '', '120'], 1, 2)).toBe(true);
    expect(isFooterRow(['注：金额单位为元'], 0, 1)).toBe(true);
    expect(isFooterRow(['说明：本表按月填报'], 0, 1)).toBe(true);
    expect(isFooterRow(['制表人：王某', '', '审核人：李某'], 0, 1)).toBe(true);
    expect(isFooterRow(['Total', '', '3'], 0, 1)).toBe(true);
    // The label in the id column is no id.
    expect(isFooterRow(['合计', '3'], 0, 1)).toBe(true);
    // A narrative that starts with 注 in a row with an id and a date is a complaint.
    expect(isFooterRow(['注：本人于3月申请分期', 'TS1', '2025-03-01'], 1, 2)).toBe(false);
    expect(isFooterRow(['注意到扣款异常', null, null], 1, 2)).toBe(false);
    expect(isFooterRow(['TS1', '2025-01-01', '广东'], 0, 1)).toBe(false);
  });

  it('a 填报单位：… line right above the header is a title, not the parent row of a two-row header', () => {
    const found = findHeader(
      [
        { line: 1, cells: ['填报单位：某某银行', null, null, '报告期：2025Q1'] },
        { line: 2, cells: ['投诉编号', '受理日期', '省份', '类别', ''] },
        { line: 3, cells: ['A1', '2025-01-01', '广东', '代理投诉', 'x'] },
      ],
      matcher,
      'f.csv',
    );
    expect(found).toEqual({ headers: ['投诉编号', '受理日期', '省份', '类别', ''], lines: [2], next: 2 });
  });

  it('a parent row that alone names the required columns takes the child row below it (联系电话 | 身份证号 under 客户信息)', () => {
    const found = findHeader(
      [
        { line: 3, cells: ['投诉编号', '受理日期', '省份', '类别', '客户信息', null] },
        { line: 4, cells: [null, null, null, null, '联系电话', '身份证号'] },
        { line: 5, cells: ['A1', '2025-01-01', '广东', '代理投诉', '13800138000', null] },
      ],
      matcher,
      'f.csv',
    );
    expect(found).toEqual({ headers: ['投诉编号', '受理日期', '省份', '类别', '联系电话', '身份证号'], lines: [3, 4], next: 2 });
  });
});

describe('the generator\'s bank workbook against its truth', () => {
  it('load complaints complaints_2025q1_bank.xlsx --sheet all quarantines exactly the planted bad rows and footers, sheet by sheet', async () => {
    const out = join(project.dir, 'gen');
    const generated = await generateCommand({ out, seed: 5, scale: 'small', messy: true }, silentReporter);
    const entry = generated.files.find((f) => f.path === 'complaints_2025q1_bank.xlsx')!;
    expect(entry.sheets).toEqual(['1月', '2月', '3月']);
    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8')) as {
      bad_rows: Array<{ file: string; sheet?: string; line: number; kind: string; first?: { file: string } }>;
    };
    // Alone, the workbook cannot repeat an id of the 2024 file: those duplicates load.
    const planted = truth.bad_rows.filter((b) => b.file === entry.path && !(b.kind === 'duplicate_id' && b.first?.file !== entry.path));
    const result = await load([join(out, entry.path)], { sheet: 'all' });
    expect(result.files.map((f) => [f.sheet, f.status])).toEqual([
      ['1月', 'loaded'],
      ['2月', 'loaded'],
      ['3月', 'loaded'],
    ]);
    const crossFile = truth.bad_rows.filter((b) => b.file === entry.path).length - planted.length;
    expect(result.totals.rows_read).toBe(entry.rows);
    expect(result.totals.rows_rejected).toBe(planted.length);
    expect(result.totals.rows_loaded).toBe(entry.rows - planted.length);
    expect(crossFile).toBeGreaterThanOrEqual(0);
    const rows = await withDb(db(), (d) => d.all<{ cell: string; line: number; reason: string }>('SELECT cell, line, reason FROM quarantine'));
    const sheetOf = (cell: string) => cell.slice(0, cell.lastIndexOf('!')).replace(/^'|'$/g, '');
    const got = rows.map((r) => `${sheetOf(r.cell)}:${r.line}:${r.reason.startsWith('footer') ? 'footer' : 'rule'}`).sort();
    const want = planted.map((b) => `${b.sheet}:${b.line}:${b.kind === 'footer' ? 'footer' : 'rule'}`).sort();
    expect(got).toEqual(want);
    expect(planted.filter((b) => b.kind === 'footer')).toHaveLength(9);
  }, 120_000);
});
