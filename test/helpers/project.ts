// Test helpers: a fresh project folder per test and read access to its database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Db } from '../../src/core/ports/db.js';
import { openDatabase } from '../../src/adapters/duckdb.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MESSY = join(ROOT, 'fixtures', 'messy');

export function tempProject(prefix = 'gs-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function withDb<T>(path: string, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase(path, { readOnly: true });
  try {
    return await work(db);
  } finally {
    db.close();
  }
}
