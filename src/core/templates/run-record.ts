// What a `grayscope templates` run leaves behind, as `run` and `estimate` do: runs/<run_id>/
// manifest.json (tool and DuckDB versions, parameters, the sha256 of every loaded complaints file,
// the result), run_results.json (the result, the comparison counts and where the time went), and
// a row in the database's `runs` table.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../ports/db.js';
import { duckdbVersion, loadedInputs, makeRunId } from '../models/artifacts.js';
import { VERSION } from '../version.js';
import type { TemplatesReport } from './detect.js';

export interface TemplatesRun {
  run_id: string;
  started_at: string;
}

export function newRun(now: Date, suffix?: string): TemplatesRun {
  return { run_id: makeRunId(now, suffix), started_at: now.toISOString() };
}

export interface TemplatesRunRecord {
  finishedAt: Date;
  /** Everything the clusters depend on besides the loaded complaints. */
  parameters: { period: string | null; threshold: number; shingle: number; min_cluster: number; hashes: number; bands: number; rows: number; recall_at_threshold: number; document_order: string };
  report: TemplatesReport;
  stats: Record<string, number>;
  /** How the work was done (none of it changes the clusters). */
  execution: { workers: number; batch_rows: number; batch_bytes: number; batches: number; seconds: Record<string, number> };
}

/**
 * Writes the `runs` row and runs/<run_id>/{manifest,run_results}.json; returns the folder. Called
 * inside the transaction that replaces the tables, so the row commits with them.
 */
export async function writeRun(db: Db, projectDir: string, run: TemplatesRun, record: TemplatesRunRecord): Promise<string> {
  const finished_at = record.finishedAt.toISOString();
  const { report } = record;
  const results = {
    complaints: report.complaints,
    templated: report.templated,
    share: report.share,
    clustered_complaints: Number(await db.scalar('SELECT count(*) FROM complaint_template_clusters')),
    clusters: Number(await db.scalar('SELECT count(DISTINCT cluster_id) FROM complaint_template_clusters')),
  };
  const manifest = {
    run_id: run.run_id,
    command: 'templates',
    tool_version: VERSION,
    duckdb_version: await duckdbVersion(db),
    started_at: run.started_at,
    finished_at,
    parameters: record.parameters,
    inputs: (await loadedInputs(db)).filter((f) => f.source === 'complaints'),
    outputs: ['complaint_template_clusters', 'complaint_template_shares'],
    results,
  };
  await db.run(
    `INSERT INTO runs (run_id, command, started_at, finished_at, status, tool_version, period, selection, summary)
     VALUES (?, 'templates', CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), 'success', ?, ?, ?, ?)`,
    [run.run_id, run.started_at, finished_at, VERSION, record.parameters.period, JSON.stringify(record.parameters), JSON.stringify(results)],
  );
  const dir = join(projectDir, 'runs', run.run_id);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const { min_cluster: _omit, ...result } = report;
  const runResults = { run_id: run.run_id, command: 'templates', status: 'success', started_at: run.started_at, finished_at, result, comparisons: record.stats, execution: record.execution };
  await writeFile(join(dir, 'run_results.json'), `${JSON.stringify(runResults, null, 2)}\n`, 'utf8');
  return dir;
}
