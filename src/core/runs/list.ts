// `grayscope runs` and the look-ups `runs diff` and `estimate --rerun` share: the run history from
// the `runs` table, newest first, each run with its parameters (from its manifest) and a headline
// (for an estimate: the scale of its latest period with the interval); an unknown run id is a usage
// error that lists the recent ones.
import { usageError } from '../errors.js';
import { withReadOnlyDb } from '../inspect.js';
import type { Db } from '../ports/db.js';
import type { ProjectIO } from '../ports/project-io.js';
import type { Project } from '../project.js';
import { readRunManifest } from './record.js';

export interface EstimateHeadlineRow {
  period: string;
  segment: 'all';
  method: string;
  scale_cny: number | null;
  ci: [number, number] | null;
}

export interface RunEntry {
  run_id: string;
  command: string;
  status: string;
  started_at: string;
  finished_at: string;
  period: string | null;
  /** `estimate --rerun`: the run it recomputed. */
  rerun_of: string | null;
  /** The manifest's parameters (null when runs/<run_id>/ is gone). */
  parameters: unknown;
  /** The run's counts (models built, tests passed, estimate rows). */
  summary: unknown;
  /** An estimate's scale for its latest period, segment all (MSE when it ran, else the multiplier). */
  headline: EstimateHeadlineRow | null;
}

export interface RunsResult {
  runs: RunEntry[];
}

const text = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));

/** The runs table's columns (rerun_of is missing from a database no write has opened since it was added). */
async function hasRerunColumn(db: Db): Promise<boolean> {
  return Number(await db.scalar(`SELECT count(*) FROM duckdb_columns() WHERE table_name = 'runs' AND column_name = 'rerun_of'`)) > 0;
}

async function hasRunsTable(db: Db): Promise<boolean> {
  return Number(await db.scalar(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'runs' AND NOT temporary`)) > 0;
}

/** The `all` scale of an estimate run's latest period (MSE first). */
export async function estimateRunHeadline(db: Db, runId: string): Promise<EstimateHeadlineRow | null> {
  const [row] = await db.all<{ period: string; method: string; scale: number | null; lo: number | null; hi: number | null }>(
    `SELECT period, method, scale_cny AS scale, scale_ci_low AS lo, scale_ci_high AS hi FROM estimates
     WHERE run_id = ? AND segment = 'all' ORDER BY period DESC, method = 'mse' DESC, method LIMIT 1`,
    [runId],
  );
  if (!row) return null;
  return { period: row.period, segment: 'all', method: row.method, scale_cny: row.scale, ci: row.lo === null || row.hi === null ? null : [row.lo, row.hi] };
}

async function readRuns(db: Db, limit: number | null, ids?: readonly string[]): Promise<Array<Omit<RunEntry, 'parameters' | 'headline'>>> {
  if (!(await hasRunsTable(db))) return [];
  const rerun = (await hasRerunColumn(db)) ? 'rerun_of' : 'NULL';
  const where = ids ? `WHERE run_id IN (${ids.map(() => '?').join(', ') || 'NULL'})` : '';
  const rows = await db.all<Record<string, unknown>>(
    `SELECT run_id, command, status, CAST(started_at AS VARCHAR) AS started_at, CAST(finished_at AS VARCHAR) AS finished_at, period,
            ${rerun} AS rerun_of, CAST(summary AS VARCHAR) AS summary
     FROM runs ${where} ORDER BY run_id DESC ${limit === null ? '' : `LIMIT ${Math.max(0, Math.floor(limit))}`}`,
    [...(ids ?? [])],
  );
  return rows.map((r) => ({
    run_id: String(r.run_id),
    command: String(r.command),
    status: String(r.status),
    started_at: text(r.started_at) ?? '',
    finished_at: text(r.finished_at) ?? '',
    period: text(r.period),
    rerun_of: text(r.rerun_of),
    summary: r.summary === null || r.summary === undefined ? null : JSON.parse(String(r.summary)),
  }));
}

async function withDetails(db: Db, io: ProjectIO, projectDir: string, rows: Awaited<ReturnType<typeof readRuns>>): Promise<RunEntry[]> {
  const out: RunEntry[] = [];
  for (const r of rows) {
    const manifest = await readRunManifest(io, projectDir, r.run_id);
    out.push({ ...r, parameters: manifest?.parameters ?? null, headline: r.command === 'estimate' ? await estimateRunHeadline(db, r.run_id) : null });
  }
  return out;
}

/** `grayscope runs`: the last `limit` runs (default 20), newest first. */
export async function listRuns(project: Project, io: ProjectIO, options: { limit?: number; waitSeconds?: number } = {}): Promise<RunsResult> {
  const limit = options.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1) throw usageError(`--limit ${limit}: must be a whole number ≥ 1`, 'For example --limit 50.');
  return withReadOnlyDb(project, io, options.waitSeconds, async (db) => ({ runs: db ? await withDetails(db, io, project.dir, await readRuns(db, limit)) : [] }));
}

/** The runs named, in the order named; a usage error naming the unknown ones and the recent runs when one is not in the history. */
export async function findRuns(db: Db | undefined, io: ProjectIO, projectDir: string, ids: readonly string[]): Promise<RunEntry[]> {
  const found = db ? await withDetails(db, io, projectDir, await readRuns(db, null, ids)) : [];
  const unknown = ids.filter((id) => !found.some((r) => r.run_id === id));
  if (unknown.length) {
    const recent = db ? (await readRuns(db, 5)).map((r) => `${r.run_id} (${r.command})`) : [];
    throw usageError(
      `no run ${unknown.join(', ')} in the run history of this project`,
      recent.length ? `Recent runs: ${recent.join(', ')}. grayscope runs lists them all.` : 'This project has no runs yet: grayscope run or grayscope estimate makes one.',
    );
  }
  return ids.map((id) => found.find((r) => r.run_id === id)!);
}
