// Test helpers for the model engine, in the dbt style: a tiny project written from strings into a
// temp folder (grayscope.yaml, queries/*.sql, a few source rows), run in-process through the API.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { applySchema } from '../../src/core/db/schema.js';

/** Writes files given as { 'queries/a.sql': '…' } under `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    const abs = join(dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
}

/** Creates the project database with grayscope's schema and runs `sql` in it (source rows, extra tables). */
export async function seedDb(dir: string, sql = ''): Promise<void> {
  const db = await openDatabase(join(dir, 'grayscope.duckdb'));
  try {
    await applySchema(db);
    for (const statement of sql.split(/;\s*$/m).map((s) => s.trim()).filter(Boolean)) await db.run(statement);
  } finally {
    db.close();
  }
}

/** Complaint rows for seedDb: (id, date, category, amount). */
export function complaintsSql(rows: Array<[string, string, string, number | null]>): string {
  const values = rows
    .map(([id, date, category, amount], i) => `('${id}', DATE '${date}', '44', '${category}', ${amount ?? 'NULL'}, 'seed.csv', ${i + 2}, 0)`)
    .join(',\n');
  return `INSERT INTO complaints (complaint_id, received_date, region, category, amount_cny, source_file, source_line, load_id) VALUES\n${values};`;
}

/** Four complaints over two quarters, shared by the engine's functional tests. */
export const SEED = complaintsSql([
  ['C1', '2024-11-02', 'debt_evasion', 100],
  ['C2', '2025-01-15', 'credit_repair', 250.5],
  ['C3', '2025-02-20', 'debt_evasion', null],
  ['C4', '2025-03-31', 'illegal_agency', 80],
]);
