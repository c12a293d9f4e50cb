// The loader's normalisers (sql/normalise.sql) run in a real in-memory DuckDB, one rule per test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db } from '../../src/core/ports/db.js';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { headerKey, mapHeaders, splitUnit } from '../../src/core/headers.js';
import { defineMacros } from '../../src/core/ingest/macros.js';
import { authorityCode } from '../../src/core/ingest/reference.js';
import { safeCsvCell } from '../../src/core/safe-csv.js';

let db: Db;
beforeAll(async () => {
  db = await openDatabase(':memory:');
  await defineMacros(db, 'test-salt-0123456789', new Date('2026-01-01T00:00:00Z'));
});
afterAll(() => db.close());

const one = async (sql: string, value: string | null) => db.scalar<unknown>(`SELECT ${sql}`, [value]);

describe('full-width folding (gs_fold)', () => {
  it.each([
    ['某某信息咨询（深圳）有限公司', '某某信息咨询(深圳)有限公司'],
    ['（深圳）ＡＢＣ１２３　公司', '(深圳)ABC123 公司'],
    ['ＡＢＣ：１２３', 'ABC:123'],
    ['　　', null],
    ['plain ascii', 'plain ascii'],
    ['中文没有全角', '中文没有全角'],
    ['  （）  ', '()'],
  ])('%s → %s', async (raw, want) => {
    expect(await one('gs_fold(?)', raw)).toBe(want);
  });
});

describe('dates', () => {
  it.each([
    ['2025-03-01', '2025-03-01'],
    ['2025/3/1', '2025-03-01'],
    ['2025.3.1', '2025-03-01'],
    ['2025年3月1日', '2025-03-01'],
    ['20250301', '2025-03-01'],
    ['45717', '2025-03-01'],
    ['45717.5', '2025-03-01'],
    ['2025-03-01 23:59:59', '2025-03-01'],
    ['2025-03-01T08:00:00', '2025-03-01'],
    ['２０２５－０３－０１', '2025-03-01'],
  ])('%s is read as %s', async (raw, want) => {
    expect(await one(`CAST(gs_date(gs_fold(?)) AS VARCHAR)`, raw)).toBe(want);
  });

  it.each(['2025-13-01', '2025-02-30', 'yesterday', '3/1/2025', '', '2025'])('%s is not a date', async (raw) => {
    expect(await one(`gs_date(gs_fold(?))`, raw)).toBeNull();
  });
});

describe('amounts', () => {
  it.each([
    ['1234.5', 1, '1234.50'],
    ['1,234.50', 1, '1234.50'],
    ['１２３４', 1, '1234.00'],
    ['1.2万元', 1, '12000.00'],
    ['1.2万', 1, '12000.00'],
    ['3亿元', 1, '300000000.00'],
    ['0.5亿', 1, '50000000.00'],
    ['500元', 10000, '500.00'],
    ['1.5', 10000, '15000.00'],
    ['¥5,000', 1, '5000.00'],
    ['RMB 12', 1, '12.00'],
    ['1e3', 1, '1000.00'],
    ['-5', 1, '-5.00'],
  ])('%s with a default factor of %d is %s yuan', async (raw, factor, want) => {
    expect(await db.scalar(`SELECT CAST(round(gs_amount(gs_fold(?), ${factor}), 2) AS DECIMAL(18,2))::VARCHAR`, [raw])).toBe(want);
  });

  it.each(['abc', '1.2.3', '万元', '12 34x'])('%s is not an amount', async (raw) => {
    expect(await one(`gs_amount(gs_fold(?), 1)`, raw)).toBeNull();
  });
});

describe('personal data', () => {
  it('phones keep their last four digits and become a salted hash', async () => {
    const [row] = await db.all<{ d: string; ok: boolean; mask: string; h1: string; h2: string }>(
      `SELECT gs_phone_digits(gs_fold(?)) AS d, gs_phone_ok(d) AS ok, gs_phone_mask(d) AS mask, gs_hash('phone', d) AS h1, gs_hash('phone', '13812345678') AS h2`,
      ['+86 138-1234-5678'],
    );
    expect(row).toMatchObject({ d: '13812345678', ok: true, mask: '138****5678' });
    expect(row!.h1).toBe(row!.h2);
    expect(row!.h1).toMatch(/^[0-9a-f]{32}$/);
  });

  it('the hash depends on the salt, so a leaked hash cannot be looked up in a table of phone numbers', async () => {
    const other = await openDatabase(':memory:');
    await defineMacros(other, 'another-salt-987654321', new Date());
    const a = await db.scalar(`SELECT gs_hash('phone', '13812345678')`);
    const b = await other.scalar(`SELECT gs_hash('phone', '13812345678')`);
    other.close();
    expect(a).not.toBe(b);
  });

  it('ID numbers are masked to the first three and last four characters', async () => {
    expect(await one(`gs_idno_mask(gs_idno_text(?))`, '11010519491231002x')).toBe('110***********002X');
    expect(await one(`gs_idno_ok(gs_idno_text(?))`, '11010519491231002x')).toBe(true);
    expect(await one(`gs_idno_ok(gs_idno_text(?))`, '1101051949')).toBe(false);
  });

  it('accounts lose spaces and hyphens and keep four digits at each end', async () => {
    expect(await one(`gs_account_mask(gs_account_digits(?))`, '6222 0212 3456 7890 123')).toBe('6222****0123');
    expect(await one(`gs_account_ok(gs_account_digits(?))`, '12ab')).toBe(false);
  });

  it.each([
    ['call 13812345678 now', 'call 138****5678 now'],
    ['电话：138 1234 5678。', '电话：138****5678。'],
    ['身份证11010519491231002X号', '身份证110****002X号'],
    ['卡号6222021234567890123', '卡号622****0123'],
    ['卡号 6222 0212 3456 7890 123 转账', '卡号 622****0123 转账'],
    ['微信13812345678，QQ 12345678', '微信138****5678，QQ ****78'],
    ['两个号码13812345678,13912345678', '两个号码138****5678,139****5678'],
    ['手机１３８１２３４５６７８', '手机138****5678'],
    ['金额5000元，2025年3月1日', '金额5000元，2025年3月1日'],
  ])('personal data inside text is masked: %s', async (raw, want) => {
    expect(await one(`gs_mask_text(?)`, raw)).toBe(want);
  });
});

describe('headers', () => {
  it('folds full-width characters, case and separators', () => {
    expect(headerKey(' Complaint ID ')).toBe('complaint_id');
    expect(headerKey('ＲＥＧＩＯＮ')).toBe('region');
  });

  it.each([
    ['金额（万元）', '金额', 'wan'],
    ['涉案金额(亿元)', '涉案金额', 'yi'],
    ['amount_wan', 'amount', 'wan'],
    ['amount (yuan)', 'amount', 'yuan'],
    ['金额', '金额', undefined],
  ])('reads the unit written in header %s', (header, base, unit) => {
    expect(splitUnit(headerKey(header))).toEqual([headerKey(base), unit]);
  });

  it('maps English, Chinese and project aliases and reports unknown columns as ignored', () => {
    const mapping = mapHeaders('complaints', ['工单', '投诉日期', '省份', '业务类型', '争议金额（万元）', 'remarks'], 'f.csv', { complaint_id: ['工单'] });
    expect(mapping.columns.map((c) => c.spec.name)).toEqual(['complaint_id', 'received_date', 'region', 'category', 'amount']);
    expect(mapping.columns.find((c) => c.spec.name === 'amount')?.unit).toBe('wan');
    expect(mapping.ignored).toEqual(['remarks']);
  });

  it('a missing required column names the closest header found', () => {
    expect(() => mapHeaders('complaints', ['complaint_id', 'recieved_date', 'region', 'category'], 'f.csv')).toThrow(/received_date.*"recieved_date"/);
  });

  it('two headers that mean the same column are refused', () => {
    expect(() => mapHeaders('complaints', ['complaint_id', '投诉编号', 'received_date', 'region', 'category'], 'f.csv')).toThrow(/both map to complaint_id/);
  });
});

describe('enforcement authorities', () => {
  it.each([
    ['公安机关', 'public_security'],
    ['深圳市公安局', 'public_security'],
    ['国家金融监督管理总局', 'nfra'],
    ['中国人民银行', 'pboc'],
    ['人民法院', 'court'],
    ['广东省人民检察院', 'procuratorate'],
    ['市场监督管理局', 'market_regulation'],
    ['court', 'court'],
  ])('%s is %s', (raw, code) => {
    expect(authorityCode(raw)).toBe(code);
  });

  it('an unknown authority is not guessed', () => {
    expect(authorityCode('外星机关')).toBeUndefined();
  });
});

describe('formula-safe CSV cells', () => {
  it.each(['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\t=x'])('%s cannot become a formula', (raw) => {
    expect(safeCsvCell(raw).replace(/^"/, '')).toMatch(/^'/);
  });

  it('plain negative numbers stay numbers', () => {
    expect(safeCsvCell('-5')).toBe('-5');
    expect(safeCsvCell(-5)).toBe('-5');
  });
});
