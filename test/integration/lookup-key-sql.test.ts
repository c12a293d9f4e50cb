// Keeps the SQL twins in step with the TypeScript lookups: the loader maps regions and categories
// in DuckDB, the checks and tests in TS, and both must agree on every value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/adapters/duckdb.js';
import { lookupKey, lookupKeySql } from '../../src/core/lookup-key.js';
import { REGION_LOOKUP, REGIONS, regionCode, regionCodeSql } from '../../src/core/regions.js';
import { CATEGORIES, CATEGORY_LOOKUP, categoryCode, categoryCodeSql } from '../../src/core/taxonomy.js';

const TRICKY: readonly string[] = [
  '',
  ' ',
  '\t\r\n',
  'ＧＵＡＮＧＤＯＮＧ',
  '４４',
  '４４０３００',
  'Ａ－Ｂ．Ｃ＇Ｄ＿Ｅ／Ｆ（Ｇ）～！',
  'ｇｕａｎｇｄｏｎｇ',
  '\u3000广东省\u3000深圳市\u3000',
  '广东省·深圳',
  '广东・深圳',
  'Inner\u00a0Mongolia',
  'Inner\u2003Mongolia\u200b',
  '\ufeffBeijing',
  "Xinjiang Weiwu'er Zizhiqu",
  'Xinjiang Weiwu’er Zizhiqu',
  'Xinjiang Weiwuʼer',
  'Hong–Kong — SAR',
  'Hong‐Kong',
  'U.S.A.',
  'Shǎnxī',
  'Shānxī',
  'SHA\u0301NXI',
  'e\u0301',
  '\u00e9',
  'Ａ\u0301',
  'İstanbul',
  'ΣΑΣ',
  'ǅ',
  'Straße',
  'ＤＥＢＴ＿ＥＶＡＳＩＯＮ',
  'debt_evasion',
  '反 催 收',
  '恶意逃废债券',
  '海南藏族自治州',
  '河南蒙古族自治县',
  '内蒙古自治区呼和浩特市',
  '440300',
  '990000',
  '4403001',
  '4',
  '😀 emoji',
  '\u{20000}𠀀',
  '⼴东',
  '廣東',
  '火星',
  'XX',
  'null',
];

const ALL: readonly string[] = [
  ...TRICKY,
  ...REGIONS.flatMap((r) => [r.name, r.short, r.pinyin, r.en, r.iso, `${r.name}某市`, ...r.aliases]),
  ...CATEGORIES.flatMap((c) => [c.code, c.zh, c.en, ...c.synonyms]),
  ...REGION_LOOKUP.map(([key]) => key),
  ...CATEGORY_LOOKUP.map(([key]) => key),
];

let db: Db;

beforeAll(async () => {
  db = await openDatabase(':memory:');
  await db.run('CREATE TABLE input (i INTEGER, raw VARCHAR)');
  // One bound statement per chunk: the values never go into the SQL text.
  const chunk = 200;
  for (let start = 0; start < ALL.length; start += chunk) {
    const part = ALL.slice(start, start + chunk);
    const rows = part.map((_, j) => `($${2 * j + 1}, $${2 * j + 2})`).join(', ');
    await db.run(`INSERT INTO input VALUES ${rows}`, part.flatMap((raw, j) => [start + j, raw]));
  }
});

afterAll(() => db.close());

interface Out {
  i: number;
  raw: string;
  key: string;
  region: string | null;
  category: string | null;
}

async function fromSql(): Promise<Out[]> {
  return db.all<Out & Record<string, unknown>>(
    `SELECT i, raw, ${lookupKeySql('raw')} AS key, ${regionCodeSql('raw')} AS region, ${categoryCodeSql('raw')} AS category
     FROM input ORDER BY i`,
  );
}

describe('SQL twins of the lookups, in DuckDB', () => {
  it('lookupKeySql gives the same key as lookupKey for every tricky input and every accepted spelling', async () => {
    const rows = await fromSql();
    expect(rows).toHaveLength(ALL.length);
    expect(rows.map((r, i) => [ALL[i], r.key])).toEqual(ALL.map((raw) => [raw, lookupKey(raw)]));
  });

  it('regionCodeSql gives the same code as regionCode, NULL where TS gives undefined', async () => {
    const rows = await fromSql();
    expect(rows.map((r, i) => [ALL[i], r.region])).toEqual(ALL.map((raw) => [raw, regionCode(raw) ?? null]));
  });

  it('categoryCodeSql gives the same code as categoryCode, NULL where TS gives undefined', async () => {
    const rows = await fromSql();
    expect(rows.map((r, i) => [ALL[i], r.category])).toEqual(ALL.map((raw) => [raw, categoryCode(raw) ?? null]));
  });

  it('keeps NULL as NULL', async () => {
    const row = await db.all(`SELECT ${lookupKeySql('NULL')} AS k, ${regionCodeSql('NULL')} AS r, ${categoryCodeSql('NULL')} AS c`);
    expect(row).toEqual([{ k: null, r: null, c: null }]);
  });

  it('maps the tricky inputs that matter the same way in both (spot checks)', async () => {
    const rows = await fromSql();
    const byRaw = new Map(rows.map((r) => [r.raw, r]));
    expect(byRaw.get('ＧＵＡＮＧＤＯＮＧ')?.region).toBe('44');
    expect(byRaw.get('４４０３００')?.region).toBe('44');
    expect(byRaw.get('海南藏族自治州')?.region).toBe('63');
    expect(byRaw.get('Shǎnxī')?.region).toBe('61');
    expect(byRaw.get('ＤＥＢＴ＿ＥＶＡＳＩＯＮ')?.category).toBe('debt_evasion');
    expect(byRaw.get('火星')?.region).toBeNull();
  });
});
