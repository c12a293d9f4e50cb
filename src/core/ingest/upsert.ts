// `load --upsert` and `unload`: the rows of a corrected re-export replace the earlier version of
// every id they repeat, whatever file it came from, and that earlier version is kept in
// record_history (as a JSON object of its columns) so that unloading the correction puts it back.
import type { Db } from '../ports/db.js';
import { quoteIdent as q, quoteLiteral as lit } from '../ports/db.js';
import type { Source } from '../config.js';
import { ID_COLUMN } from '../contract.js';

/** Lineage columns: where a row came from, not what it says; a replaced row "changed" only if something else differs. */
const LINEAGE = ['source_file', 'source_line', 'load_id'];

/** What an upsert did to one file's good rows. */
export interface UpsertCounts {
  /** Ids not in the table before: appended. */
  rows_new: number;
  /** Ids already in the table: the earlier version replaced and kept in record_history. */
  rows_replaced: number;
  /** Of the replaced rows, those whose values differ from the earlier version (lineage aside). */
  rows_changed: number;
}

/**
 * Inside the load's data transaction, before the file's good rows (table `good`) are appended: copies
 * the rows they replace into record_history. They leave the source table when the load finishes
 * (commit.ts finishLoad), so a load killed before that leaves them in place. Returns how many.
 */
export async function archiveReplaced(db: Db, source: Source, good: string, loadId: number): Promise<number> {
  const id = q(ID_COLUMN[source]);
  const replaced = Number(await db.scalar(`SELECT count(*) FROM ${q(source)} t SEMI JOIN ${q(good)} g ON g.${id} = t.${id} WHERE t.load_id <> ?`, [loadId]));
  if (replaced === 0) return 0;
  await db.run(
    `INSERT INTO record_history
     SELECT $source, t.${id}, to_json(t), t.source_file, t.load_id, $load_id, now()::TIMESTAMP
     FROM ${q(source)} t SEMI JOIN ${q(good)} g ON g.${id} = t.${id} WHERE t.load_id <> $load_id`,
    { source, load_id: loadId },
  );
  return replaced;
}

/** After the rows are appended: the counts of one file, comparing each replacing row with the version it replaced. */
export async function upsertCounts(db: Db, source: Source, file: string, loadId: number, loaded: number): Promise<UpsertCounts> {
  const id = q(ID_COLUMN[source]);
  const strip = lit(JSON.stringify(Object.fromEntries(LINEAGE.map((c) => [c, null]))));
  const [row] = await db.all<{ replaced: number; changed: number }>(
    `SELECT count(*) AS replaced,
       count(*) FILTER (WHERE CAST(json_merge_patch(to_json(t), ${strip}) AS VARCHAR) IS DISTINCT FROM CAST(json_merge_patch(h.record, ${strip}) AS VARCHAR)) AS changed
     FROM ${q(source)} t JOIN record_history h ON h.source = $source AND h.replaced_by_load = $load_id AND h.record_id = t.${id}
     WHERE t.load_id = $load_id AND t.source_file = $file`,
    { source, load_id: loadId, file },
  );
  const replaced = Number(row?.replaced ?? 0);
  return { rows_new: loaded - replaced, rows_replaced: replaced, rows_changed: Number(row?.changed ?? 0) };
}

/** Loads whose upsert replaced rows of this file entry: while they stand, the entry cannot be unloaded or replaced. */
export async function supersedingLoads(db: Db, source: Source, file: string, loadId: number | null): Promise<number[]> {
  const rows = await db.all<{ load: number }>(
    `SELECT DISTINCT replaced_by_load AS load FROM record_history WHERE source = ? AND source_file = ? AND (? IS NULL OR load_id = ?) ORDER BY 1`,
    [source, file, loadId, loadId],
  );
  return rows.map((r) => Number(r.load));
}

/**
 * Inside the unload's transaction: removes the rows one file entry brought, and puts back the earlier
 * versions its upsert replaced (their own file, line and load id). Returns [removed, restored].
 */
export async function removeAndRestore(db: Db, source: Source, file: string, loadId: number): Promise<[number, number]> {
  const id = q(ID_COLUMN[source]);
  await db.run(`CREATE OR REPLACE TEMP TABLE gs_unload_ids AS SELECT ${id} AS id FROM ${q(source)} WHERE load_id = ? AND source_file = ?`, [loadId, file]);
  const removed = Number(await db.scalar(`SELECT count(*) FROM gs_unload_ids`));
  await db.run(`DELETE FROM ${q(source)} WHERE load_id = ? AND source_file = ?`, [loadId, file]);
  const columns = await db.all<{ name: string; type: string }>(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = ? AND table_schema = 'main' ORDER BY ordinal_position`,
    [source],
  );
  // The table's columns today, read from each kept JSON object: a column added since is NULL.
  const values = columns.map((c) => `CAST(h.record->>${lit(c.name)} AS ${c.type})`);
  const kept = `source = $source AND replaced_by_load = $load_id AND record_id IN (SELECT id FROM gs_unload_ids)`;
  const params = { source, load_id: loadId };
  const restored = Number(await db.scalar(`SELECT count(*) FROM record_history WHERE ${kept}`, params));
  if (restored > 0) {
    await db.run(`INSERT INTO ${q(source)} (${columns.map((c) => q(c.name)).join(', ')}) SELECT ${values.join(', ')} FROM record_history h WHERE ${kept}`, params);
    await db.run(`DELETE FROM record_history WHERE ${kept}`, params);
  }
  await db.run(`DROP TABLE gs_unload_ids`);
  return [removed, restored];
}
