// Writes generated tables to disk: CSV (RFC 4180 quoting, LF or CRLF), TSV, JSON Lines, in UTF-8,
// UTF-8 with BOM or GB18030 (iconv-lite's encoding stream), XLSX (exceljs' streaming workbook
// writer) and Parquet (a temporary CSV copied through DuckDB with typed columns). Rows are buffered
// into large chunks so a million-row file is a few hundred writes, not a million.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { GrayscopeError } from '../core/errors.js';
import type { Cell, DataSink, FooterRow, TableSpec, TableWriter } from '../core/generate/sink.js';
import { quoteIdent, quoteLiteral } from '../core/ports/db.js';
import { openDatabase } from './duckdb.js';

const CHUNK = 1 << 20;
const NEEDS_QUOTES = /[",\r\n]/;

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Chunked text output with backpressure, to a file in UTF-8 (optionally with BOM) or GB18030. */
export class TextOut {
  private buffer = '';
  private needDrain = false;
  private readonly head: Writable;
  private readonly file: Writable;

  constructor(path: string, encoding: TableSpec['encoding']) {
    this.file = createWriteStream(path, { highWaterMark: CHUNK });
    if (encoding === 'gb18030') {
      const encoder = iconv.encodeStream('gb18030');
      encoder.pipe(this.file);
      this.head = encoder as unknown as Writable;
    } else {
      this.head = this.file;
      if (encoding === 'utf-8-bom') this.buffer = '\ufeff';
    }
  }

  push(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= CHUNK) this.spill();
  }

  private spill(): void {
    if (this.buffer.length === 0) return;
    if (!this.head.write(this.buffer)) this.needDrain = true;
    this.buffer = '';
  }

  async flush(): Promise<void> {
    this.spill();
    if (this.needDrain) {
      this.needDrain = false;
      await once(this.head, 'drain');
    }
  }

  async end(): Promise<void> {
    this.spill();
    this.head.end();
    await finished(this.file);
  }
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return isoDate(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** CSV: a row starts on the physical line after the previous row's last line. */
class CsvWriter implements TableWriter {
  private nextLine = 2;
  private rows = 0;

  constructor(
    private readonly out: TextOut,
    private readonly newline: string,
    header: readonly string[],
    private readonly dataRowNumbers = false,
  ) {
    out.push(header.map(csvCell).join(',') + newline);
  }

  writeRow(cells: readonly Cell[]): number {
    const start = this.nextLine;
    let line = '';
    let extra = 0;
    for (let i = 0; i < cells.length; i++) {
      const value = cells[i] ?? null;
      if (i > 0) line += ',';
      if (typeof value === 'string' && NEEDS_QUOTES.test(value)) {
        extra += countNewlines(value);
        line += `"${value.replaceAll('"', '""')}"`;
      } else {
        line += csvCell(value);
      }
    }
    this.out.push(line + this.newline);
    this.nextLine += 1 + extra;
    return this.dataRowNumbers ? ++this.rows : start;
  }

  flush(): Promise<void> {
    return this.out.flush();
  }

  close(): Promise<void> {
    return this.out.end();
  }
}

function tsvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return isoDate(value);
  return /[\t\r\n]/.test(value) ? value.replace(/[\t\r\n]/g, ' ') : value;
}

/** TSV without quoting: tabs and line breaks inside values become spaces, so one row is one line. */
class TsvWriter implements TableWriter {
  private line = 1;

  constructor(
    private readonly out: TextOut,
    private readonly newline: string,
    header: readonly string[],
  ) {
    out.push(header.join('\t') + newline);
  }

  writeRow(cells: readonly Cell[]): number {
    let text = '';
    for (let i = 0; i < cells.length; i++) text += (i > 0 ? '\t' : '') + tsvCell(cells[i] ?? null);
    this.out.push(text + this.newline);
    return ++this.line;
  }

  flush(): Promise<void> {
    return this.out.flush();
  }

  close(): Promise<void> {
    return this.out.end();
  }
}

class JsonlWriter implements TableWriter {
  private line = 0;
  private readonly keys: string[];

  constructor(
    private readonly out: TextOut,
    header: readonly string[],
  ) {
    this.keys = header.map((h) => `${JSON.stringify(h)}:`);
  }

  writeRow(cells: readonly Cell[]): number {
    let text = '{';
    for (let i = 0; i < cells.length; i++) {
      const value = cells[i] ?? null;
      const json = value instanceof Date ? `"${isoDate(value)}"` : JSON.stringify(value);
      text += (i > 0 ? ',' : '') + this.keys[i] + json;
    }
    this.out.push(`${text}}\n`);
    return ++this.line;
  }

  flush(): Promise<void> {
    return this.out.flush();
  }

  close(): Promise<void> {
    return this.out.end();
  }
}

/** A streaming workbook with fixed creator and dates, so the same seed writes the same cells and properties. */
async function fixedWorkbook(path: string) {
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  const fixed = new Date(Date.UTC(2026, 0, 1));
  workbook.creator = 'grayscope generate';
  workbook.created = fixed;
  workbook.modified = fixed;
  return workbook;
}

/** XLSX through exceljs' streaming writer; Date cells get a date format, everything else is a value. */
async function xlsxWriter(path: string, spec: TableSpec): Promise<TableWriter> {
  const workbook = await fixedWorkbook(path);
  const sheet = workbook.addWorksheet(spec.path.replace(/\.xlsx$/, '').slice(0, 31));
  sheet.addRow([...spec.header]).commit();
  let rowNumber = 1;
  return {
    writeRow(cells) {
      const row = sheet.addRow(cells.map((c) => (c === null ? undefined : c)));
      for (let i = 0; i < cells.length; i++) if (cells[i] instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
      row.commit();
      return ++rowNumber;
    },
    flush: () => new Promise((resolve) => setImmediate(resolve)),
    async close() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/**
 * A workbook as a bank's complaint system exports it (TableSpec.bank): one sheet per month, each
 * with title rows, a merged two-row header under a 序号 column, the records from row 6 and a footer
 * block. Records arrive month by month, so a sheet is finished and committed when the next begins.
 */
async function bankWriter(path: string, spec: TableSpec, bank: NonNullable<TableSpec['bank']>): Promise<TableWriter> {
  const workbook = await fixedWorkbook(path);
  const width = spec.header.length + 1;
  const last = columnName(width);
  const footers: FooterRow[] = [];
  const done = new Set<string>();
  let current: { name: string; sheet: import('exceljs').Worksheet; rows: number; line: number; amount: number } | undefined;

  const open = (name: string) => {
    const sheet = workbook.addWorksheet(name);
    // exceljs merges only rows not yet committed: the header block is committed once merged.
    sheet.addRow([bank.title.replace('{sheet}', name)]);
    sheet.mergeCells(`A1:${last}1`);
    sheet.addRow([bank.unit]);
    sheet.addRow([]);
    const parent: Cell[] = ['序号', ...spec.header.map(() => null)];
    const child: Cell[] = [null, ...spec.header];
    for (const p of bank.parents) {
      parent[p.from + 1] = p.label;
      if (p.from === p.to) child[p.from + 1] = null;
    }
    sheet.addRow(parent.map((c) => c ?? undefined));
    const childRow = sheet.addRow(child.map((c) => c ?? undefined));
    sheet.mergeCells('A4:A5');
    for (const p of bank.parents) {
      if (p.from === p.to) sheet.mergeCells(`${columnName(p.from + 2)}4:${columnName(p.from + 2)}5`);
      else sheet.mergeCells(`${columnName(p.from + 2)}4:${columnName(p.to + 2)}4`);
    }
    childRow.commit();
    return { name, sheet, rows: 0, line: 5, amount: 0 };
  };
  const finish = () => {
    if (!current) return;
    const { sheet, name } = current;
    const total: Cell[] = Array.from({ length: width }, () => null);
    total[0] = '合计';
    total[1] = `共${current.rows}笔`;
    total[bank.amountColumn + 1] = current.amount;
    const note = '注：1. 金额单位为元；2. 本表不含已撤诉投诉；3. 受理日期为系统登记日期。';
    const sign: Cell[] = Array.from({ length: width }, () => null);
    sign[0] = '制表人：投诉管理岗';
    sign[4] = '审核人：消费者权益保护部';
    sign[8] = `制表日期：2025-04-0${bank.sheets.indexOf(name) + 1}`;
    let added;
    for (const row of [total, [note], sign]) {
      const line = ++current.line;
      added = sheet.addRow(row.map((c) => c ?? undefined));
      footers.push({ sheet: name, line, text: String(row[0]) });
    }
    sheet.mergeCells(`A${current.line - 1}:${last}${current.line - 1}`);
    added?.commit();
    sheet.commit();
    done.add(name);
    current = undefined;
  };
  return {
    selectSheet(name) {
      if (current?.name === name) return;
      if (done.has(name)) throw new GrayscopeError('internal', `${spec.path}: sheet ${name} was already finished; records must come month by month`);
      finish();
      current = open(name);
    },
    writeRow(cells) {
      current ??= open(bank.sheets[0]!);
      const row = current.sheet.addRow([++current.rows, ...cells.map((c) => (c === null ? undefined : c))]);
      for (let i = 0; i < cells.length; i++) if (cells[i] instanceof Date) row.getCell(i + 2).numFmt = 'yyyy-mm-dd';
      const amount = cells[bank.amountColumn];
      if (typeof amount === 'number' && amount > 0) current.amount += amount;
      row.commit();
      return ++current.line;
    },
    flush: () => new Promise((resolve) => setImmediate(resolve)),
    async close() {
      finish();
      await workbook.commit();
    },
    footers: () => footers,
  };
}

function columnName(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** Parquet: rows go to a temporary all-text CSV, then DuckDB copies it with the typed columns. */
function parquetWriter(path: string, spec: TableSpec): TableWriter {
  const temp = `${path}.${process.pid}.tmp.csv`;
  const csv = new CsvWriter(new TextOut(temp, 'utf-8'), '\n', spec.header, true);
  return {
    writeRow: (cells) => csv.writeRow(cells),
    flush: () => csv.flush(),
    async close() {
      await csv.close();
      const columns = spec.header.map((h) => `${quoteLiteral(h)}: 'VARCHAR'`).join(', ');
      const select = spec.header
        .map((h) => (spec.types?.[h] ? `CAST(${quoteIdent(h)} AS ${spec.types[h]}) AS ${quoteIdent(h)}` : quoteIdent(h)))
        .join(', ');
      const db = await openDatabase(':memory:');
      try {
        await db.run(
          `COPY (SELECT ${select} FROM read_csv(${quoteLiteral(temp)}, header = true, delim = ',', quote = '"', escape = '"', columns = {${columns}})) TO ${quoteLiteral(path)} (FORMAT parquet)`,
        );
      } finally {
        db.close();
        await rm(temp, { force: true });
      }
    },
  };
}

async function ensureFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (err) {
    throw new GrayscopeError('config', `cannot create the output folder ${path}: ${(err as Error).message}`, {
      hint: 'Choose a folder you can write to with --out.',
      cause: err,
    });
  }
}

/** The file-system sink: every path is relative to `out`. */
export function fileSink(out: string): DataSink {
  return {
    async open(spec) {
      const path = join(out, spec.path);
      await ensureFolder(dirname(path));
      switch (spec.format) {
        case 'csv':
          return new CsvWriter(new TextOut(path, spec.encoding), spec.newline, spec.header);
        case 'tsv':
          return new TsvWriter(new TextOut(path, spec.encoding), spec.newline, spec.header);
        case 'jsonl':
          return new JsonlWriter(new TextOut(path, spec.encoding), spec.header);
        case 'xlsx':
          return spec.bank ? bankWriter(path, spec, spec.bank) : xlsxWriter(path, spec);
        case 'parquet':
          return parquetWriter(path, spec);
      }
    },
    async writeText(path, text) {
      const full = join(out, path);
      await ensureFolder(dirname(full));
      await writeFile(full, text);
    },
  };
}
