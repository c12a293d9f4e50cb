// A database written before sql/macros.sql existed has grayscope's tables but not gs_period, and a
// read-only open cannot add it to the database: status gets a temporary copy on its connection.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { projectIO } from '../../src/adapters/project-io.js';
import { statusProject } from '../../src/core/inspect.js';
import { resolveProject } from '../../src/core/project.js';
import { sqlFile, statements } from '../../src/core/sql-files.js';
import { complaintsSql } from '../helpers/model-project.js';
import { tempProject, withDb } from '../helpers/project.js';

describe('status on a database made before the gs_period macro', () => {
  let project: ReturnType<typeof tempProject>;
  beforeEach(async () => {
    project = tempProject('gs-old-db-');
    const db = await openDatabase(join(project.dir, 'grayscope.duckdb'));
    try {
      for (const statement of statements(sqlFile('schema.sql'))) await db.run(statement);
      await db.run(complaintsSql([['C1', '2024-11-02', 'debt_evasion', 100], ['C2', '2025-01-15', 'credit_repair', 250.5]]));
    } finally {
      db.close();
    }
  });
  afterEach(() => project.cleanup());

  it('lists the periods read-only, and leaves the database without the macro', async () => {
    const status = await statusProject(await resolveProject({ project: project.dir }, project.dir, projectIO), projectIO);
    expect(status.sources.find((s) => s.source === 'complaints')?.periods).toEqual([
      { period: '2024Q4', rows: 1 },
      { period: '2025Q1', rows: 1 },
    ]);
    const macros = await withDb(join(project.dir, 'grayscope.duckdb'), (db) => db.scalar<number>(`SELECT count(*) FROM duckdb_functions() WHERE function_name = 'gs_period'`));
    expect(Number(macros)).toBe(0);
  });
});
