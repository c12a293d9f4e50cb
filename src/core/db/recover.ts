// Removes what a load that never finished left behind. A load records itself in `loads` with status
// 'started' in a transaction of its own before it writes any row, and flips to 'committed' only after
// its rows are in (src/core/ingest/commit.ts). A process killed in between can leave any part of its
// data transaction (DuckDB may replay a torn commit's big append without its small inserts:
// duckdb/duckdb#25931), so when the database is next opened every row of a 'started' load goes.
import type { Db } from '../ports/db.js';
import { quoteIdent as q } from '../ports/db.js';

const SOURCES = ['complaints', 'incidents', 'enforcement'] as const;

/** One unfinished load and what was removed of it. */
export interface RemovedLoad {
  load_id: number;
  source: string;
  /** Rows removed, by table (only tables that held some). */
  rows: Record<string, number>;
}

async function mainTables(db: Db): Promise<Set<string>> {
  const rows = await db.all<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary`);
  return new Set(rows.map((r) => r.name));
}

/** Loads recorded as started and never committed (none in a database written before the status column). */
export async function unfinishedLoads(db: Db): Promise<Array<{ load_id: number; source: string }>> {
  const hasStatus = Number(
    await db.scalar(`SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = 'loads' AND column_name = 'status'`),
  );
  if (hasStatus === 0) return [];
  const rows = await db.all<{ load_id: number; source: string }>(`SELECT load_id, source FROM loads WHERE status = 'started' ORDER BY load_id`);
  return rows.map((r) => ({ load_id: Number(r.load_id), source: r.source }));
}

/**
 * Deletes, in one transaction, every row the unfinished loads brought (source tables, quarantine,
 * ledger, the record_history copies an --upsert made) and their `loads` rows, so the database is as
 * it was before each of them. Idempotent: killed itself, it is simply done again at the next open.
 */
export async function removeUnfinishedLoads(db: Db): Promise<RemovedLoad[]> {
  const loads = await unfinishedLoads(db);
  if (loads.length === 0) return [];
  const tables = await mainTables(db);
  const removed: RemovedLoad[] = loads.map((l) => ({ ...l, rows: {} }));
  await db.transaction(async () => {
    for (const load of removed) {
      const targets: Array<[string, string]> = [
        ...SOURCES.filter((s) => tables.has(s)).map((s): [string, string] => [s, 'load_id']),
        ['quarantine', 'load_id'],
        ['load_ledger', 'load_id'],
        ...(tables.has('record_history') ? [['record_history', 'replaced_by_load'] as [string, string]] : []),
      ];
      for (const [table, column] of targets) {
        const n = Number(await db.scalar(`SELECT count(*) FROM ${q(table)} WHERE ${q(column)} = ?`, [load.load_id]));
        if (n === 0) continue;
        await db.run(`DELETE FROM ${q(table)} WHERE ${q(column)} = ?`, [load.load_id]);
        load.rows[table] = n;
      }
      await db.run(`DELETE FROM loads WHERE load_id = ?`, [load.load_id]);
    }
  });
  return removed;
}

/** What was removed, as the warning a command prints. */
export function describeRemoved(db: string, removed: readonly RemovedLoad[]): string {
  const parts = removed.map((r) => {
    const rows = Object.entries(r.rows).map(([t, n]) => `${n} from ${t}`);
    return `load ${r.load_id} (${r.source}): ${rows.length > 0 ? rows.join(', ') : 'no rows'}`;
  });
  return (
    `${db}: ${removed.length === 1 ? 'a load' : `${removed.length} loads`} did not finish (the process was stopped before it committed); ` +
    `what ${removed.length === 1 ? 'it' : 'they'} left was removed, so the database is as it was before: ${parts.join('; ')}. Load the file${removed.length === 1 ? '' : 's'} again.`
  );
}
