// File-system side of loading: hashing, format and encoding detection (core/encoding.ts decides), reading a header row, and
// turning what DuckDB cannot read itself (GB18030 text, XLSX, JSON Lines) into UTF-8 CSV files in a
// private temp folder inside the project (.grayscope/tmp), streaming so that memory stays flat.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync, type WriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { detectSampleEncoding, ENCODING_SAMPLE, type TextEncoding } from '../core/encoding.js';
import { inputError } from '../core/errors.js';
import type { ConvertedReject, TempFolder } from '../core/ingest/io.js';
import type { Options } from 'csv-parse';
import { FOOTER_REASON, isFooterRow, type RawRow } from '../core/ingest/layout.js';

export type FileFormat = 'csv' | 'tsv' | 'xlsx' | 'jsonl' | 'parquet';

export interface FileScan {
  sha256: string;
  /** An empty line with data after it. DuckDB's CSV reader skips such lines without counting them. */
  blankLines: boolean;
  /** A line longer than a row may be (MAX_LINE_SIZE). DuckDB's reader drops a line over about 128 MiB without a word. */
  longLines: boolean;
}

/** The longest row DuckDB is asked to read (it sizes its buffers from this: 16 times it), and the longest csv-parse takes. */
export const MAX_LINE_SIZE = 8 * 1024 * 1024;

const isNewline = (b: number) => b === 0x0a || b === 0x0d;

/** One pass over the file: its sha256, whether an empty line stands before more data, and whether a line is over MAX_LINE_SIZE. */
export async function scanFile(path: string): Promise<FileScan> {
  const hash = createHash('sha256');
  let blankLines = false;
  let longLines = false;
  let sinceBreak = 0; // bytes since the last line break, across chunks (a chunk is far shorter than MAX_LINE_SIZE)
  let pending = false; // an empty line was seen; data after it makes it count
  let tail = Buffer.alloc(0);
  for await (const data of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const chunk = data as Buffer;
    hash.update(chunk);
    if (!longLines) {
      const lf = chunk.indexOf(0x0a);
      const cr = chunk.indexOf(0x0d);
      const first = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      if (first < 0) sinceBreak += chunk.length;
      else {
        if (sinceBreak + first > MAX_LINE_SIZE) longLines = true;
        sinceBreak = chunk.length - 1 - Math.max(chunk.lastIndexOf(0x0a), chunk.lastIndexOf(0x0d));
      }
      if (sinceBreak > MAX_LINE_SIZE) longLines = true;
    }
    if (blankLines) continue;
    const window = tail.length ? Buffer.concat([tail, chunk]) : chunk;
    let from = 0;
    if (pending) {
      from = window.findIndex((b) => !isNewline(b));
      if (from >= 0) blankLines = true;
      else from = window.length;
    }
    for (const pattern of ['\n\n', '\n\r\n', '\r\r']) {
      if (blankLines) break;
      const at = window.indexOf(pattern, from);
      if (at < 0) continue;
      const after = window.subarray(at + pattern.length).findIndex((b) => !isNewline(b));
      if (after >= 0) blankLines = true;
      else pending = true;
    }
    tail = Buffer.from(window.subarray(Math.max(0, window.length - 2)));
  }
  return { sha256: hash.digest('hex'), blankLines, longLines };
}


async function head(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}

export async function detectFormat(path: string): Promise<FileFormat> {
  const start = await head(path, 8);
  if (start.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  if (start[0] === 0x50 && start[1] === 0x4b) {
    if (/\.xls$/i.test(path)) {
      throw inputError(`${path}: old .xls workbooks are not supported`, 'Save the workbook as .xlsx and load that.');
    }
    return 'xlsx';
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.parquet') return 'parquet';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.json' && start[0] === 0x7b) return 'jsonl';
  return 'csv';
}

/**
 * Decides the text encoding from the first 1 MiB: a BOM, valid UTF-8, or bytes that decode as
 * GB18030 without replacement characters. `named` (from --encoding) is checked, not trusted blindly.
 */
export async function detectEncoding(path: string, named: 'auto' | 'utf-8' | 'gb18030'): Promise<TextEncoding> {
  return detectSampleEncoding(await head(path, ENCODING_SAMPLE), path, named);
}

/** Splits the first record of delimited text, honouring quotes (a header may itself be quoted). */
export function parseFirstRecord(text: string, delimiter: string): { fields: string[]; end: number } {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') break;
    else field += ch;
  }
  fields.push(field);
  return { fields, end: i };
}

export interface TextHeader {
  headers: string[];
  delimiter: string;
}

export async function readTextHeader(path: string, encoding: TextEncoding, format: 'csv' | 'tsv'): Promise<TextHeader> {
  const sample = await head(path, 1 << 16);
  let text: string;
  if (encoding === 'gb18030') text = (await import('iconv-lite')).default.decode(sample, 'gb18030');
  else text = new TextDecoder('utf-8').decode(sample);
  text = text.replace(/^\uFEFF/, '');
  const delimiter = sniffDelimiter(text, format);
  const { fields } = parseFirstRecord(text, delimiter);
  return { headers: fields.map((f) => f.trim()), delimiter };
}

/**
 * The delimiter of a CSV from its first line, or, when a title line above the header has none,
 * from the first line that has one (title rows saved from Excel by hand often have no commas).
 */
function sniffDelimiter(text: string, format: 'csv' | 'tsv'): string {
  if (format === 'tsv') return '\t';
  const lines = text.split(/\r?\n/, 40);
  const line = lines.find((l) => /[,\t;|]/.test(l)) ?? lines[0] ?? '';
  const counts = [',', '\t', ';', '|'].map((d) => [d, line.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return (counts[0]?.[1] ?? 0) === 0 && best[1] > 0 ? best[0] : ',';
}

/**
 * The first records of a delimited UTF-8 file with the physical line each starts on, empty rows
 * left out: enough to find a header below title rows (HEADER_SEARCH_ROWS + 1 rows, or up to one row
 * past --header-row). `ended` says the file has no more rows.
 */
export async function readTextHead(path: string, format: 'csv' | 'tsv', headerRow: number | undefined, limit: number): Promise<{ rows: RawRow[]; ended: boolean; delimiter: string }> {
  const sample = new TextDecoder('utf-8').decode(await head(path, 1 << 16)).replace(/^\uFEFF/, '');
  const delimiter = sniffDelimiter(sample, format);
  const { parse } = await import('csv-parse');
  const input = createReadStream(path, { highWaterMark: 1 << 16 });
  const parser = input.pipe(parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, info: true, raw: true, relax_quotes: true, max_record_size: MAX_LINE_SIZE }));
  const rows: RawRow[] = [];
  const lines = new RecordLines();
  let ended = true;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
      const line = lines.start(item);
      if (item.record.every((f) => f.trim() === '')) continue;
      rows.push({ line, cells: item.record });
      if (headerRow !== undefined ? line > headerRow : rows.length > limit) {
        ended = false;
        break;
      }
    }
  } catch {
    // A record the parser refuses ends the search here; loading reports it at its line.
    ended = false;
  } finally {
    input.destroy();
  }
  return { rows, ended, delimiter };
}

/** Where a load keeps its converted copies of the input: inside the project, never the system temp folder. */
export const TEMP_HOME = join('.grayscope', 'tmp');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * A private folder (mode 0700) for one load's converted copies of its input, which hold raw
 * personal data: <project>/.grayscope/tmp/load-<pid>-XXXXXX. The folders a killed load left there
 * (their process is gone) are removed first. The folder is removed on every way out: remove() on a
 * normal or failed end, and on SIGINT/SIGTERM (then the process exits 130/143) or process exit.
 */
export async function makeTempFolder(projectDir: string): Promise<TempFolder> {
  const home = join(projectDir, TEMP_HOME);
  await mkdir(home, { recursive: true, mode: 0o700 });
  await chmod(join(projectDir, '.grayscope'), 0o700);
  await chmod(home, 0o700);
  for (const name of await readdir(home)) {
    const m = /^load-(\d+)-/.exec(name);
    if (m && Number(m[1]) !== process.pid && alive(Number(m[1]))) continue;
    await rm(join(home, name), { recursive: true, force: true });
  }
  const path = await mkdtemp(join(home, `load-${process.pid}-`));
  await chmod(path, 0o700);
  const wipe = () => rmSync(path, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals) => {
    wipe();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', wipe);
  return {
    path,
    file: (name) => join(path, name),
    remove: async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('exit', wipe);
      await rm(path, { recursive: true, force: true });
    },
  };
}

function finish(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('error', reject);
    stream.end(resolve);
  });
}

/** Why a row with bytes its encoding does not allow is quarantined. */
export function invalidBytesReason(encoding: string): string {
  return encoding === 'gb18030'
    ? 'the row has bytes that are not valid GB18030 (a damaged file, or part of it in another encoding)'
    : 'the row has bytes that are not valid UTF-8 (is the file in another encoding? try --encoding gb18030)';
}

/** GB18030 → UTF-8, streaming; line structure is unchanged, so line numbers still hold. */
export async function transcodeToUtf8(source: string, dest: string, onBytes: (n: number) => void): Promise<void> {
  const iconv = (await import('iconv-lite')).default;
  const input = createReadStream(source, { highWaterMark: 1 << 22 });
  input.on('data', (chunk) => onBytes(chunk.length));
  const decoder = iconv.decodeStream('gb18030');
  const out = createWriteStream(dest, { highWaterMark: 1 << 22 });
  await new Promise<void>((resolve, reject) => {
    input.on('error', reject);
    decoder.on('error', reject);
    out.on('error', reject);
    out.on('finish', resolve);
    input.pipe(decoder).setEncoding('utf8');
    decoder.on('data', (s: string) => {
      // iconv-lite turns bytes that are not GB18030 into U+FFFD: they become a byte that is not
      // UTF-8 either, so the reader quarantines that row (as it does such a row of a UTF-8 file)
      // instead of loading a replacement character.
      if (!out.write(s.includes('\uFFFD') ? Buffer.from(s.split('\uFFFD').map((p) => Buffer.from(p, 'utf8').toString('latin1')).join('\xff'), 'latin1') : s)) {
        decoder.pause();
        out.once('drain', () => decoder.resume());
      }
    });
    decoder.on('end', () => out.end());
  });
}

export function csvField(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return `"${value.replaceAll('"', '""')}"`;
}

/** A streaming writer for the staging CSVs that converted inputs become. */
export class CsvWriter {
  private readonly stream: WriteStream;
  private buffer: string[] = [];
  private size = 0;
  constructor(path: string) {
    this.stream = createWriteStream(path, { highWaterMark: 1 << 22 });
  }
  async row(values: ReadonlyArray<string | null | undefined>): Promise<void> {
    const line = `${values.map(csvField).join(',')}\n`;
    this.buffer.push(line);
    this.size += line.length;
    if (this.size > 1 << 20) await this.flush();
  }
  private async flush(): Promise<void> {
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((r) => this.stream.once("drain", () => r()));
  }
  async close(): Promise<void> {
    await this.flush();
    await finish(this.stream);
  }
}


export interface Converted {
  headers: string[];
  rows: number;
  rejects: ConvertedReject[];
  /** Column letters for XLSX, so rejects can name a cell. */
  cellColumns?: string[];
  /** Physical line(s) of the header row(s), when found below title rows. */
  headerLines?: number[];
}

/**
 * JSON Lines → staging CSV with a leading __line column. Keys are the union over all lines in order
 * of first appearance (two passes). A line that is not a JSON object is returned as a reject.
 */
export async function jsonlToCsv(source: string, encoding: TextEncoding, dest: string, onBytes: (n: number) => void): Promise<Converted> {
  const iconv = (await import('iconv-lite')).default;
  const lines = async function* () {
    const input = createReadStream(source, { highWaterMark: 1 << 20 });
    input.on('data', (chunk) => onBytes(chunk.length / 2));
    const decoded = encoding === 'gb18030' ? input.pipe(iconv.decodeStream('gb18030')) : input.setEncoding('utf8');
    const rl = createInterface({ input: decoded, crlfDelay: Infinity });
    let n = 0;
    for await (const line of rl) yield [++n, line.replace(/^\uFEFF/, '')] as const;
  };
  const parse = (text: string): Record<string, unknown> | string => {
    try {
      const value = JSON.parse(text) as unknown;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
      return value as Record<string, unknown>;
    } catch {
      // V8's message quotes the input, which may hold personal data: say only what is wrong.
      return 'malformed JSON: the line is not a complete JSON object';
    }
  };
  const keys = new Map<string, number>();
  for await (const [, line] of lines()) {
    if (line.trim() === '') continue;
    const obj = parse(line);
    if (typeof obj === 'string') continue;
    for (const key of Object.keys(obj)) if (!keys.has(key)) keys.set(key, keys.size);
  }
  const headers = [...keys.keys()];
  const writer = new CsvWriter(dest);
  const rejects: ConvertedReject[] = [];
  let rows = 0;
  for await (const [n, line] of lines()) {
    if (line.trim() === '') continue;
    if (line.length > MAX_JSON_LINE) {
      rejects.push({ line: n, reason: `malformed row: the line is ${line.length} characters long, over the ${MAX_JSON_LINE} a record may have`, original: line.slice(0, 200) });
      continue;
    }
    if (encoding === 'gb18030' && line.includes('\uFFFD')) {
      rejects.push({ line: n, reason: invalidBytesReason(encoding), original: line });
      continue;
    }
    const obj = parse(line);
    if (typeof obj === 'string') {
      rejects.push({ line: n, reason: obj, original: line });
      continue;
    }
    rows++;
    await writer.row([String(n), ...headers.map((k) => jsonCell(obj[k]))]);
  }
  await writer.close();
  return { headers, rows, rejects };
}

/** A converted row must stay under DuckDB's line limit (8 MiB) even when every character takes 3 bytes. */
const MAX_JSON_LINE = 2_000_000;

function jsonCell(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * The physical line a csv-parse record starts on. csv-parse's info.lines is the record's last line,
 * except that it counts a CRLF inside a quoted field as two lines, for this record and every later
 * one: the CRLFs inside fields seen so far are taken off again.
 */
class RecordLines {
  private crlfSoFar = 0;
  end = 0;
  start(item: { record: string[]; info: { lines: number } }): number {
    let breaks = 0;
    let crlf = 0;
    for (const field of item.record) {
      if (!field.includes('\n') && !field.includes('\r')) continue;
      breaks += field.match(/\r\n|\n|\r/g)?.length ?? 0;
      crlf += field.match(/\r\n/g)?.length ?? 0;
    }
    this.crlfSoFar += crlf;
    this.end = item.info.lines - this.crlfSoFar;
    return this.end - breaks;
  }
}

/**
 * A delimited file with empty lines → staging CSV with the physical line of every record, parsed
 * by csv-parse. DuckDB's reader would skip the empty lines and lose count of where later records
 * stand; this slower path is taken only for such files. Rows whose field count differs from the
 * header are returned as rejects with their line. A record csv-parse refuses (a malformed or
 * unclosed quote) is returned as a reject of its first line, and reading starts again on the next
 * line, as DuckDB's reader does: csv-parse stops at its first error, and the records it had parsed in
 * the same chunk never reached us, so every record after the error went missing unnoticed.
 */
export async function delimitedToCsv(
  source: string,
  delimiter: string,
  dest: string,
  onBytes: (n: number) => void,
  /** A header found below title rows: its names, and the first line after it. */
  layout?: { headers: string[]; dataFrom: number; headerLines: number[] },
  /** The reason for a row with bytes its encoding does not allow (read as U+FFFD). */
  invalidReason = invalidBytesReason('utf-8'),
): Promise<Converted> {
  const { parse } = await import('csv-parse');
  const size = await fileSize(source);
  const writer = new CsvWriter(dest);
  const rejects: ConvertedReject[] = [];
  let headers: string[] | undefined = layout?.headers;
  let rows = 0;
  type Item = { record: string[]; info: { lines: number; bytes: number }; raw: string };
  const take = async (item: Item, lines: RecordLines, lineBase: number) => {
    // raw holds the empty lines skipped before the record, and its own line break; info.lines is its last line.
    const body = item.raw.replace(/^(\r\n|\n|\r)+/, '').replace(/(\r\n|\n|\r)$/, '');
    const start = lineBase + lines.start(item);
    if (layout && start < layout.dataFrom) return;
    if (!headers) {
      headers = item.record.map((h) => h.trim());
      return;
    }
    if (item.raw.includes('\uFFFD')) {
      rejects.push({ line: start, reason: invalidReason, original: body });
      return;
    }
    if (item.record.length !== headers.length) {
      if (layout && isFooterRow(item.record, undefined, undefined)) {
        rejects.push({ line: start, reason: FOOTER_REASON, original: body });
        return;
      }
      const kind = item.record.length > headers.length ? 'too many fields' : 'too few fields';
      rejects.push({ line: start, reason: `malformed row: ${kind} (expected ${headers.length}, found ${item.record.length})`, original: body });
      return;
    }
    rows++;
    await writer.row([String(start), ...item.record]);
  };
  // One pass per stretch of the file between refused records: from byte `offset`, whose first line is lineBase + 1.
  let offset = 0;
  let lineBase = 0;
  while (offset < size) {
    const input = createReadStream(source, { start: offset, highWaterMark: 1 << 20 });
    input.on('data', (chunk) => onBytes(chunk.length));
    // Records are taken as csv-parse makes them (on_record), so none is lost with the stream when it fails.
    const parsed: Item[] = [];
    const parser = input.pipe(
      parse({
        delimiter,
        bom: offset === 0,
        relax_column_count: true,
        skip_empty_lines: true,
        info: true,
        raw: true,
        relax_quotes: false,
        max_record_size: MAX_LINE_SIZE,
        on_record: (item: unknown) => {
          parsed.push(item as Item);
          return null;
        },
      } as Options),
    );
    const lines = new RecordLines();
    let last: { end: number; bytes: number } | undefined;
    const drain = async () => {
      for (const item of parsed.splice(0)) {
        await take(item, lines, lineBase);
        last = { end: lineBase + lines.end, bytes: item.info.bytes };
      }
    };
    let failure: { code?: string } | undefined;
    try {
      for await (const _ of parser) void _;
      await drain();
    } catch (err) {
      failure = err as { code?: string };
      input.destroy();
    }
    await drain();
    if (!failure) break;
    // The refused record starts where the last good one ended (after any empty lines): quarantine its first line, go on after it.
    const from = offset + (last?.bytes ?? 0);
    const bad = await lineAt(source, from, last?.end ?? lineBase);
    const why =
      failure.code === 'CSV_MAX_RECORD_SIZE'
        ? `longer than ${MAX_LINE_SIZE} bytes (an unclosed quote, or a field too long for a row)`
        : failure.code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'a quote is not closed'
          : 'a quote is not closed, or text follows a closing quote';
    rejects.push({ line: bad.line, reason: `malformed row: ${why} (the next line is read as a new row)`, original: bad.text });
    offset = bad.next;
    lineBase = bad.line;
  }
  await writer.close();
  return { headers: headers ?? [], rows, rejects, ...(layout ? { headerLines: layout.headerLines } : {}) };
}

/**
 * The first non-empty line at or after byte `from` (the line after `lineBefore` is the first):
 * its number, its text (at most 4,000 bytes of it) and the byte where the line after it starts.
 */
async function lineAt(path: string, from: number, lineBefore: number): Promise<{ line: number; text: string; next: number }> {
  const handle = await open(path, 'r');
  try {
    const block = Buffer.alloc(1 << 20);
    const text: number[] = [];
    let line = lineBefore + 1;
    let started = false;
    let afterCr = false; // the byte before was a CR: an LF now ends the same line break
    let pos = from;
    for (;;) {
      const { bytesRead } = await handle.read(block, 0, block.length, pos);
      for (let i = 0; i < bytesRead; i++) {
        const b = block[i]!;
        if (afterCr && b === 0x0a) {
          afterCr = false;
          if (started) return { line, text: Buffer.from(text).toString('utf8'), next: pos + i + 1 };
          continue;
        }
        if (afterCr && started) return { line, text: Buffer.from(text).toString('utf8'), next: pos + i };
        afterCr = b === 0x0d;
        if (b === 0x0a && started) return { line, text: Buffer.from(text).toString('utf8'), next: pos + i + 1 };
        if (isNewline(b)) {
          if (!started) line++;
          continue;
        }
        started = true;
        if (text.length < 4000) text.push(b);
        else {
          // Past the kept text, jump to the next line break.
          const lf = block.indexOf(0x0a, i);
          const cr = block.indexOf(0x0d, i);
          const at = lf < 0 || lf >= bytesRead ? cr : cr < 0 || cr >= bytesRead ? lf : Math.min(lf, cr);
          i = at < 0 || at >= bytesRead ? bytesRead - 1 : at - 1;
        }
      }
      pos += bytesRead;
      if (bytesRead === 0) return { line, text: Buffer.from(text).toString('utf8'), next: pos };
    }
  } finally {
    await handle.close();
  }
}
