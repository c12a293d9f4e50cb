// Rows written to a CSV file the way every grayscope CSV is (core/safe-csv.ts): UTF-8 with a BOM,
// CRLF, formula-safe cells; streamed in large chunks, so `rejects --out` and `export` write a large
// table without holding it as one string.
import { UTF8_BOM, safeCsvHeader, safeCsvLine } from '../core/safe-csv.js';

type Rows = Iterable<Readonly<Record<string, unknown>>> | AsyncIterable<Readonly<Record<string, unknown>>>;

export async function writeCsvFile(path: string, headers: readonly string[], rows: Rows): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  const { TextOut } = await import('./datafiles.js');
  await mkdir(dirname(path), { recursive: true });
  const out = new TextOut(path, 'utf-8');
  out.push(`${UTF8_BOM}${safeCsvHeader(headers)}\r\n`);
  let n = 0;
  for await (const row of rows) {
    out.push(`${safeCsvLine(headers, row)}\r\n`);
    if (++n % 1000 === 0) await out.flush();
  }
  await out.end();
}
