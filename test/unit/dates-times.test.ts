// Dates with a time of day (sql/normalise.sql gs_date): every documented date form with hours and
// minutes, seconds optional, is read as its date; timestamps with a UTC offset are dated in China time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { defineMacros } from '../../src/core/ingest/macros.js';
import type { Db } from '../../src/core/ports/db.js';

let db: Db;
beforeAll(async () => {
  db = await openDatabase(':memory:');
  await defineMacros(db, 'test-salt-0123456789', new Date('2026-01-01T00:00:00Z'));
});
afterAll(() => db.close());

const date = (raw: string) => db.scalar<string | null>(`SELECT CAST(gs_date(gs_fold(?)) AS VARCHAR)`, [raw]);

describe('a date with its time of day is read as the date', () => {
  it.each([
    '2025年3月1日 10:20',
    '2025年3月1日 10:20:30',
    '2025年3月1日10:20',
    '2025年3月1日10时20分',
    '2025年3月1日 10时20分',
    '2025年3月1日10时20分30秒',
    '2025年3月1日10点20分',
    '2025年03月01日 23:59',
    '2025-03-01 10:20',
    '2025-03-01 10:20:30',
    '2025-03-01 10:20:30.123',
    '2025-03-01T10:20',
    '2025-03-01T10:20:30',
    '2025-3-1 10:20',
    '2025/3/1 10:20',
    '2025/3/1 10:20:30',
    '2025/03/01 09:05',
    '2025.3.1 10:20',
    '2025.3.1 10:20:30',
    '20250301 102030',
    '20250301 10:20',
    '20250301 10:20:30',
    '20250301102030',
    '２０２５－０３－０１　１０：２０',
  ])('%s → 2025-03-01', async (raw) => {
    expect(await date(raw)).toBe('2025-03-01');
  });

  it.each([
    ['2025-03-01T10:20:00+08:00', '2025-03-01'],
    ['2025-03-01T01:20:00+08:00', '2025-03-01'],
    ['2025-02-28T20:20:00Z', '2025-03-01'],
    ['2025-02-28T20:20:00+00:00', '2025-03-01'],
    ['2025-02-28T11:20:00-05:00', '2025-03-01'],
    ['2025-03-01 10:20+0800', '2025-03-01'],
    ['2025-03-01T10:20+08', '2025-03-01'],
    ['2025-02-28T15:59:59Z', '2025-02-28'],
  ])('%s is dated in China time: %s', async (raw, want) => {
    expect(await date(raw)).toBe(want);
  });

  it.each(['2025年3月1日 25:20', '2025-03-01 10:61', '2025/3/1 10', '2025-02-30 10:20', '2025年3月1日 上午', '20250301 1020301'])(
    '%s is not a date',
    async (raw) => {
      expect(await date(raw)).toBeNull();
    },
  );
});
