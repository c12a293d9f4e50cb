// Reads a capture-history table for MSE: one 0/1 column per list (the column names are the list
// names) and a `count` column; one row per history, histories not present count as zero. Every
// refusal names file:line:column and exits 3.
import { parse } from 'csv-parse/sync';
import { inputError } from '../errors.js';

export interface CaptureTable {
  lists: string[];
  /** counts[mask] = cases with that capture history (bit j = seen by list j); counts[0] = 0. */
  counts: Float64Array;
}

/** More lists than this make 2^k cells and the model space impractical. */
export const MAX_LISTS = 16;
/** Names of the count column, most specific first: a list may well be called N (lists A to P). */
const COUNT_NAMES = ['count', 'frequency', 'freq', 'n'];

export function parseCaptureHistories(text: string, file: string): CaptureTable {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw inputError(`${file}${line ? `:${line}` : ''}: not a readable CSV file: ${(err as Error).message.split('\n')[0]}`, 'Save the table as comma-separated values with a header row.');
  }
  const header = records[0];
  if (!header) throw inputError(`${file}: the file is empty.`, 'Write a header row (one column per list, and count), then one row per capture history.');
  const names = header.record;
  const lowered = names.map((h) => h.toLowerCase());
  const countIdx = COUNT_NAMES.map((name) => lowered.indexOf(name)).find((i) => i >= 0) ?? -1;
  if (countIdx < 0) {
    throw inputError(`${file}:${header.info.lines}: no count column (header: ${names.join(', ')}).`, 'Add a column named count with the number of cases for each capture history.');
  }
  const listIdx = names.map((_, i) => i).filter((i) => i !== countIdx);
  const lists = listIdx.map((i) => names[i]!);
  const blank = listIdx.find((i) => names[i] === '');
  if (blank !== undefined) throw inputError(`${file}:${header.info.lines}:${blank + 1}: a list column has no name.`, 'Name every list column in the header row.');
  const dup = lists.find((name, i) => lists.indexOf(name) !== i);
  if (dup !== undefined) throw inputError(`${file}:${header.info.lines}: the list name "${dup}" appears twice in the header.`, 'Give every list column a distinct name.');
  if (lists.length < 2) {
    throw inputError(`${file}:${header.info.lines}: ${lists.length} list column${lists.length === 1 ? '' : 's'}; MSE needs at least 2.`, 'Add one 0/1 column per list (system) that could have seen a case.');
  }
  if (lists.length > MAX_LISTS) throw inputError(`${file}:${header.info.lines}: ${lists.length} lists; at most ${MAX_LISTS} are supported.`, 'Merge or drop lists.');
  const k = lists.length;
  const counts = new Float64Array(2 ** k);
  const seenAt = new Map<number, number>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    if (record.length !== names.length) {
      throw inputError(`${file}:${line}: ${record.length} fields where the header has ${names.length}.`, 'Give every row one value per header column.');
    }
    let mask = 0;
    listIdx.forEach((col, j) => {
      const v = record[col]!;
      if (v === '1') mask |= 1 << j;
      else if (v !== '0') {
        throw inputError(`${file}:${line}:${col + 1} (list "${lists[j]}"): "${v}" is not 0 or 1.`, 'Mark each list with 1 (seen) or 0 (not seen).');
      }
    });
    const raw = record[countIdx]!;
    const count = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(count)) {
      throw inputError(`${file}:${line}:${countIdx + 1} (count): "${raw}" is not a non-negative whole number.`, 'Counts are numbers of cases: 0, 1, 2, …');
    }
    if (mask === 0 && count > 0) {
      throw inputError(`${file}:${line}: the all-zero history (seen by no list) has count ${count}; it cannot be observed.`, 'Remove that row: estimating it is what MSE is for.');
    }
    const earlier = seenAt.get(mask);
    if (earlier !== undefined) {
      throw inputError(`${file}:${line}: the capture history ${listIdx.map((col) => record[col]).join('')} repeats line ${earlier}.`, 'Give each history once (sum the counts).');
    }
    seenAt.set(mask, line);
    counts[mask] = count;
  }
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let c = 1; c < counts.length; c++) if (c & (1 << j)) s += counts[c]!;
    if (s === 0) throw inputError(`${file}: the list "${lists[j]}" has no cases.`, 'Drop that column: a list that saw nobody carries no information.');
  }
  return { lists, counts };
}
