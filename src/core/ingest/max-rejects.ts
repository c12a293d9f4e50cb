// `load --max-rejects N|P%`: a ceiling on quarantined rows. A file with more bad rows than the
// officer accepts is usually the wrong export (or the wrong column mapping), so over the ceiling
// nothing is loaded and the error names the commonest reasons, with counts, instead.
import type { Db } from '../ports/db.js';
import { quoteIdent as q } from '../ports/db.js';
import { inputError, usageError } from '../errors.js';

/** A count of rows, or a percentage of the rows read. */
export type MaxRejects = { kind: 'count'; value: number; text: string } | { kind: 'percent'; value: number; text: string };

/** Reads the flag: a whole number ≥ 0, or a percentage from 0% to 100% (decimals allowed). Anything else is a usage error. */
export function parseMaxRejects(raw: string): MaxRejects {
  const text = raw.normalize('NFKC').trim();
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (percent && Number(percent[1]) <= 100) return { kind: 'percent', value: Number(percent[1]), text };
  if (percent) throw usageError(`--max-rejects ${JSON.stringify(raw)}: a percentage of the rows read is at most 100%`, 'For example --max-rejects 5% (or a number of rows: --max-rejects 100).');
  if (/^\d+$/.test(text) && Number.isSafeInteger(Number(text))) return { kind: 'count', value: Number(text), text };
  throw usageError(
    `--max-rejects ${JSON.stringify(raw)}: not a number of rows or a percentage`,
    'Write a whole number of rows (--max-rejects 100, 0 for none) or a share of the rows read from 0% to 100% (--max-rejects 5%).',
  );
}

/** The ceiling in rows for a load that read `rowsRead` rows. */
export function rejectCeiling(max: MaxRejects, rowsRead: number): number {
  return max.kind === 'count' ? max.value : (max.value / 100) * rowsRead;
}

export interface StagedRejects {
  /** The temporary table of the file's quarantine rows. */
  quarantine: string;
  rows_read: number;
  rows_rejected: number;
}

const TOP = 5;

/**
 * Before the load's transaction: throws (exit 3, nothing loaded) when the files' quarantined rows
 * exceed the ceiling, naming the commonest reasons with their counts and a first file:line of each.
 * Reasons are grouped with the quoted values taken out (category "X" and category "Y" are one reason).
 */
export async function checkMaxRejects(db: Db, max: MaxRejects, files: readonly StagedRejects[]): Promise<void> {
  const read = files.reduce((s, f) => s + f.rows_read, 0);
  const rejected = files.reduce((s, f) => s + f.rows_rejected, 0);
  const ceiling = rejectCeiling(max, read);
  if (rejected <= ceiling || files.length === 0) return;
  const union = files.map((f) => `SELECT file, line, reason FROM ${q(f.quarantine)}`).join(' UNION ALL ');
  const top = await db.all<{ reason: string; n: number; file: string; line: number | null }>(
    `SELECT regexp_replace(reason, '"[^"]*"', '"…"', 'g') AS reason, count(*) AS n, first(file ORDER BY file, line) AS file, first(line ORDER BY file, line) AS line
     FROM (${union}) GROUP BY 1 ORDER BY n DESC, reason LIMIT ${TOP}`,
  );
  const share = read > 0 ? ((100 * rejected) / read).toFixed(1) : '0';
  const allowed = max.kind === 'count' ? `at most ${max.value} row${max.value === 1 ? '' : 's'}` : `at most ${max.value}% of the ${read} rows read`;
  const reasons = top.map((t) => `${Number(t.n)} × ${t.reason} (first at ${t.file}${t.line === null ? '' : `:${t.line}`})`);
  throw inputError(
    `${rejected} of ${read} rows (${share}%) would be quarantined, over --max-rejects ${max.text} (${allowed}); nothing was loaded. Commonest reasons:\n  ${reasons.join('\n  ')}`,
    'Check that this is the right file and that its columns map as intended (see the reasons above); fix the file, add aliases or a categories: map in grayscope.yaml, or raise --max-rejects.',
    {
      rows_read: read,
      rows_rejected: rejected,
      max_rejects: max.text,
      reasons: top.map((t) => ({ reason: t.reason, rows: Number(t.n), first: { file: t.file, line: t.line === null ? null : Number(t.line) } })),
    },
  );
}
