// grayscope's own tables and macros in a project database (sql/schema.sql, sql/macros.sql): applied
// at every write open by every command that writes, so none of them borrows it from another domain.
import type { Db } from '../ports/db.js';
import { sqlFile, statements } from '../sql-files.js';

/** Creates grayscope's tables and macros where missing (every statement is idempotent). */
export async function applySchema(db: Db): Promise<void> {
  for (const statement of statements(sqlFile('schema.sql'))) await db.run(statement);
  for (const statement of statements(sqlFile('macros.sql'))) await db.run(statement);
}

/**
 * The macros on a read-only connection: a database written before a macro existed lacks it, and a
 * read-only database cannot gain it, so the connection gets a temporary copy.
 */
export async function applyReadMacros(db: Db): Promise<void> {
  for (const statement of statements(sqlFile('macros.sql'))) {
    const temporary = statement.replace(/^CREATE\s+(?:OR\s+REPLACE\s+)?MACRO\b/i, 'CREATE OR REPLACE TEMP MACRO');
    if (temporary === statement) throw new Error(`sql/macros.sql: not a CREATE MACRO statement: ${statement.slice(0, 60)}`);
    await db.run(temporary);
  }
}

/** grayscope's own tables and views, which a model must never replace (read from sql/schema.sql). */
export function reservedTables(): Set<string> {
  const names = [...sqlFile('schema.sql').matchAll(/CREATE (?:TABLE IF NOT EXISTS|OR REPLACE VIEW) (\w+)/g)].map((m) => m[1]!);
  return new Set(names);
}
