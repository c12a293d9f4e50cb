// Core runs through the project I/O port alone: a fake that keeps the project's files in memory
// (grayscope.yaml, queries/, runs/) and only the database in a temp folder runs init, the model
// engine, lineage, status and the run record without one file written to the project on disk.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { statusProject } from '../../src/core/inspect.js';
import { lineageProject, runProject, testProject } from '../../src/core/models/engine.js';
import type { ProjectIO } from '../../src/core/ports/project-io.js';
import { initProject, resolveProject } from '../../src/core/project.js';
import { SEED, seedDb } from '../helpers/model-project.js';
import { tempProject } from '../helpers/project.js';

/** Files in a Map keyed by absolute path; folders are implied by the files under them. */
function memoryIO(dbDir: string): ProjectIO & { files: Map<string, string> } {
  const files = new Map<string, string>();
  const dirs = new Set<string>();
  const isDir = (path: string) => dirs.has(path) || [...files.keys()].some((f) => f.startsWith(`${path}/`));
  return {
    files,
    // The database is the one thing that stays real: DuckDB in a temp folder, whatever path is asked for.
    openDatabase: (path, options) => openDatabase(path === ':memory:' ? path : join(dbDir, 'grayscope.duckdb'), options),
    exists: (path) => files.has(path) || isDir(path) || (path.endsWith('.duckdb') && existsSync(join(dbDir, 'grayscope.duckdb'))),
    isDirectory: isDir,
    async readText(path) {
      const text = files.get(path);
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    async readBytes(path) {
      return new TextEncoder().encode(await this.readText(path));
    },
    async writeText(path, text) {
      files.set(path, text);
      dirs.add(dirname(path));
    },
    async writeBytes(path, bytes) {
      files.set(path, new TextDecoder().decode(bytes));
      dirs.add(dirname(path));
    },
    async mkdir(path) {
      dirs.add(path);
    },
    async listFiles(path) {
      return [...files.keys()].filter((f) => dirname(f) === path).map((f) => f.slice(path.length + 1));
    },
  };
}

describe('core through an in-memory project I/O', () => {
  let db: ReturnType<typeof tempProject>;
  let io: ReturnType<typeof memoryIO>;
  const projectDir = '/in-memory/project';
  const shippedRoot = '/in-memory/shipped-queries';

  beforeEach(async () => {
    db = tempProject();
    io = memoryIO(db.dir);
    await seedDb(db.dir, SEED);
  });
  afterEach(() => db.cleanup());

  it('init writes grayscope.yaml and assumptions.yaml into the port, and the project resolves from them', async () => {
    const init = await initProject(projectDir, io);
    expect(init.created).toEqual(['grayscope.yaml', 'assumptions.yaml', 'data/']);
    expect(io.files.get(join(projectDir, 'grayscope.yaml'))).toMatch(/^salt: "[0-9a-f]{32}"$/m);
    const project = await resolveProject({ project: projectDir }, '/', io);
    expect(project.configPath).toBe(join(projectDir, 'grayscope.yaml'));
    expect(project.config.linkage).toEqual({ template_clusters: false, template_min_cluster: 5 });
    expect(existsSync(projectDir)).toBe(false);
  });

  it('run, test and lineage read the models from the port and write the run record back into it', async () => {
    io.files.set(join(shippedRoot, 'by_quarter.sql'), '-- materialized: table\n-- tests:\n--   - not_null: [period]\nSELECT gs_period(received_date) AS period, count(*) AS n FROM complaints GROUP BY 1 ORDER BY 1\n');
    io.files.set(join(projectDir, 'queries', 'top.sql'), 'SELECT max(n) AS n FROM by_quarter\n');
    const project = await resolveProject({ project: projectDir }, '/', io);
    const options = { shippedRoot, runIdSuffix: 'abcdef', now: () => new Date('2025-04-10T08:30:00.123Z') };

    const run = await runProject(project, io, options);
    expect(run.models.map((m) => [m.name, m.status, m.rows])).toEqual([
      ['by_quarter', 'success', 2],
      ['top', 'success', 1],
    ]);
    const manifest = JSON.parse(io.files.get(join(projectDir, 'runs', run.run_id, 'manifest.json'))!);
    expect(manifest).toMatchObject({ schema_version: 1, run_id: '20250410T083000123Z-abcdef', command: 'run', selection: { models: ['by_quarter', 'top'] } });
    expect(manifest.models.map((m: { file: string; origin: string }) => [m.file, m.origin])).toEqual([
      [join(shippedRoot, 'by_quarter.sql'), 'shipped'],
      ['queries/top.sql', 'project'],
    ]);
    const results = JSON.parse(io.files.get(join(projectDir, 'runs', run.run_id, 'run_results.json'))!);
    expect(results).toMatchObject({ schema_version: 1, command: 'run', status: 'success', summary: { success: 2, error: 0, skipped: 0 } });

    const tested = await testProject(project, io, { ...options, runIdSuffix: 'bcdefa' });
    expect(tested.tests).toEqual([expect.objectContaining({ model: 'by_quarter', status: 'pass' })]);
    expect(io.files.has(join(projectDir, 'runs', tested.run_id, 'run_results.json'))).toBe(true);

    const lineage = await lineageProject(project, io, options);
    expect(lineage.edges).toEqual([
      { from: 'by_quarter', to: 'top' },
      { from: 'complaints', to: 'by_quarter' },
    ]);

    const status = await statusProject(project, io);
    expect(status.sources.find((s) => s.source === 'complaints')?.periods).toEqual([
      { period: '2024Q4', rows: 1 },
      { period: '2025Q1', rows: 3 },
    ]);
    expect(status.runs.map((r) => r.command)).toEqual(['test', 'run']);
    // Nothing of the project reached the disk: only the database's temp folder holds files.
    expect(existsSync('/in-memory')).toBe(false);
    expect(readdirSync(db.dir).filter((f) => !f.startsWith('grayscope.duckdb'))).toEqual([]);
  });
});
