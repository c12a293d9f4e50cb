// The model engine end to end, for `run`, `test` and `lineage`: find the model files, open the
// database, parse and check the DAG (all before any SQL runs), resolve parameters, run in the
// sandbox, and leave the run's artifacts. The database is opened through an injected function so
// core never imports DuckDB itself.
import type { Db, OpenOptions } from '../ports/db.js';
import { applySchema } from '../ingest/load.js';
import { ensureProjectDirs, type Project } from '../project.js';
import { sqlFile } from '../sql-files.js';
import { describeModels, duckdbVersion, lastRunPeriod, loadedInputs, makeRunId, type Manifest, recordRun, writeArtifacts } from './artifacts.js';
import { buildDag, type Dag, parseSql, type ParsedSql } from './dag.js';
import { discoverModels, type ModelFile } from './discover.js';
import { lineageOf, type Lineage } from './lineage.js';
import { checkTemplateClusters, type TemplateClustersState } from './linkage.js';
import { type Parameters, parsePeriod, resolveParameters } from './params.js';
import { type ModelOutcome, type ModelResult, type RunHooks, runModels } from './run.js';
import { selectModels } from './select.js';
import { prepareSession } from './session.js';
import { runDataTests, type TestHooks, type TestOutcome, type TestResult, testResult } from './tests.js';

export interface EngineIO {
  openDatabase(path: string, options?: OpenOptions): Promise<Db>;
  /** Whether the project's database file exists (lineage does not create one). */
  exists(path: string): boolean;
}

export interface EngineOptions {
  select?: readonly string[];
  period?: string;
  /** The shipped queries/ folder (default: the package's). */
  shippedRoot?: string;
  waitSeconds?: number;
  /** Injected clock for run ids and manifests. */
  now?: () => Date;
  /** Injected monotonic seconds for timings. */
  seconds?: () => number;
  /** Random suffix of the run id (tests fix it). */
  runIdSuffix?: string;
}

export interface RunResult {
  run_id: string;
  models: ModelResult[];
}

export interface TestRunResult {
  run_id: string;
  tests: TestResult[];
}

/** grayscope's own tables, which a model must never replace (read from sql/schema.sql). */
export function reservedTables(): Set<string> {
  const names = [...sqlFile('schema.sql').matchAll(/CREATE TABLE IF NOT EXISTS (\w+)/g)].map((m) => m[1]!);
  return new Set([...names, 'complaint_template_clusters']);
}

async function existingRelations(db: Db): Promise<Set<string>> {
  const rows = await db.all<{ n: string }>(
    `SELECT lower(table_name) AS n FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary
     UNION SELECT lower(view_name) FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal AND NOT temporary`,
  );
  return new Set(rows.map((r) => r.n));
}

async function planDag(db: Db, models: readonly ModelFile[], checkMissing: boolean): Promise<Dag> {
  const parsed = new Map<string, ParsedSql>();
  for (const m of models) parsed.set(m.name, await parseSql(db, m.text));
  return buildDag(models, parsed, checkMissing ? await existingRelations(db) : null, reservedTables());
}

async function withProjectDb<T>(project: Project, io: EngineIO, options: EngineOptions, work: (db: Db, models: ModelFile[]) => Promise<T>): Promise<T> {
  // Model headers and file names are checked before the database is touched.
  const models = await discoverModels({ projectDir: project.dir, shippedRoot: options.shippedRoot });
  if (options.period !== undefined) parsePeriod(options.period);
  await ensureProjectDirs(project);
  const db = await io.openDatabase(project.dbPath, { waitSeconds: options.waitSeconds });
  try {
    await applySchema(db);
    return await work(db, models);
  } finally {
    db.close();
  }
}

interface Started {
  runId: string;
  startedAt: Date;
  parameters: Parameters;
  base: Omit<Manifest, 'finished_at'>;
}

async function start(
  db: Db,
  project: Project,
  dag: Dag,
  command: 'run' | 'test',
  selected: string[],
  options: EngineOptions,
  parameters: Parameters,
  templateClusters: TemplateClustersState | null = null,
): Promise<Started> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const runId = makeRunId(startedAt, options.runIdSuffix);
  const base: Omit<Manifest, 'finished_at'> = {
    run_id: runId,
    command,
    tool_version: (await import('../version.js')).VERSION,
    duckdb_version: await duckdbVersion(db),
    started_at: startedAt.toISOString(),
    parameters: { period: parameters.period, linkage: parameters.linkage },
    parameter_origin: parameters.origin,
    template_clusters: templateClusters,
    selection: { specs: [...(options.select ?? [])], models: selected },
    inputs: await loadedInputs(db),
    models: describeModels(dag),
  };
  await prepareSession(db, { projectDir: project.dir, dbPath: project.dbPath, parameters });
  return { runId, startedAt, parameters, base };
}

async function finish(db: Db, project: Project, started: Started, options: EngineOptions, failed: boolean, results: Record<string, unknown>): Promise<void> {
  const manifest: Manifest = { ...started.base, finished_at: (options.now ?? (() => new Date()))().toISOString() };
  const record = { manifest, status: failed ? ('failed' as const) : ('success' as const), results };
  await recordRun(db, record);
  await writeArtifacts(project.dir, record);
}

const count = <T extends { status: string }>(items: readonly T[], status: string) => items.filter((i) => i.status === status).length;

export async function runProject(project: Project, io: EngineIO, options: EngineOptions = {}, hooks: RunHooks = {}): Promise<RunResult> {
  return withProjectDb(project, io, options, async (db, models) => {
    const dag = await planDag(db, models, true);
    const selected = selectModels(options.select ?? [], dag);
    const parameters = await resolveParameters(db, { period: options.period, defaultPeriod: project.config.default_period, linkage: project.config.linkage });
    const templateClusters = await checkTemplateClusters(db, dag, selected, parameters.linkage, project.configPath);
    const started = await start(db, project, dag, 'run', selected, options, parameters, templateClusters);
    const outcomes: ModelOutcome[] = await runModels(db, dag, selected, { ...hooks, seconds: options.seconds ?? hooks.seconds });
    const results = outcomes.map(({ name, status, rows, seconds, message }): ModelResult => ({ name, status, rows, seconds, message }));
    const summary = { success: count(outcomes, 'success'), error: count(outcomes, 'error'), skipped: count(outcomes, 'skipped') };
    await finish(db, project, started, options, summary.error > 0, {
      summary,
      models: outcomes.map((o) => ({ ...results.find((m) => m.name === o.name)!, file: o.file, materialized: o.materialized, location: o.error && o.error.line ? { line: o.error.line, column: o.error.column } : null, hint: o.error?.hint ?? null, failed_upstream: o.failed_upstream })),
    });
    return { run_id: started.runId, models: results };
  });
}

export async function testProject(project: Project, io: EngineIO, options: EngineOptions = {}, hooks: TestHooks = {}): Promise<TestRunResult> {
  return withProjectDb(project, io, options, async (db, models) => {
    const dag = await planDag(db, models, true);
    const selected = selectModels(options.select ?? [], dag);
    const parameters = await resolveParameters(db, { period: options.period, lastRun: await lastRunPeriod(db), defaultPeriod: project.config.default_period, linkage: project.config.linkage });
    const started = await start(db, project, dag, 'test', selected, options, parameters);
    const outcomes: TestOutcome[] = await runDataTests(db, dag, selected, { ...hooks, seconds: options.seconds ?? hooks.seconds });
    const failedError = outcomes.some((o) => o.status === 'fail' && o.severity === 'error');
    const summary = { pass: count(outcomes, 'pass'), fail: count(outcomes, 'fail'), fail_error: outcomes.filter((o) => o.status === 'fail' && o.severity === 'error').length };
    await finish(db, project, started, options, failedError, {
      summary,
      // Failing rows themselves are not written: they may hold data the run folder should not keep.
      tests: outcomes.map((o) => ({ ...testResult(o), where: o.where, message: o.message, seconds: o.seconds })),
    });
    return { run_id: started.runId, tests: outcomes.map(testResult) };
  });
}

export async function lineageProject(project: Project, io: EngineIO, options: EngineOptions = {}): Promise<Lineage> {
  const models = await discoverModels({ projectDir: project.dir, shippedRoot: options.shippedRoot });
  // Only the parser is needed; an in-memory database serves when the project has none yet.
  const db = io.exists(project.dbPath) ? await io.openDatabase(project.dbPath, { readOnly: true, waitSeconds: options.waitSeconds }) : await io.openDatabase(':memory:');
  try {
    return lineageOf(await planDag(db, models, false));
  } finally {
    db.close();
  }
}

/** 1 when a model failed (DESIGN: finished but checks failed), else 0. */
export const runExitCode = (r: RunResult) => (r.models.some((m) => m.status === 'error') ? 1 : 0);
/** 1 when an error-severity test failed; warn failures exit 0. */
export const testExitCode = (r: TestRunResult) => (r.tests.some((t) => t.status === 'fail' && t.severity === 'error') ? 1 : 0);
