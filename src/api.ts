// The programmatic API: each function resolves the project, wires the real adapters into core, and
// returns the JSON-shaped result that the command prints. Commands and end-to-end tests call these.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { openDatabase } from './adapters/duckdb.js';
import { ingestIO } from './adapters/ingest-io.js';
import { type DemoResult, estimateHeadline, truthHeadline } from './core/demo.js';
import { readRejects, readStatus, type RejectsResult, type StatusResult } from './core/inspect.js';
import { type InitResult, initProject } from './core/project.js';
import type { Unit } from './core/headers.js';
import { type LoadResult, loadFiles, parseSource } from './core/ingest/load.js';
import { resolveProject } from './core/project.js';
import { type Reporter, silentReporter } from './core/reporter.js';

export interface ProjectFlags {
  project?: string;
  db?: string;
  cwd?: string;
}

export interface LoadCommandOptions extends ProjectFlags {
  source: string;
  files: readonly string[];
  encoding?: 'auto' | 'utf-8' | 'gb18030';
  unit?: Unit;
  replace?: boolean;
  sheet?: string;
  waitSeconds?: number;
  today?: Date;
}

export async function loadCommand(options: LoadCommandOptions, reporter: Reporter = silentReporter): Promise<LoadResult> {
  const cwd = options.cwd ?? process.cwd();
  const project = await resolveProject({ project: options.project, db: options.db }, cwd);
  return loadFiles(project, { ...options, cwd }, ingestIO, reporter);
}

async function withReadOnlyDb<T>(options: ProjectFlags & { waitSeconds?: number }, work: (db: import('./core/ports/db.js').Db | undefined, project: import('./core/project.js').Project) => Promise<T>): Promise<T> {
  const project = await resolveProject({ project: options.project, db: options.db }, options.cwd ?? process.cwd());
  if (!existsSync(project.dbPath)) return work(undefined, project);
  const db = await openDatabase(project.dbPath, { readOnly: true, waitSeconds: options.waitSeconds });
  try {
    return await work(db, project);
  } finally {
    db.close();
  }
}

export async function statusCommand(options: ProjectFlags & { waitSeconds?: number } = {}): Promise<StatusResult> {
  return withReadOnlyDb(options, (db, project) => readStatus(db, project.dir, project.dbPath));
}

// Declared in core beside readRejects (renderers may not import this module); re-exported for the API.
export type { RejectsResult };

export async function rejectsCommand(options: ProjectFlags & { source?: string; waitSeconds?: number }): Promise<RejectsResult> {
  const source = options.source === undefined ? undefined : parseSource(options.source);
  const rejects = await withReadOnlyDb(options, (db) => readRejects(db, source));
  return { source: source ?? null, total: rejects.length, rejects };
}

export async function initCommand(options: { dir: string; demo?: boolean; cwd?: string }, reporter: Reporter = silentReporter): Promise<InitResult & { demo: unknown }> {
  const dir = resolve(options.cwd ?? process.cwd(), options.dir);
  const result = await initProject(dir);
  let demo: unknown = null;
  if (options.demo) {
    const { generate } = await import('./core/generate/index.js');
    const generated = await generate({ out: join(dir, 'data'), seed: 1, scale: 'small', messy: false }, reporter);
    demo = { files: generated.files.map((f) => `data/${f.path}`), truth: 'data/truth.json' };
  }
  return { ...result, demo };
}

/** Operations the linkage found per quarter, beside the generator's count of operations seen by any source. */
async function operationsByQuarter(dir: string, cwd: string, truth: { quarters: Array<{ quarter: string; operations: { observed: number } }> }) {
  const project = await resolveProject({ project: dir }, cwd);
  const db = await openDatabase(project.dbPath, { readOnly: true });
  try {
    const rows = await db.all<{ period: string; n: number }>(`SELECT period, count(*) AS n FROM operations GROUP BY period ORDER BY period`);
    return rows.map((r) => ({ period: r.period, linked: r.n, truth_observed: truth.quarters.find((q) => q.quarter === r.period)?.operations.observed ?? null }));
  } finally {
    db.close();
  }
}

export interface DemoOptions {
  out?: string;
  seed?: number;
  messy?: boolean;
  cwd?: string;
}

export async function demoCommand(options: DemoOptions, reporter: Reporter = silentReporter): Promise<DemoResult> {
  const cwd = options.cwd ?? process.cwd();
  const dir = resolve(cwd, options.out ?? 'grayscope-demo');
  await initProject(dir);
  const data = join(dir, 'data');
  const { generate } = await import('./core/generate/index.js');
  reporter.info(`generating the small data set in ${data} …`);
  const generated = await generate({ out: data, seed: options.seed ?? 1, scale: 'small', messy: Boolean(options.messy) }, reporter);
  const loads: LoadResult[] = [];
  for (const source of ['complaints', 'incidents', 'enforcement'] as const) {
    const files = generated.files.filter((f) => f.source === source).map((f) => join(data, f.path));
    if (files.length) loads.push(await loadCommand({ source, files, project: dir, cwd }, reporter));
  }
  const run = await runCommand({ project: dir, cwd }, reporter);
  const tests = await testCommand({ project: dir, cwd }, reporter);
  const status = await statusCommand({ project: dir, cwd });
  const truthFile = JSON.parse(await readFile(join(data, 'truth.json'), 'utf8'));
  const operations = await operationsByQuarter(dir, cwd, truthFile);
  reporter.info('estimating operations and scale (MSE, joint bootstrap) …');
  const estimate = await estimateCommand({ project: dir, cwd }, reporter);
  reporter.info('finding templated complaints (MinHash LSH) …');
  const templates = await templatesCommand({ project: dir, cwd }, reporter);
  return {
    dir,
    generated: { seed: generated.seed, scale: generated.scale, messy: generated.messy, files: generated.files },
    loads,
    run: { run_id: run.run_id, models: run.models.length, failed: run.models.filter((m) => m.status !== 'success').map((m) => m.name) },
    tests: { run_id: tests.run_id, tests: tests.tests.length, failed: tests.tests.filter((t) => t.status === 'fail').map((t) => `${t.model}: ${t.test}`) },
    status,
    operations,
    truth: truthHeadline(truthFile),
    estimate: estimateHeadline(estimate, truthFile),
    templates: await templatedShareByYear(dir, cwd, templates, truthFile),
  };
}

/** The templated share of complaints per year, from complaint_template_shares, beside the truth's. */
async function templatedShareByYear(
  dir: string,
  cwd: string,
  report: { threshold: number; shingle: number },
  truth: { years: Array<{ year: number; templated_share: number }> },
): Promise<DemoResult['templates']> {
  const project = await resolveProject({ project: dir }, cwd);
  const db = await openDatabase(project.dbPath, { readOnly: true });
  try {
    const rows = await db.all<{ year: number; share: number; min_cluster: number }>(
      `SELECT CAST(left(period, 4) AS INTEGER) AS year, sum(templated) / sum(complaints) AS share, max(min_cluster) AS min_cluster
       FROM complaint_template_shares GROUP BY 1 ORDER BY 1`,
    );
    return {
      threshold: report.threshold,
      shingle: report.shingle,
      min_cluster: rows[0]?.min_cluster ?? null,
      years: rows.map((r) => ({ year: r.year, share: r.share, truth: truth.years.find((y) => y.year === r.year)?.templated_share ?? null })),
    };
  } finally {
    db.close();
  }
}

// ---- SQL models: run, test, lineage ----

export interface ModelCommandOptions extends ProjectFlags {
  select?: readonly string[];
  period?: string;
  waitSeconds?: number;
  /** The shipped queries/ folder (tests point it at a temp folder). */
  shippedRoot?: string;
  now?: () => Date;
  runIdSuffix?: string;
}

async function modelEngine() {
  const [engine, { renderModelLine }, { renderTestLine }] = await Promise.all([import('./core/models/engine.js'), import('./render/run.js'), import('./render/test.js')]);
  const io = { openDatabase, exists: existsSync };
  return { engine, io, renderModelLine, renderTestLine };
}

/** `grayscope run`: the selected models in dependency order. Exit code: runExitCode(result). */
export async function runCommand(options: ModelCommandOptions = {}, reporter: Reporter = silentReporter): Promise<import('./core/models/engine.js').RunResult> {
  const project = await resolveProject({ project: options.project, db: options.db }, options.cwd ?? process.cwd());
  const { engine, io, renderModelLine } = await modelEngine();
  return engine.runProject(project, io, options, { onModel: (o) => reporter.info(renderModelLine(o)) });
}

/** `grayscope test`: the data tests of the selected models. Exit code: testExitCode(result). */
export async function testCommand(options: ModelCommandOptions = {}, reporter: Reporter = silentReporter): Promise<import('./core/models/engine.js').TestRunResult> {
  const project = await resolveProject({ project: options.project, db: options.db }, options.cwd ?? process.cwd());
  const { engine, io, renderTestLine } = await modelEngine();
  return engine.testProject(project, io, options, { onTest: (o) => reporter.info(renderTestLine(o)) });
}

/** `grayscope lineage`: sources → models as nodes and edges. */
export async function lineageCommand(options: ModelCommandOptions = {}): Promise<import('./core/models/lineage.js').Lineage> {
  const project = await resolveProject({ project: options.project, db: options.db }, options.cwd ?? process.cwd());
  const { engine, io } = await modelEngine();
  return engine.lineageProject(project, io, options);
}

export { runExitCode, testExitCode } from './core/models/engine.js';

export interface MseCommandOptions {
  file: string;
  model?: string;
  select?: 'stepwise' | 'bic' | 'aic';
  maxOrder?: number;
  ci?: 'lognormal' | 'profile';
  /** BCa bootstrap replicates (0 = off) and their seed; see src/core/estimate/bootstrap.ts. */
  bootstrap?: number;
  seed?: number;
  /** Worker threads for the bootstrap (default: os.availableParallelism()). */
  workers?: number;
  cwd?: string;
}

/** Multiple systems estimation on a capture-history CSV (see src/core/estimate/mse.ts). */
export async function mseCommand(options: MseCommandOptions): Promise<import('./core/estimate/mse.js').MseResult> {
  const { usageError, inputError } = await import('./core/errors.js');
  const { parseCaptureHistories } = await import('./core/estimate/history.js');
  const { runMse } = await import('./core/estimate/mse.js');
  const { parseModel } = await import('./core/estimate/terms.js');
  if (options.model !== undefined && options.select !== undefined) {
    throw usageError('--model and --select cannot be used together.', 'Give one model with --model, or let --select choose one.');
  }
  const path = resolve(options.cwd ?? process.cwd(), options.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw inputError(`${options.file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`, 'Check the path of the capture-history CSV.');
  }
  // List names may be Chinese in a GBK/GB18030 file: detected like a load's input, refused when neither.
  const { detectSampleEncoding, ENCODING_SAMPLE } = await import('./adapters/files.js');
  const encoding = bytes.length === 0 ? 'utf-8' : await detectSampleEncoding(bytes.subarray(0, ENCODING_SAMPLE), path, 'auto');
  const text = encoding === 'gb18030' ? (await import('iconv-lite')).default.decode(bytes, 'gb18030') : bytes.toString('utf8');
  const table = parseCaptureHistories(text, options.file);
  const maxOrder = options.maxOrder ?? 2;
  const k = table.lists.length;
  if (k > 2 && (maxOrder < 2 || maxOrder >= k)) {
    throw usageError(`--max-order ${maxOrder}: with ${k} lists it must be between 2 and ${k - 1}.`, 'The k-way interaction is not identifiable from the observable cells.');
  }
  const bootstrap = options.bootstrap ?? 0;
  if (!Number.isSafeInteger(bootstrap) || bootstrap < 0) {
    // Grouped digits: a bare run of 7+ digits would be masked in the message as if it were a phone number.
    throw usageError(`--bootstrap ${Number.isFinite(bootstrap) ? bootstrap.toLocaleString('en-US') : bootstrap}: the number of replicates must be a whole number ≥ 0.`, 'Use --bootstrap 1000 for a BCa interval, or 0 for none.');
  }
  const mseOptions = {
    ...(options.model !== undefined ? { model: parseModel(options.model, table.lists) } : {}),
    ...(options.select !== undefined ? { select: options.select } : {}),
    maxOrder,
    ci: options.ci ?? 'lognormal',
  };
  if (bootstrap === 0) return runMse(table, mseOptions);
  const { runMseBootstrap } = await import('./core/estimate/bootstrap.js');
  return runMseBootstrap(table, mseOptions, { replicates: bootstrap, seed: options.seed ?? 1, ...(options.workers !== undefined ? { workers: options.workers } : {}) });
}

// ---- the market estimate ----

export interface EstimateCommandOptions extends ProjectFlags {
  period?: string;
  method?: 'mse' | 'multiplier' | 'all';
  bootstrap?: number;
  seed?: number;
  /** assumptions.yaml (default: the project's); read only when the multiplier method runs. */
  assumptions?: string;
  scenario?: string;
  waitSeconds?: number;
  now?: () => Date;
  runIdSuffix?: string;
}

/** Default replicates of the joint bootstrap (enough for 95% percentile intervals; --bootstrap raises it). */
export const DEFAULT_ESTIMATE_BOOTSTRAP = 200;

/**
 * `grayscope estimate`: operations (MSE), scale in yuan, the multiplier method beside it, growth and
 * sensitivity. Runs the SQL models first when they are missing, stale or built for another period.
 */
export async function estimateCommand(options: EstimateCommandOptions = {}, reporter: Reporter = silentReporter): Promise<import('./core/estimate/estimate-project.js').EstimateResult> {
  const cwd = options.cwd ?? process.cwd();
  const project = await resolveProject({ project: options.project, db: options.db }, cwd);
  const { usageError } = await import('./core/errors.js');
  const { parsePeriod } = await import('./core/models/params.js');
  const { estimateProject, readAssumptionsFile } = await import('./core/estimate/estimate-project.js');
  const method = options.method ?? 'all';
  if (!['mse', 'multiplier', 'all'].includes(method)) throw usageError(`--method ${method}: unknown method`, 'Use mse, multiplier or all.');
  if (options.period !== undefined) parsePeriod(options.period);
  const bootstrap = options.bootstrap ?? DEFAULT_ESTIMATE_BOOTSTRAP;
  if (!Number.isInteger(bootstrap) || bootstrap < 0) throw usageError(`--bootstrap ${bootstrap}: must be a whole number ≥ 0`, 'For example --bootstrap 1000; 0 skips the bootstrap intervals.');
  if (options.scenario !== undefined && method === 'mse') throw usageError('--scenario applies to the multiplier method only', 'Add --method multiplier or --method all.');
  let assumptions: Awaited<ReturnType<typeof readAssumptionsFile>> | undefined;
  if (method !== 'mse') {
    const { parseAssumptions, reportingRates } = await import('./core/assumptions.js');
    const path = options.assumptions !== undefined ? resolve(cwd, options.assumptions) : join(project.dir, 'assumptions.yaml');
    assumptions = await readAssumptionsFile(path, parseAssumptions);
    // An unknown scenario is a usage error before any work starts.
    reportingRates(assumptions.data, options.scenario);
  }
  return estimateProject(
    project,
    {
      openDatabase,
      exists: existsSync,
      runModels: (period) => runCommand({ project: options.project, db: options.db, cwd, ...(period !== undefined ? { period } : {}), waitSeconds: options.waitSeconds }, reporter),
    },
    {
      ...(options.period !== undefined ? { period: options.period } : {}),
      method,
      bootstrap,
      seed: options.seed ?? 1,
      ...(assumptions ? { assumptions } : {}),
      ...(options.scenario !== undefined ? { scenario: options.scenario } : {}),
      ...(options.waitSeconds !== undefined ? { waitSeconds: options.waitSeconds } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.runIdSuffix !== undefined ? { runIdSuffix: options.runIdSuffix } : {}),
      info: (line) => reporter.info(line),
    },
  );
}

// ---- templated complaints ----

export interface TemplatesCommandOptions extends ProjectFlags {
  period?: string;
  threshold?: number;
  shingle?: number;
  minCluster?: number;
  waitSeconds?: number;
  /** Worker threads (default: one per core, at most 8; 0 = none) and rows per batch: neither changes the clusters. */
  workers?: number;
  batchRows?: number;
  now?: () => Date;
  runIdSuffix?: string;
}

/**
 * `grayscope templates`: near-duplicate (templated) complaints across all loaded periods, written to
 * complaint_template_clusters; returns the share of one period (or all) with its threshold and k.
 */
export async function templatesCommand(options: TemplatesCommandOptions = {}, reporter: Reporter = silentReporter): Promise<import('./core/templates/detect.js').TemplatesReport> {
  const { detectTemplates, validateTemplateOptions } = await import('./core/templates/detect.js');
  validateTemplateOptions(options);
  const project = await resolveProject({ project: options.project, db: options.db }, options.cwd ?? process.cwd());
  return detectTemplates(project, { openDatabase, exists: existsSync }, options, reporter);
}
