// XLSX input: exceljs's streaming reader turns the first, the named or every sheet into a staging
// CSV with the sheet row number in front, so that the rest of loading is the same as for CSV. The
// header is found below title rows (core/ingest/layout.ts); the sheet names come from workbook.xml.
import { createRequire } from 'node:module';
import { GrayscopeError, inputError } from '../core/errors.js';
import { findHeader, HEADER_SEARCH_ROWS, type HeaderMatcher, type RawRow } from '../core/ingest/layout.js';
import { loadExcelJS } from './exceljs-utf8.js';
import { CsvWriter, columnLetters, type Converted } from './files.js';
import { guardWorkbook } from './xlsx-guard.js';

const require = createRequire(import.meta.url);

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Turns an exceljs cell value into the text a CSV would have held. */
export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const date = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const h = value.getUTCHours();
    const m = value.getUTCMinutes();
    const s = value.getUTCSeconds();
    return h || m || s ? `${date} ${pad(h)}:${pad(m)}:${pad(s)}` : date;
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('');
    if ('result' in v) return cellText(v.result);
    if ('formula' in v || 'sharedFormula' in v) return null;
    if ('text' in v) return cellText(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(value);
}

/**
 * The first cell (0-based column) of a row holding a whole number of 16 digits or more. A
 * spreadsheet keeps 15 significant digits of a number (and JavaScript about 16): a card, account or
 * ID number typed into a number cell has lost its last digits, so its hash would be wrong.
 */
function lostDigits(row: { values: unknown[] }): number {
  const values = row.values ?? [];
  for (let i = 1; i < values.length; i++) {
    const v = values[i];
    const n = typeof v === 'number' ? v : v !== null && typeof v === 'object' && typeof (v as { result?: unknown }).result === 'number' ? (v as { result: number }).result : undefined;
    if (n !== undefined && Number.isInteger(n) && Math.abs(n) >= 1e15) return i - 1;
  }
  return -1;
}

/** Values of a row as a dense array: exceljs leaves holes for empty cells. */
function rowValues(row: { values: unknown[] }): Array<string | null> {
  const values = row.values ?? [];
  return Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cellText(values[i + 1]));
}

/** What finding the header needs: the source's matcher, --header-row, and how to name the sheet. */
export interface SheetLayout {
  matcher: HeaderMatcher;
  headerRow: number | undefined;
  /** The file as messages name it. */
  where: string;
}

type SheetRows = AsyncIterable<{ number: number; values: unknown[] }>;

/**
 * One sheet → staging CSV. The header is found among the first rows (title rows above it are
 * skipped and not counted), a two-row header is read as its child names; every later row is data.
 */
async function sheetToCsv(ws: SheetRows, dest: string, onRows: (n: number) => void, layout: SheetLayout | undefined): Promise<Converted> {
  const blank = (v: string | null) => v === null || v.trim() === '';
  const iterator = ws[Symbol.asyncIterator]();
  const head: RawRow[] = [];
  const lostInHead = new Map<number, number>();
  let ended = false;
  const enough = () =>
    layout?.headerRow !== undefined ? (head[head.length - 1]?.line ?? 0) > layout.headerRow : head.length > (layout ? HEADER_SEARCH_ROWS : 0);
  while (!enough()) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    const values = rowValues(next.value);
    if (values.every(blank)) continue;
    head.push({ line: next.value.number, cells: values });
    const lost = lostDigits(next.value);
    if (lost >= 0) lostInHead.set(next.value.number, lost);
  }
  let headers: string[];
  let from: number;
  let headerLines: number[];
  if (layout) {
    let found;
    try {
      found = findHeader(head, layout.matcher, layout.where, layout.headerRow, ended);
    } catch (err) {
      // exceljs needs the sheet read through before the next one (on this same iterator: a second one re-reads a spent stream).
      if (!ended) for (let next = await iterator.next(); !next.done; next = await iterator.next()) void next;
      throw err;
    }
    headers = found.headers;
    from = found.next;
    headerLines = found.lines;
  } else {
    if (head.length === 0) return { headers: [], rows: 0, rejects: [], cellColumns: [] };
    headers = head[0]!.cells.map((v) => (v ?? '').trim());
    from = 1;
    headerLines = [head[0]!.line];
  }
  const writer = new CsvWriter(dest);
  const rejects: Converted['rejects'] = [];
  let rows = 0;
  const take = async (line: number, values: Array<string | null>, lost: number) => {
    if (lost >= 0 && lost < headers.length) {
      const cell = `${columnLetters(lost)}${line}`;
      rejects.push({
        line,
        reason: `cell ${cell} holds a number of 16 or more digits, more than a spreadsheet number keeps: its last digits were lost (a card, account or ID number typed as a number). Format the column as text, enter the numbers again, and load the file with --replace`,
        original: values.map((v) => v ?? '').join(','),
        cell,
      });
      return;
    }
    const beyond = values.slice(headers.length).findIndex((v) => !blank(v));
    if (beyond >= 0) {
      // Like a CSV row with too many fields: a value with no header is quarantined, not dropped.
      const cell = `${columnLetters(headers.length + beyond)}${line}`;
      rejects.push({ line, reason: `malformed row: cell ${cell} has a value but its column has no header`, original: values.map((v) => v ?? '').join(','), cell });
      return;
    }
    rows++;
    if (rows % 10_000 === 0) onRows(rows);
    await writer.row([String(line), ...headers.map((_, i) => values[i] ?? null)]);
  };
  for (const row of head.slice(from)) await take(row.line, row.cells as Array<string | null>, lostInHead.get(row.line) ?? -1);
  if (!ended) {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const values = rowValues(next.value);
      if (values.every(blank)) continue;
      await take(next.value.number, values, lostDigits(next.value));
    }
  }
  await writer.close();
  return { headers, rows, rejects, cellColumns: headers.map((_, i) => columnLetters(i)), headerLines };
}

/** A sheet converted, or why it could not be (no header row): kept per sheet for --sheet all. */
export type SheetResult = { sheet: string; dest: string; converted: Converted } | { sheet: string; error: GrayscopeError };

/**
 * Converts the named sheets of a workbook in one pass over it, each to its own staging CSV
 * (`dest(sheet)`). A sheet without a header row is returned with its error, not thrown, so that
 * `--sheet all` can report it and go on.
 */
export async function xlsxSheetsToCsv(
  source: string,
  sheets: readonly string[],
  dest: (sheet: string, index: number) => string,
  onRows: (sheet: string, n: number) => void,
  layout: SheetLayout | undefined,
): Promise<SheetResult[]> {
  // exceljs would inflate a zip bomb into memory, and never settles on a zip cut short.
  await guardWorkbook(source);
  // exceljs's streaming reader now and then stops reading the zip early (the unzip stream ends
  // after the sheets it parked, before xl/workbook.xml): it then fails on the missing workbook model,
  // or hands over a parked sheet cut short. Such a read is recognised — exceljs throws a TypeError,
  // or finishes without the workbook model — and done again, up to three times; a workbook that
  // fails every time is refused. The staging files of a failed read are written again.
  let results = new Map<string, SheetResult>();
  for (let attempt = 1; ; attempt++) {
    const read = await readSheetsOnce(source, sheets, dest, onRows, layout).catch((err: unknown) => {
      if (err instanceof GrayscopeError) throw err;
      return { error: err as Error };
    });
    if ('results' in read && read.complete) {
      results = read.results;
      break;
    }
    if (attempt === 3) {
      const why = 'error' in read ? read.error.message : 'the reader stopped before the workbook part (xl/workbook.xml)';
      throw inputError(`${source}: cannot read the workbook: ${why}`, 'Open it in Excel and save it again as .xlsx.');
    }
  }
  // Only now, so this second reading of the zip never overlaps exceljs's own.
  await checkSheetsWhole(source, sheets, layout?.where ?? source);
  return sheets.map((s) => results.get(s) ?? { sheet: s, error: inputError(`${source}: sheet "${s}" could not be read`, 'Open it in Excel and save it again as .xlsx.') });
}

/** One pass of exceljs's streaming reader over the workbook; `complete` is false when it never read the workbook part. */
async function readSheetsOnce(
  source: string,
  sheets: readonly string[],
  dest: (sheet: string, index: number) => string,
  onRows: (sheet: string, n: number) => void,
  layout: SheetLayout | undefined,
): Promise<{ results: Map<string, SheetResult>; complete: boolean }> {
  const ExcelJS = loadExcelJS();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    entries: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  const results = new Map<string, SheetResult>();
  let index = 0;
  for await (const worksheet of reader) {
    index++;
    const ws = worksheet as unknown as { name?: string } & SheetRows;
    const name = ws.name ?? `Sheet${index}`;
    if (!sheets.includes(name) || results.has(name)) {
      // exceljs deletes a set-aside sheet's temp file once it is handed over: read it through.
      for await (const _row of ws) void _row;
      continue;
    }
    const file = dest(name, sheets.indexOf(name));
    const sheetLayout = layout ? { ...layout, where: `${layout.where} sheet ${name}` } : undefined;
    try {
      results.set(name, { sheet: name, dest: file, converted: await sheetToCsv(ws, file, (n) => onRows(name, n), sheetLayout) });
    } catch (err) {
      if (!(err instanceof GrayscopeError)) throw err;
      results.set(name, { sheet: name, error: err });
    }
  }
  const model = (reader as unknown as { model?: { sheets?: unknown } }).model;
  return { results, complete: model?.sheets !== undefined };
}

type Zip = { files: Array<{ path: string; buffer(): Promise<Buffer>; stream(): NodeJS.ReadableStream }> };

async function openZip(source: string): Promise<Zip> {
  const fromExcelJS = createRequire(require.resolve('exceljs'));
  const unzipper = fromExcelJS('unzipper') as { Open: { file(path: string): Promise<Zip> } };
  return unzipper.Open.file(source);
}

/**
 * Refuses a workbook whose sheet XML stops before its end (a zip that is valid but holds a sheet
 * cut short): exceljs reads such a sheet up to the cut without a word, so part of it would load.
 * Each sheet asked for is inflated once more and its last bytes must close the worksheet.
 */
async function checkSheetsWhole(source: string, sheets: readonly string[], where: string): Promise<void> {
  let parts: Map<string, string>;
  let zip: Zip;
  try {
    zip = await openZip(source);
    const text = async (path: string) => (await zip.files.find((f) => f.path === path)?.buffer())?.toString('utf8') ?? '';
    const workbook = await text('xl/workbook.xml');
    const rels = await text('xl/_rels/workbook.xml.rels');
    const targets = new Map([...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => [/\bId="([^"]*)"/.exec(m[0])?.[1], /\bTarget="([^"]*)"/.exec(m[0])?.[1]] as const));
    parts = new Map();
    for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
      const name = decodeXml(/\bname="([^"]*)"/.exec(m[0])?.[1] ?? '');
      const target = targets.get(/\br:id="([^"]*)"/.exec(m[0])?.[1]);
      if (target) parts.set(name, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    }
  } catch {
    return; // the reader itself says what is wrong with the file
  }
  for (const sheet of sheets) {
    const part = parts.get(sheet);
    const entry = part === undefined ? undefined : zip.files.find((f) => f.path === part);
    if (!entry) continue;
    let tail = '';
    try {
      for await (const chunk of entry.stream()) tail = (tail + (chunk as Buffer).toString('latin1')).slice(-512);
    } catch (err) {
      throw inputError(`${where} sheet ${sheet}: the sheet cannot be read (${part}: ${(err as Error).message}); the workbook is damaged and nothing was loaded`, 'Open it in Excel and save it again as .xlsx, or export it again, then load it.', { damaged: true });
    }
    if (!/<\/(?:\w+:)?worksheet>\s*$/.test(tail)) {
      throw inputError(
        `${where} sheet ${sheet}: the sheet's XML (${part}) is cut short: it stops before the end of the sheet, so the workbook is damaged; nothing was loaded`,
        'Open it in Excel and save it again as .xlsx, or export it again, then load it.',
        { damaged: true },
      );
    }
  }
}

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()]!,
  );
}

/** The sheet names of a workbook in tab order, read from xl/workbook.xml without reading any sheet. */
export async function workbookSheets(source: string): Promise<string[]> {
  await guardWorkbook(source);
  const fromExcelJS = createRequire(require.resolve('exceljs'));
  const unzipper = fromExcelJS('unzipper') as { Open: { file(path: string): Promise<{ files: Array<{ path: string; buffer(): Promise<Buffer> }> }> } };
  let xml: string;
  try {
    const zip = await unzipper.Open.file(source);
    const entry = zip.files.find((f) => f.path === 'xl/workbook.xml');
    if (!entry) throw new Error('it has no xl/workbook.xml');
    xml = (await entry.buffer()).toString('utf8');
  } catch (err) {
    throw inputError(`${source}: cannot read the workbook: ${(err as Error).message}`, 'Open it in Excel and save it again as .xlsx.');
  }
  const decode = (s: string) =>
    s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()]!,
    );
  return [...xml.matchAll(/<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"/g)].map((m) => decode(m[1]!));
}

/** The first (or the named) sheet → staging CSV: the reader of a single sheet. */
export async function xlsxToCsv(source: string, dest: string, sheet: string | undefined, onRows: (n: number) => void, layout?: SheetLayout): Promise<Converted> {
  const names = await workbookSheets(source);
  const name = sheet === undefined ? names[0] : names.includes(sheet) ? sheet : /^\d+$/.test(sheet) ? names[Number(sheet) - 1] : undefined;
  if (name === undefined) {
    throw inputError(
      `${source}: no sheet named "${sheet}"; the workbook has ${names.map((s) => `"${s}"`).join(', ') || 'no sheets'}`,
      'Pass --sheet with one of those names or a 1-based sheet number.',
    );
  }
  const [result] = await xlsxSheetsToCsv(source, [name], () => dest, (_, n) => onRows(n), layout);
  if (!result || 'error' in result) throw result?.error ?? inputError(`${source}: sheet "${name}" could not be read`);
  return result.converted;
}
