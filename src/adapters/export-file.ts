// The real export files (core/ports/export-files.ts): `grayscope export` rows written as
// formula-safe CSV with a BOM, as one JSON document, or as an XLSX sheet of text and number cells,
// to a temporary file beside the target that is renamed onto it when complete.
import { existsSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { jsonRowWriter, xlsxRow } from '../core/export-cells.js';
import type { ExportFiles, ExportTable } from '../core/ports/export-files.js';
import { writeCsvFile } from './table-file.js';

async function* mapRows<T>(rows: AsyncIterable<Record<string, unknown>>, f: (row: Record<string, unknown>) => T): AsyncGenerator<T> {
  for await (const row of rows) yield f(row);
}

/**
 * The JSON document: {"name", "columns": [{"name", "type"}], "rows": [{column: value}]}, one row a
 * line. DECIMAL and BIGINT values are JSON numbers with every digit of the database.
 */
async function writeJsonFile(path: string, table: ExportTable): Promise<void> {
  const { TextOut } = await import('./datafiles.js');
  const out = new TextOut(path, 'utf-8');
  const columns = table.columns.map((c) => ({ name: c.name, type: c.type }));
  out.push(`{"name":${JSON.stringify(table.name)},"columns":${JSON.stringify(columns)},"rows":[`);
  const jsonRow = jsonRowWriter(table.columns);
  let n = 0;
  for await (const row of table.rows) {
    out.push(`${n === 0 ? '\n' : ',\n'}${jsonRow(row)}`);
    if (++n % 1000 === 0) await out.flush();
  }
  out.push(`${n === 0 ? '' : '\n'}]}\n`);
  await out.end();
}

async function writeXlsxFile(path: string, table: ExportTable): Promise<void> {
  const { writeDataWorkbook } = await import('./excel-output.js');
  const columns = table.columns.map((c) => ({
    header: c.name,
    key: c.name,
    type: c.kind === 'number' || c.kind === 'decimal' ? ('number' as const) : ('text' as const),
  }));
  await writeDataWorkbook(path, [{ name: table.name, columns, rows: mapRows(table.rows, (row) => xlsxRow(table.columns, row)) }]);
}

export const exportFiles: ExportFiles = {
  isDirectory: (path) => existsSync(path) && statSync(path).isDirectory(),
  async begin(path) {
    await mkdir(dirname(path), { recursive: true });
    return join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  },
  commit: (temp, path) => rename(temp, path),
  abort: (temp) => rm(temp, { force: true }),
  async write(temp, format, table) {
    if (format === 'json') return writeJsonFile(temp, table);
    if (format === 'xlsx') return writeXlsxFile(temp, table);
    return writeCsvFile(temp, table.columns.map((c) => c.name), table.rows);
  },
};
