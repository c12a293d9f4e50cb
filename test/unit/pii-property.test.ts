// The personal-number masker as a property: thousands of generated written forms (grouped,
// separated, full-width, +86, followed by a unit, with a date elsewhere) through both maskers —
// TypeScript (pii.ts maskText) and the loader's SQL (gs_mask_text in sql/normalise.sql) — leave no
// stretch of seven of the number's digits; generated dates, times, amounts, ticket numbers and run
// ids come through unchanged; and the two maskers write the same text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { defineMacros } from '../../src/core/ingest/macros.js';
import { maskText } from '../../src/core/pii.js';
import type { Db } from '../../src/core/ports/db.js';
import { Rng } from '../../src/core/random.js';
import { writtenNonPersonal, writtenPersonalNumber } from '../helpers/written-numbers.js';

const POSITIVES = 4000;
const NEGATIVES = 2000;

let db: Db;
beforeAll(async () => {
  db = await openDatabase(':memory:');
  await defineMacros(db, 'test-salt-0123456789', new Date('2026-01-01T00:00:00Z'));
});
afterAll(() => db.close());

/** The SQL masker over many texts at once (one query, as the loader runs it). */
async function maskInSql(texts: string[]): Promise<string[]> {
  await db.run('CREATE OR REPLACE TEMP TABLE t (i INTEGER, s VARCHAR)');
  for (let i = 0; i < texts.length; i += 500) {
    const chunk = texts.slice(i, i + 500);
    await db.run(`INSERT INTO t VALUES ${chunk.map(() => '(?, ?)').join(', ')}`, chunk.flatMap((s, k) => [i + k, s]));
  }
  const rows = await db.all<{ m: string }>('SELECT gs_mask_text(s) AS m FROM t ORDER BY i');
  return rows.map((r) => r.m);
}

/** The text's digits in order with separators dropped (full-width folded), so a number split by separators is seen whole. */
function joinedDigits(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u200B\u2060\uFEFF\-\u2010-\u2015\u2212\uFF0D.\uFF0E/\uFF0F_\uFF3F()\uFF08\uFF09+]/g, '')
    .toUpperCase();
}

function survivingStretch(masked: string, digits: string): string | undefined {
  const seen = joinedDigits(masked);
  for (let i = 0; i + 7 <= digits.length; i++) if (seen.includes(digits.slice(i, i + 7))) return digits.slice(i, i + 7);
  return undefined;
}

describe('personal numbers in every written form are masked, by both maskers alike', () => {
  // The reproductions of issue 15's probe: each slipped through the table, the staging views and the run results.
  it.each([
    ['2025年3月1日借款，对方电话13912345678万', '2025年3月1日借款，对方电话139****5678万'],
    ['于2025-03-01转账13912345678块', '于2025-03-01转账139****5678块'],
    ['2025-03-01 电话13912345678.5', '2025-03-01 电话139****5678.5'],
    ['3月1日，13912345678%', '3月1日，139****5678%'],
    ['电话139 - 0000 - 0116', '电话139****0116'],
    ['电话139   0000   0116', '电话139****0116'],
    ['电话139\u20090000\u20090116', '电话139****0116'],
    ['电话139\u200B0000\u200B0116', '电话139****0116'],
    ['电话139.0000.0116', '电话139****0116'],
    ['电话139/0000/0116', '电话139****0116'],
    ['电话139_0000_0116', '电话139****0116'],
    ['两个号码13812345678 13912345678', '两个号码138****5678 139****5678'],
  ])('%j → %j, in TypeScript and in SQL', async (raw, want) => {
    expect(maskText(raw)).toBe(want);
    expect(await maskInSql([raw])).toEqual([want]);
  });

  it(`${POSITIVES} generated personal numbers leave no seven of their digits in order, in TypeScript and in SQL`, async () => {
    const rng = new Rng('pii-property-positives');
    const cases = Array.from({ length: POSITIVES }, () => writtenPersonalNumber(rng));
    const sql = await maskInSql(cases.map((c) => c.text));
    const leaks: string[] = [];
    const disagreements: string[] = [];
    cases.forEach((c, i) => {
      const ts = maskText(c.text);
      const stretch = survivingStretch(ts, c.digits);
      if (stretch) leaks.push(`${c.kind} ${JSON.stringify(c.text)} → ${JSON.stringify(ts)} keeps ${stretch}`);
      if (sql[i] !== ts) disagreements.push(`${JSON.stringify(c.text)}: TS ${JSON.stringify(ts)} SQL ${JSON.stringify(sql[i])}`);
    });
    expect(leaks.slice(0, 15), `${leaks.length} leaks`).toEqual([]);
    expect(disagreements.slice(0, 15), `${disagreements.length} disagreements`).toEqual([]);
  });

  it(`${NEGATIVES} generated dates, times, amounts, ticket numbers and run ids come through unchanged, in TypeScript and in SQL`, async () => {
    const rng = new Rng('pii-property-negatives');
    const texts = Array.from({ length: NEGATIVES }, () => writtenNonPersonal(rng));
    const sql = await maskInSql(texts);
    const changed = texts.flatMap((t, i) => {
      const ts = maskText(t);
      return ts === t && sql[i] === t ? [] : [`${JSON.stringify(t)}: TS ${JSON.stringify(ts)} SQL ${JSON.stringify(sql[i])}`];
    });
    expect(changed.slice(0, 15), `${changed.length} changed`).toEqual([]);
  });

  it('every plain run of 1 to 25 digits, from every two-digit start, with or without a check letter, is masked alike by both', async () => {
    const rng = new Rng('pii-property-plain');
    const texts: string[] = [];
    for (let length = 1; length <= 25; length++)
      for (let p = 0; p < 100; p++)
        for (const after of ['', 'X', 'x', '元', '，2025-03-01']) {
          const digits = (String(p).padStart(2, '0') + Array.from({ length: 23 }, () => rng.int(0, 9)).join('')).slice(0, length);
          texts.push(`${rng.choice(['', '电话', '编号', 'TS', '，'])}${digits}${after}`);
        }
    const sql = await maskInSql(texts);
    const differ = texts.flatMap((t, i) => (sql[i] === maskText(t) ? [] : [`${t}: TS ${maskText(t)} SQL ${sql[i]}`]));
    expect(differ.slice(0, 15), `${differ.length} of ${texts.length} differ`).toEqual([]);
  });

  it('3000 random strings of digits, separators, letters and Chinese give the same text in both', async () => {
    const rng = new Rng('pii-property-fuzz');
    const alphabet = ['1', '3', '8', '0', '6', '2', '9', '5', ' ', '-', '.', '/', '_', '(', ')', '\u2009', '\u200B', '\u3000', '１', '３', 'X', 'x', '+', '86', '电话', '元', '万', '年', '，', '2025-03-01', '13912345678', '110105194912310021'];
    const texts = Array.from({ length: 3000 }, () => Array.from({ length: rng.int(5, 30) }, () => rng.choice(alphabet)).join(''));
    const sql = await maskInSql(texts);
    const differ = texts.flatMap((t, i) => (sql[i] === maskText(t) ? [] : [`${JSON.stringify(t)}: TS ${JSON.stringify(maskText(t))} SQL ${JSON.stringify(sql[i])}`]));
    expect(differ.slice(0, 15), `${differ.length} differ`).toEqual([]);
  });
});
