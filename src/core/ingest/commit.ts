// How a load commits so that no kill can tear it: three transactions, the first and last small.
//   1. begin:  the `loads` row with status 'started' (and a newly made salt), committed alone, before
//              any row is written: from then on every row the load writes carries a load id the
//              database knows to be unfinished.
//   2. data:   only appends: the rows, their quarantine and ledger rows, and for --upsert the copies
//              of the rows they replace (record_history). Nothing earlier is deleted here.
//   3. finish: the deletions (the earlier version of a --replace'd path, the rows an --upsert
//              replaced) and the flip to 'committed', in one ordinary transaction with no bulk append.
// DuckDB can replay a commit killed half-way partly: a big append written optimistically to the
// database file survives while the small inserts of the same transaction do not (duckdb/duckdb#25931).
// Whatever part of step 2 survives, its load is still 'started', and opening the database removes it
// (core/db/recover.ts); the earlier rows are untouched until step 3, so removing it restores the
// database as it was before the load.
import type { Db } from '../ports/db.js';
import { quoteIdent as q } from '../ports/db.js';
import type { Source } from '../config.js';
import { ID_COLUMN } from '../contract.js';
import { removeUnfinishedLoads } from '../db/recover.js';

export interface LoadRecord {
  loadId: number;
  source: Source;
  version: string;
  options: string;
  /** grayscope_meta rows to keep with it (a salt made for this first load). */
  meta: ReadonlyArray<readonly [string, string]>;
}

/** Step 1: the load's row, status 'started', committed before any data. */
export async function beginLoad(db: Db, load: LoadRecord): Promise<void> {
  await db.transaction(async () => {
    await db.run(`INSERT INTO loads (load_id, source, started_at, finished_at, tool_version, options, status) VALUES (?, ?, now()::TIMESTAMP, NULL, ?, ?, 'started')`, [
      load.loadId,
      load.source,
      load.version,
      load.options,
    ]);
    for (const [key, value] of load.meta) await db.run(`INSERT INTO grayscope_meta VALUES (?, ?)`, [key, value]);
  });
}

/**
 * Step 3: drop what the load supersedes (rows, quarantine and ledger entries of the earlier version of
 * each replaced path; with --upsert, the earlier rows of every id it brought) and mark it committed.
 */
export async function finishLoad(db: Db, source: Source, loadId: number, work: { replacedPaths: readonly string[]; upsert: boolean }): Promise<void> {
  await db.transaction(async () => {
    for (const path of work.replacedPaths) {
      await db.run(`DELETE FROM ${q(source)} WHERE source_file = ? AND load_id <> ?`, [path, loadId]);
      await db.run(`DELETE FROM quarantine WHERE source = ? AND file = ? AND load_id <> ?`, [source, path, loadId]);
      await db.run(`DELETE FROM load_ledger WHERE source = ? AND path = ? AND load_id <> ?`, [source, path, loadId]);
    }
    if (work.upsert) {
      const id = q(ID_COLUMN[source]);
      await db.run(`DELETE FROM ${q(source)} WHERE load_id <> $load_id AND ${id} IN (SELECT ${id} FROM ${q(source)} WHERE load_id = $load_id)`, { load_id: loadId });
    }
    await db.run(`UPDATE loads SET status = 'committed', finished_at = now()::TIMESTAMP WHERE load_id = ?`, [loadId]);
  });
}

/** A load that failed (not killed) after step 1: its row goes at once rather than at the next open. */
export async function abandonLoad(db: Db): Promise<void> {
  await removeUnfinishedLoads(db);
}
