// The model engine end to end, for `run`, `test` and `lineage`: find the model files, open the
// database, parse and check the DAG (all before any SQL runs), resolve parameters, run in the
// sandbox, and leave the run's record (core/runs/record.ts). Files and the database arrive through
// the project I/O port, so core never imports DuckDB or node:fs itself.
import { withDatabase } from '../db/open.js';
import { applySchema, reservedTables } from '../db/schema.js';
import { parsePeriod } from '../periods.js';
import type { Db } from '../ports/db.js';
import type { ProjectIO } from '../ports/project-io.js';
import { ensureProjectDirs, type Project } from '../project.js';
import { lastRunPeriod } from '../runs/history.js';
import { loadedInputs, type RunStart, startRun, writeRunRecord } from '../runs/record.js';
import { buildDag, type Dag, parseSql, type ParsedSql } from './dag.js';
import { discoverModels, type ModelFile } from './discover.js';
import { lineageOf, type Lineage } from './lineage.js';
import { checkTemplateClusters, type TemplateClustersState } from './linkage.js';
import { describeModels, type Manifest } from './manifest.js';
import { type Parameters, resolveParameters } from './params.js';
import { type ModelOutcome, type ModelResult, type RunHooks, runModels } from './run.js';
import { selectModels } from './select.js';
import { prepareSession } from './session.js';
import { runDataTests, type TestHooks, type TestOutcome, type TestResult, testResult } from './tests.js';

export interface EngineOptions {
  select?: readonly string[];
  period?: string;
  /** The shipped queries/ folder (default: the package's). */
  shippedRoot?: string;
  /** Build from a run's kept SQL (runs/<run_id>/models/) instead of queries/: `estimate --rerun`. */
  keptRoot?: string;
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

async function withProjectDb<T>(project: Project, io: ProjectIO, options: EngineOptions, work: (db: Db, models: ModelFile[]) => Promise<T>): Promise<T> {
  // Model headers and file names are checked before the database is touched.
  const models = await discoverModels(io, { projectDir: project.dir, shippedRoot: options.shippedRoot, keptRoot: options.keptRoot });
  if (options.period !== undefined) parsePeriod(options.period);
  await ensureProjectDirs(project, io);
  const db = await io.openDatabase(project.dbPath, { waitSeconds: options.waitSeconds });
  try {
    await applySchema(db);
    return await work(db, models);
  } finally {
    db.close();
  }
}

interface Started {
  start: RunStart;
  parameters: Parameters;
  manifest: Omit<Manifest, 'schema_version' | 'run_id' | 'command' | 'tool_version' | 'duckdb_version' | 'started_at' | 'finished_at'>;
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
  const manifest: Started['manifest'] = {
    parameters: { period: parameters.period, linkage: parameters.linkage },
    parameter_origin: parameters.origin,
    template_clusters: templateClusters,
    selection: { specs: [...(options.select ?? [])], models: selected },
    inputs: await loadedInputs(db),
    models: describeModels(dag),
  };
  const started = { start: startRun(command, now(), options.runIdSuffix), parameters, manifest };
  await prepareSession(db, { projectDir: project.dir, dbPath: project.dbPath, parameters });
  return started;
}

async function finish(db: Db, io: ProjectIO, project: Project, started: Started, options: EngineOptions, failed: boolean, results: Record<string, unknown> & { summary: unknown }): Promise<void> {
  await writeRunRecord(db, io, project.dir, {
    start: started.start,
    finished_at: (options.now ?? (() => new Date()))().toISOString(),
    status: failed ? 'failed' : 'success',
    period: started.parameters.period,
    selection: started.manifest.selection,
    summary: results.summary,
    manifest: started.manifest,
    results,
  });
}

const count = <T extends { status: string }>(items: readonly T[], status: string) => items.filter((i) => i.status === status).length;

export async function runProject(project: Project, io: ProjectIO, options: EngineOptions = {}, hooks: RunHooks = {}): Promise<RunResult> {
  return withProjectDb(project, io, options, async (db, models) => {
    const dag = await planDag(db, models, true);
    const selected = selectModels(options.select ?? [], dag);
    const parameters = await resolveParameters(db, { period: options.period, defaultPeriod: project.config.default_period, linkage: project.config.linkage });
    const templateClusters = await checkTemplateClusters(db, dag, selected, parameters.linkage, project.configPath);
    const started = await start(db, project, dag, 'run', selected, options, parameters, templateClusters);
    const outcomes: ModelOutcome[] = await runModels(db, dag, selected, { ...hooks, seconds: options.seconds ?? hooks.seconds });
    const results = outcomes.map(({ name, status, rows, seconds, message }): ModelResult => ({ name, status, rows, seconds, message }));
    const summary = { success: count(outcomes, 'success'), error: count(outcomes, 'error'), skipped: count(outcomes, 'skipped') };
    await finish(db, io, project, started, options, summary.error > 0, {
      summary,
      models: outcomes.map((o) => ({ ...results.find((m) => m.name === o.name)!, file: o.file, materialized: o.materialized, location: o.error && o.error.line ? { line: o.error.line, column: o.error.column } : null, hint: o.error?.hint ?? null, failed_upstream: o.failed_upstream })),
    });
    return { run_id: started.start.run_id, models: results };
  });
}

export async function testProject(project: Project, io: ProjectIO, options: EngineOptions = {}, hooks: TestHooks = {}): Promise<TestRunResult> {
  return withProjectDb(project, io, options, async (db, models) => {
    const dag = await planDag(db, models, true);
    const selected = selectModels(options.select ?? [], dag);
    const parameters = await resolveParameters(db, { period: options.period, lastRun: await lastRunPeriod(db), defaultPeriod: project.config.default_period, linkage: project.config.linkage });
    const started = await start(db, project, dag, 'test', selected, options, parameters);
    const outcomes: TestOutcome[] = await runDataTests(db, dag, selected, { ...hooks, seconds: options.seconds ?? hooks.seconds });
    const failedError = outcomes.some((o) => o.status === 'fail' && o.severity === 'error');
    const summary = { pass: count(outcomes, 'pass'), fail: count(outcomes, 'fail'), fail_error: outcomes.filter((o) => o.status === 'fail' && o.severity === 'error').length };
    await finish(db, io, project, started, options, failedError, {
      summary,
      // Failing rows themselves are not written: they may hold data the run folder should not keep.
      tests: outcomes.map((o) => ({ ...testResult(o), where: o.where, message: o.message, seconds: o.seconds })),
    });
    return { run_id: started.start.run_id, tests: outcomes.map(testResult) };
  });
}

export async function lineageProject(project: Project, io: ProjectIO, options: EngineOptions = {}): Promise<Lineage> {
  const models = await discoverModels(io, { projectDir: project.dir, shippedRoot: options.shippedRoot });
  // Only the parser is needed; an in-memory database serves when the project has none yet.
  const [path, open] = io.exists(project.dbPath) ? [project.dbPath, { readOnly: true, waitSeconds: options.waitSeconds }] : [':memory:', {}];
  return withDatabase(io, path, open, async (db) => lineageOf(await planDag(db, models, false)));
}

/** 1 when a model failed (DESIGN: finished but checks failed), else 0. */
export const runExitCode = (r: RunResult) => (r.models.some((m) => m.status === 'error') ? 1 : 0);
/** 1 when an error-severity test failed; warn failures exit 0. */
export const testExitCode = (r: TestRunResult) => (r.tests.some((t) => t.status === 'fail' && t.severity === 'error') ? 1 : 0);
