// Whether the loaded tables agree with the books that describe them (load_ledger, loads, quarantine):
// the check the kill tests run after every kill, and what a torn load would break. Read-only.
import type { Db } from '../ports/db.js';
import { quoteIdent as q } from '../ports/db.js';

const SOURCES = ['complaints', 'incidents', 'enforcement'] as const;

/**
 * Every disagreement between the source tables, the quarantine and the ledger, as sentences (empty
 * when they agree): rows whose load has no `loads` row or no ledger row, and per load a row count
 * (loaded or quarantined) that differs from what its ledger rows say.
 */
export async function ledgerMismatches(db: Db): Promise<string[]> {
  const tables = new Set(
    (await db.all<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary`)).map((r) => r.name),
  );
  if (!tables.has('loads') || !tables.has('load_ledger')) return [];
  const problems: string[] = [];
  const ledger = await db.all<{ source: string; load_id: number; loaded: number; rejected: number }>(
    `SELECT source, load_id, sum(rows_loaded) AS loaded, sum(rows_rejected) AS rejected FROM load_ledger GROUP BY ALL ORDER BY ALL`,
  );
  const loads = new Set((await db.all<{ load_id: number }>(`SELECT load_id FROM loads`)).map((r) => Number(r.load_id)));
  const key = (source: string, id: number) => `${source}\u0000${id}`;
  const expected = new Map(ledger.map((l) => [key(l.source, Number(l.load_id)), l]));
  // Rows a later --upsert replaced left the table for record_history: the ledger still counts them.
  if (tables.has('record_history')) {
    for (const r of await db.all<{ source: string; load_id: number; n: number }>(`SELECT source, load_id, count(*) AS n FROM record_history GROUP BY ALL`)) {
      const e = expected.get(key(r.source, Number(r.load_id)));
      if (e) e.loaded = Number(e.loaded) - Number(r.n);
    }
  }
  for (const l of ledger) if (!loads.has(Number(l.load_id))) problems.push(`load_ledger has rows of load ${l.load_id} (${l.source}) but loads has no such load`);
  const counted = new Set<string>();
  const compare = (source: string, id: number, n: number, what: 'loaded' | 'rejected') => {
    counted.add(`${key(source, id)}\u0000${what}`);
    if (!loads.has(id)) problems.push(`${what === 'loaded' ? source : 'quarantine'} holds ${n} rows of load ${id}, which has no loads row`);
    const e = expected.get(key(source, id));
    if (!e) problems.push(`${what === 'loaded' ? source : 'quarantine'} holds ${n} ${what} rows of load ${id} (${source}), which has no ledger row`);
    else if (Number(e[what]) !== n) problems.push(`load ${id} (${source}): the ledger says ${e[what]} rows ${what}, the ${what === 'loaded' ? `table ${source}` : 'quarantine'} holds ${n}`);
  };
  for (const source of SOURCES) {
    if (!tables.has(source)) continue;
    for (const r of await db.all<{ load_id: number; n: number }>(`SELECT load_id, count(*) AS n FROM ${q(source)} GROUP BY ALL ORDER BY ALL`)) {
      compare(source, Number(r.load_id), Number(r.n), 'loaded');
    }
  }
  if (tables.has('quarantine')) {
    for (const r of await db.all<{ source: string; load_id: number; n: number }>(`SELECT source, load_id, count(*) AS n FROM quarantine GROUP BY ALL ORDER BY ALL`)) {
      compare(r.source, Number(r.load_id), Number(r.n), 'rejected');
    }
  }
  // A ledger row that promises rows the tables do not hold.
  for (const l of ledger) {
    for (const what of ['loaded', 'rejected'] as const) {
      if (Number(l[what]) > 0 && !counted.has(`${key(l.source, Number(l.load_id))}\u0000${what}`)) {
        problems.push(`load ${l.load_id} (${l.source}): the ledger says ${l[what]} rows ${what}, the ${what === 'loaded' ? `table ${l.source}` : 'quarantine'} holds none`);
      }
    }
  }
  return problems;
}
