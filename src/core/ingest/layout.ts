// Spreadsheet layouts as institutions export them: title rows above the header, a two-row header
// whose parent row has merged cells, and footer rows (合计, 注：…, 制表人：…) below the data. Pure
// functions over rows of text, shared by the XLSX and the CSV/TSV readers (src/adapters).
import type { Source } from '../config.js';
import { CONTRACT, DATE_COLUMN, ID_COLUMN } from '../contract.js';
import { GrayscopeError, inputError, usageError } from '../errors.js';
import { headerKey, mapHeaders, splitUnit } from '../headers.js';

/** How many non-empty rows from the top are searched for the header row. */
export const HEADER_SEARCH_ROWS = 30;

/** A row as read: its physical line (CSV/TSV) or sheet row (XLSX), and its cells as text. */
export interface RawRow {
  line: number;
  cells: ReadonlyArray<string | null>;
}

export interface HeaderVerdict {
  /** Required contract columns these headers lack ([] = a header row). */
  missing: string[];
  /** 0-based positions of the id and date columns, when the row is a header. */
  idIndex?: number;
  dateIndex?: number;
}

/** Header matching for one source: the same rules and aliases as mapHeaders. */
export interface HeaderMatcher {
  source: Source;
  match(cells: readonly string[]): HeaderVerdict;
  /** Whether one cell names a contract column (canonical name or alias, a unit allowed). */
  known(cell: string): boolean;
  /** Today's missing-column error for these headers, with `where` as the file part of the message. */
  refuse(cells: readonly string[], where: string): GrayscopeError;
}

export function headerMatcher(source: Source, aliases: Record<string, readonly string[]> = {}): HeaderMatcher {
  const keys = new Set<string>();
  for (const spec of CONTRACT[source]) for (const name of [spec.name, ...spec.aliases, ...(aliases[spec.name] ?? [])]) keys.add(headerKey(name));
  const map = (cells: readonly string[], where: string) => mapHeaders(source, cells, where, aliases);
  return {
    source,
    match(cells) {
      try {
        const { columns } = map(cells, '');
        return {
          missing: [],
          idIndex: columns.find((c) => c.spec.name === ID_COLUMN[source])?.index,
          dateIndex: columns.find((c) => c.spec.name === DATE_COLUMN[source])?.index,
        };
      } catch (err) {
        const missing = (err as GrayscopeError).details?.missing;
        // Any other refusal (two columns mapping to one) is a header row with a problem: loading reports it.
        return { missing: Array.isArray(missing) ? (missing as string[]) : [] };
      }
    },
    known(cell) {
      const key = headerKey(cell);
      return key !== '' && (keys.has(key) || keys.has(splitUnit(key)[0]));
    },
    refuse(cells, where) {
      try {
        map(cells, where);
      } catch (err) {
        return err as GrayscopeError;
      }
      return inputError(`${where}: no header row`, 'Name the header row with --header-row N.');
    },
  };
}

export interface FoundHeader {
  /** Column names: the child row's, or the parent's where the child cell is empty. */
  headers: string[];
  /** Physical line(s) of the header: one, or two for a merged two-row header. */
  lines: number[];
  /** Index in `rows` of the first row after the header. */
  next: number;
}

const text = (v: string | null | undefined) => (v ?? '').trim();
const nonEmpty = (row: RawRow) => row.cells.filter((c) => text(c) !== '');

/**
 * The upper row of a merged two-row header: several short labels (序号, 客户信息, 投诉信息), no
 * "label：value" text as title blocks have (填报单位：…, 单位：元) and no single merged title.
 */
function parentLike(row: RawRow): boolean {
  const cells = nonEmpty(row);
  return cells.length >= 2 && cells.every((c) => !/[:：]/.test(c!) && text(c).length <= 30);
}

function combine(parent: RawRow, child: RawRow): string[] {
  const width = Math.max(parent.cells.length, child.cells.length);
  return Array.from({ length: width }, (_, i) => text(child.cells[i]) || text(parent.cells[i]));
}

const single = (row: RawRow) => row.cells.map(text);

/**
 * A header starting at rows[i]: the row alone, or merged with the next row when that is the lower
 * half of a two-row header. A lower row holds header names (at least one the contract knows) and,
 * when the upper row alone already names the required columns, nothing under the id and date columns.
 */
function headerAt(rows: readonly RawRow[], i: number, matcher: HeaderMatcher): FoundHeader | undefined {
  const row = rows[i]!;
  const next = rows[i + 1];
  const adjacent = next !== undefined && next.line === row.line + 1;
  const alone = matcher.match(single(row));
  if (alone.missing.length === 0) {
    if (adjacent) {
      const names = nonEmpty(next);
      const blankUnder = (k: number | undefined) => k === undefined || text(next.cells[k]) === '';
      if (names.some((c) => matcher.known(c!)) && blankUnder(alone.idIndex) && blankUnder(alone.dateIndex) && parentLike(row)) {
        return { headers: combine(row, next), lines: [row.line, next.line], next: i + 2 };
      }
    }
    return { headers: single(row), lines: [row.line], next: i + 1 };
  }
  if (adjacent && parentLike(row) && nonEmpty(next).some((c) => matcher.known(c!))) {
    const merged = combine(row, next);
    if (matcher.match(merged).missing.length === 0) return { headers: merged, lines: [row.line, next.line], next: i + 2 };
  }
  return undefined;
}

/**
 * Finds the header among the first HEADER_SEARCH_ROWS rows (or at `headerRow`, 1-based physical
 * line). `rows` are the non-empty rows from the top, one more than searched so a two-row header at
 * the limit is seen whole. `where` names the file (and sheet) in messages. Throws exit 3 when no row
 * is a header (today's missing-column message for the closest row), exit 2 for a --header-row
 * beyond the rows.
 */
export function findHeader(rows: readonly RawRow[], matcher: HeaderMatcher, where: string, headerRow?: number, complete = false): FoundHeader {
  if (headerRow !== undefined) {
    const i = rows.findIndex((r) => r.line === headerRow);
    if (i < 0) {
      const last = rows[rows.length - 1]?.line;
      if (complete && (last === undefined || headerRow > last)) {
        throw usageError(`${where}: --header-row ${headerRow} is beyond the last row (${last === undefined ? 'the file is empty' : `row ${last}`})`, 'Name the row that holds the column names, counting from 1 at the top of the file or sheet.');
      }
      throw inputError(`${where}: row ${headerRow} is empty, not a header row`, 'Name the row that holds the column names with --header-row, or leave it out to find the header automatically.');
    }
    const found = headerAt(rows, i, matcher);
    if (found) return found;
    throw matcher.refuse(single(rows[i]!), `${where}: row ${headerRow} (--header-row) is not a header row`);
  }
  const searched = rows.slice(0, HEADER_SEARCH_ROWS);
  for (let i = 0; i < searched.length; i++) {
    const found = headerAt(rows, i, matcher);
    if (found) return found;
  }
  if (searched.length === 0) throw inputError(`${where}: no header row or keys found: the file has no data`, 'Check that you named the right file or sheet.');
  // The row that comes closest gets today's message; when it is not the first row, the message says which rows were searched.
  let best = 0;
  let fewest = Infinity;
  searched.forEach((r, i) => {
    const n = matcher.match(single(r)).missing.length;
    if (n < fewest) {
      fewest = n;
      best = i;
    }
  });
  const closest = searched[best]!;
  const label = best === 0 ? where : `${where}: no header row in rows ${searched[0]!.line}–${searched[searched.length - 1]!.line}; row ${closest.line} comes closest`;
  throw matcher.refuse(single(closest), label);
}

/** The quarantine reason of a footer row. */
export const FOOTER_REASON = 'footer: a total, note or signature row below the table (合计, 注：, 制表人 …), not a record';

/** Labels that open a footer row's first non-empty cell: totals, notes, signatures. */
export const FOOTER_LABEL =
  '^(合\\s*计|总\\s*计|小\\s*计|共\\s*计|(注|说\\s*明|备\\s*注|附\\s*注|数据来源|统计口径)\\s*[0-9一二三四五六七八九十]*\\s*[:：]|(制表人|填表人|填报人|审核人|复核人|负责人|经办人|制表日期|填表日期|填报日期|报送日期|制表时间)|(total|subtotal|grand total)\\b|(note|notes|prepared by|reviewed by|approved by)\\s*:)';

export const FOOTER_RE = new RegExp(FOOTER_LABEL, 'i');

/**
 * A footer row: its first non-empty cell opens with a footer label, and it is not a record (a row
 * with both an id and a date is a record whatever its first cell says, e.g. a narrative 注：…,
 * unless the label is itself in the id column).
 */
export function isFooterRow(cells: ReadonlyArray<string | null>, idIndex: number | undefined, dateIndex: number | undefined): boolean {
  const first = cells.find((c) => text(c) !== '');
  if (first === undefined || !FOOTER_RE.test(text(first))) return false;
  const has = (k: number | undefined) => k !== undefined && text(cells[k]) !== '';
  // A label in the id column (合计 | 3 | …) is no id.
  return !(has(idIndex) && has(dateIndex) && text(cells[idIndex!]) !== text(first));
}

/** --header-row as given: a whole number from 1. */
export function checkHeaderRow(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw usageError(`--header-row must be a row number from 1, got ${value}`, 'Count rows from 1 at the top of the file or sheet, e.g. --header-row 4.');
  }
  return value;
}
