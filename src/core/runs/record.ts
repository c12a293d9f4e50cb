// One run record for every kind of run (models, tests, templates, estimate; charts, returns and the
// bulletin later): a row in the database's `runs` table and runs/<run_id>/ with manifest.json (what
// the result depended on) and run_results.json (what happened), each with a schema_version (as
// dbt's artifacts carry theirs) so a reader can tell which layout it holds.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Db } from '../ports/db.js';
import type { ProjectIO } from '../ports/project-io.js';
import { VERSION } from '../version.js';

/** Layout version of manifest.json and run_results.json; raise it when a field changes meaning or goes. */
export const RUN_SCHEMA_VERSION = 1;

export type RunCommand = 'run' | 'test' | 'templates' | 'estimate' | 'return' | 'bulletin';

/** A sortable id: UTC timestamp to the millisecond, then a short random suffix (two runs in one ms differ). */
export function makeRunId(now: Date, suffix: string = randomBytes(3).toString('hex')): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${stamp}-${suffix}`;
}

export interface RunStart {
  run_id: string;
  command: RunCommand;
  started_at: string;
}

export function startRun(command: RunCommand, now: Date, suffix?: string): RunStart {
  return { run_id: makeRunId(now, suffix), command, started_at: now.toISOString() };
}

export interface InputFile {
  source: string;
  path: string;
  sha256: string;
  rows_loaded: number;
}

/** Every loaded file (or one source's) with its sha256, from the ledger: what a result was computed from. */
export async function loadedInputs(db: Db, source?: string): Promise<InputFile[]> {
  return db.all<InputFile>(
    'SELECT source, path, sha256, rows_loaded FROM load_ledger WHERE CAST(? AS VARCHAR) IS NULL OR source = ? ORDER BY source, path, loaded_at',
    [source ?? null, source ?? null],
  );
}

export async function duckdbVersion(db: Db): Promise<string> {
  return String((await db.scalar('SELECT version()')) ?? 'unknown');
}

export interface RunRecord {
  start: RunStart;
  finished_at: string;
  status: 'success' | 'failed';
  /** The period the run covered (null: every loaded period), for the runs table. */
  period: string | null;
  /** What the run chose to do (models selected, methods, parameters), for the runs table. */
  selection: unknown;
  /** A few counts for the runs table. */
  summary: unknown;
  /** The command's own manifest fields: parameters, inputs, models … */
  manifest: Record<string, unknown>;
  /** The command's own results. */
  results: Record<string, unknown>;
  /** `estimate --rerun`: the run recomputed. */
  rerunOf?: string;
  /** Copies of what reproduces the run, by path inside runs/<run_id>/ (assumptions, grayscope.yaml, models/*.sql). */
  files?: Record<string, string>;
}

/**
 * Writes the `runs` row, then runs/<run_id>/manifest.json and run_results.json; returns the folder.
 * A caller that replaces result tables calls it inside that transaction, so the row commits with them.
 */
export async function writeRunRecord(db: Db, io: ProjectIO, projectDir: string, record: RunRecord): Promise<string> {
  const { start } = record;
  const head = { schema_version: RUN_SCHEMA_VERSION, run_id: start.run_id, command: start.command };
  const manifest = { ...head, tool_version: VERSION, duckdb_version: await duckdbVersion(db), started_at: start.started_at, finished_at: record.finished_at, ...record.manifest };
  const results = { ...head, status: record.status, started_at: start.started_at, finished_at: record.finished_at, ...record.results };
  await db.run(
    `INSERT INTO runs (run_id, command, started_at, finished_at, status, tool_version, period, selection, summary, rerun_of)
     VALUES (?, ?, CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), ?, ?, ?, ?, ?, ?)`,
    [start.run_id, start.command, start.started_at, record.finished_at, record.status, VERSION, record.period, JSON.stringify(record.selection ?? null), JSON.stringify(record.summary ?? null), record.rerunOf ?? null],
  );
  const dir = runDir(projectDir, start.run_id);
  for (const [path, text] of Object.entries(record.files ?? {})) await io.writeText(join(dir, path), text);
  await io.writeText(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await io.writeText(join(dir, 'run_results.json'), `${JSON.stringify(results, null, 2)}\n`);
  return dir;
}

export function runDir(projectDir: string, runId: string): string {
  return join(projectDir, 'runs', runId);
}

/** A run's manifest.json, or null when runs/<run_id>/ is gone or unreadable. */
export async function readRunManifest(io: ProjectIO, projectDir: string, runId: string): Promise<Record<string, unknown> | null> {
  try {
    return JSON.parse(await io.readText(join(runDir(projectDir, runId), 'manifest.json'))) as Record<string, unknown>;
  } catch {
    return null;
  }
}
