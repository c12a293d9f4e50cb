// What a run leaves behind so its numbers can be traced: runs/<run_id>/manifest.json (tool and
// DuckDB versions, parameters, the sha256 of every loaded input file and of every model file, the
// selection, start and end) and runs/<run_id>/run_results.json (what happened to each model and
// test), plus a row in the database's `runs` table for `status`.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../ports/db.js';
import { VERSION } from '../version.js';
import type { Dag } from './dag.js';
import type { TemplateClustersState } from './linkage.js';
import type { Parameters } from './params.js';

/** A sortable id: UTC timestamp to the millisecond, then a short random suffix (two runs in one ms differ). */
export function makeRunId(now: Date, suffix: string = randomBytes(3).toString('hex')): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${stamp}-${suffix}`;
}

export interface InputFile {
  source: string;
  path: string;
  sha256: string;
  rows_loaded: number;
}

export interface Manifest {
  run_id: string;
  command: 'run' | 'test';
  tool_version: string;
  duckdb_version: string;
  started_at: string;
  finished_at: string;
  parameters: Pick<Parameters, 'period' | 'linkage'>;
  parameter_origin: Parameters['origin'];
  /** With linkage.template_clusters on: the `grayscope templates` result the run linked with. */
  template_clusters: TemplateClustersState | null;
  selection: { specs: string[]; models: string[] };
  inputs: InputFile[];
  models: Array<{ name: string; file: string; origin: string; sha256: string; materialized: string; tags: string[]; upstream: string[]; sources: string[] }>;
}

export async function loadedInputs(db: Db): Promise<InputFile[]> {
  return db.all<InputFile>('SELECT source, path, sha256, rows_loaded FROM load_ledger ORDER BY source, path, loaded_at');
}

export async function duckdbVersion(db: Db): Promise<string> {
  return String((await db.scalar('SELECT version()')) ?? 'unknown');
}

export function describeModels(dag: Dag): Manifest['models'] {
  return [...dag.order].sort().map((name) => {
    const { model, upstream, sources } = dag.nodes.get(name)!;
    return { name, file: model.display, origin: model.origin, sha256: model.sha256, materialized: model.header.materialized, tags: model.header.tags, upstream, sources };
  });
}

export interface RunRecord {
  manifest: Manifest;
  status: 'success' | 'failed';
  results: Record<string, unknown>;
}

/** Writes runs/<run_id>/{manifest,run_results}.json under the project; returns the folder. */
export async function writeArtifacts(projectDir: string, record: RunRecord): Promise<string> {
  const dir = join(projectDir, 'runs', record.manifest.run_id);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(record.manifest, null, 2)}\n`, 'utf8');
  const results = { run_id: record.manifest.run_id, command: record.manifest.command, status: record.status, started_at: record.manifest.started_at, finished_at: record.manifest.finished_at, ...record.results };
  await writeFile(join(dir, 'run_results.json'), `${JSON.stringify(results, null, 2)}\n`, 'utf8');
  return dir;
}

/** A run's manifest.json, or null when runs/<run_id>/ is gone or unreadable. */
export async function readManifest(projectDir: string, runId: string): Promise<Partial<Manifest> | null> {
  try {
    return JSON.parse(await readFile(join(projectDir, 'runs', runId, 'manifest.json'), 'utf8')) as Partial<Manifest>;
  } catch {
    return null;
  }
}

export async function recordRun(db: Db, record: RunRecord): Promise<void> {
  const m = record.manifest;
  await db.run(
    `INSERT INTO runs (run_id, command, started_at, finished_at, status, tool_version, period, selection, summary)
     VALUES (?, ?, CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), ?, ?, ?, ?, ?)`,
    [m.run_id, m.command, m.started_at, m.finished_at, record.status, VERSION, m.parameters.period, JSON.stringify(m.selection), JSON.stringify(record.results.summary ?? null)],
  );
}

/** The period of the last `run` that finished, so `test` checks what was built. */
export async function lastRunPeriod(db: Db): Promise<string | null> {
  return (await db.scalar<string | null>(`SELECT period FROM runs WHERE command = 'run' ORDER BY run_id DESC LIMIT 1`)) ?? null;
}
