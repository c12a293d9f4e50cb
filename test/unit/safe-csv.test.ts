// Every CSV writer grayscope has neutralises formula prefixes, half- and full-width (issue 15 item
// 10): the in-memory writer (rejects --format csv on stdout, a return's CSV twins) and the streamed
// file writer (export --format csv, rejects --out FILE.csv).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCsvFile } from '../../src/adapters/table-file.js';
import { safeCsvCell, toSafeCsv, UTF8_BOM } from '../../src/core/safe-csv.js';
import { parseCsv } from '../helpers/cli.js';

const PAYLOADS = ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1', '＝1+1', '＋1', '－1', '＠SUM(A1)', '=HYPERLINK("http://x","y")'];
const rows = PAYLOADS.map((p, i) => ({ id: `r${i}`, text: p }));
const expectNeutral = (cells: string[]) => {
  for (const cell of cells) {
    expect(cell.startsWith("'")).toBe(true);
    expect(cell.slice(1)).toMatch(/^[=+\-@\t\r＝＋－＠]/);
  }
};

describe('formula-safe CSV in every writer', () => {
  it('safeCsvCell: a text cell starting with = + - @ tab CR or ＝ ＋ － ＠ gets a leading apostrophe; numbers and plain text stay', () => {
    for (const p of PAYLOADS) expect(safeCsvCell(p).replace(/^"|"$/g, '').replaceAll('""', '"')).toBe(`'${p}`);
    expect(safeCsvCell(-1.5)).toBe('-1.5');
    expect(safeCsvCell('-12.5')).toBe('-12.5');
    expect(safeCsvCell('普通')).toBe('普通');
  });

  it('toSafeCsv (rejects on stdout, return CSV twins): every payload neutralised, header included', () => {
    const parsed = parseCsv(toSafeCsv(['id', '＝header'], rows.map((r) => ({ id: r.id, '＝header': r.text }))));
    expect(parsed[0]).toEqual(['id', "'＝header"]);
    expectNeutral(parsed.slice(1).map((r) => r[1]!));
  });

  it('writeCsvFile (export --format csv, rejects --out): every payload neutralised', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grayscope-csv-'));
    try {
      const path = join(dir, 'out.csv');
      await writeCsvFile(path, ['id', 'text'], rows);
      const text = readFileSync(path, 'utf8');
      expect(text.startsWith(UTF8_BOM)).toBe(true);
      const parsed = parseCsv(text.slice(1));
      expect(parsed).toHaveLength(1 + PAYLOADS.length);
      expectNeutral(parsed.slice(1).map((r) => r[1]!));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
