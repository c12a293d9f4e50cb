// `grayscope estimate` on a project: make sure the models are fresh (running them when they are
// missing, older than the last load, or built for another period), read the estimate_inputs and
// calendar models, estimate (market.ts), and store the result in the tables estimates, growth and
// sensitivity and in runs/<run_id>/. The database and the model run arrive injected.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { type Assumptions, parseAssumptions, rateRanges, reportingRates, sensitivityCases } from '../assumptions.js';
import { applySchema } from '../db/schema.js';
import { checksFailed, configError, inputError, usageError } from '../errors.js';
import type { Manifest } from '../models/manifest.js';
import { discoverModels } from '../models/discover.js';
import { basisStaleReason, builtFrom, currentBasis } from '../models/freshness.js';
import type { RunResult } from '../models/engine.js';
import { linkageStaleReason } from '../models/linkage.js';
import { inPeriod, parsePeriod } from '../periods.js';
import type { Db } from '../ports/db.js';
import type { ProjectIO } from '../ports/project-io.js';
import type { Project } from '../project.js';
import { deferredProgress, type Reporter } from '../reporter.js';
import { lastSuccessfulModelRun, modelRuns } from '../runs/history.js';
import { keptFiles } from '../runs/keep.js';
import { loadedInputs, readRunManifest, startRun, writeRunRecord } from '../runs/record.js';
import { LISTS } from './counting.js';
import { estimateMarket, type MarketResult, type SegmentData } from './market.js';
import { noOperationsError } from './no-operations.js';
import type { Method, PeriodBases } from './market-types.js';

export type MethodFlag = 'mse' | 'multiplier' | 'all';

/** What the estimate does besides reading and writing the project: build the models when stale, tell the user. */
export interface EstimateEffects {
  /** Runs the SQL models of `project` for a period (undefined: the engine's default), from a run's kept SQL when keptRoot is given — `grayscope run`. */
  runModels(project: Project, options: { period?: string; keptRoot?: string }): Promise<RunResult>;
  reporter: Reporter;
}

/** The options as a command or the API gives them; validated by estimateProject before any work. */
export interface EstimateOptions {
  /** A quarter or year, or undefined for grayscope.yaml's default_period, else every period. */
  period?: string;
  method?: MethodFlag;
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

interface Checked {
  period: string | null;
  method: MethodFlag;
  bootstrap: number;
  seed: number;
  /** Parsed assumptions and the file they came from (needed for the multiplier method). */
  assumptions?: { data: Assumptions; path: string; text: string };
  scenario?: string;
}

const nothingLoaded = (project: Project) =>
  inputError(`no database at ${project.dbPath}: nothing has been loaded`, 'Load records first: grayscope load complaints|incidents|enforcement FILE…');

/** The flags checked, and the assumptions read, before the database is opened: a usage error costs nothing. */
async function checkOptions(project: Project, io: ProjectIO, options: EstimateOptions): Promise<Checked> {
  const method = options.method ?? 'all';
  if (!['mse', 'multiplier', 'all'].includes(method)) throw usageError(`--method ${method}: unknown method`, 'Use mse, multiplier or all.');
  const period = options.period === undefined ? undefined : parsePeriod(options.period);
  const bootstrap = options.bootstrap ?? DEFAULT_ESTIMATE_BOOTSTRAP;
  if (!Number.isInteger(bootstrap) || bootstrap < 0) throw usageError(`--bootstrap ${bootstrap}: must be a whole number ≥ 0`, 'For example --bootstrap 1000; 0 skips the bootstrap intervals.');
  if (options.scenario !== undefined && method === 'mse') throw usageError('--scenario applies to the multiplier method only', 'Add --method multiplier or --method all.');
  const checked: Checked = {
    period: period ?? project.config.default_period ?? null,
    method,
    bootstrap,
    seed: options.seed ?? 1,
    ...(options.scenario !== undefined ? { scenario: options.scenario } : {}),
  };
  // In an empty folder "nothing loaded" (exit 3) is the first thing to fix, not the assumptions file (exit 2).
  if (!io.exists(project.dbPath)) throw nothingLoaded(project);
  if (method !== 'mse') {
    const path = options.assumptions ?? join(project.dir, 'assumptions.yaml');
    checked.assumptions = await readAssumptionsFile(io, path);
    // An unknown scenario is a usage error before any work starts.
    reportingRates(checked.assumptions.data, options.scenario);
  }
  return checked;
}

export interface EstimateResult extends MarketResult {
  run_id: string;
  /** The model run the estimate read, whether this command started it, and why (null: the models were fresh). */
  models_run: { run_id: string | null; ran_now: boolean; reason: string | null };
  parameters: { period: string | null; method: MethodFlag; bootstrap: number; seed: number; scenario: string | null; selection: 'stepwise'; p_threshold: number };
}

/** The models the estimate reads: per segment what the estimator needs, and the growth bases. */
const MODELS = ['estimate_inputs', 'calendar'] as const;
const P_THRESHOLD = 0.02;


/**
 * Why the models must be (re)built before estimating, or null when they are fresh for `period`. Each
 * model the estimate reads must come from a successful run after the last load, for the same period,
 * and no later run may have rebuilt a model it is built from without it (the estimate would then
 * read other operations than the tables it summarises hold).
 */
async function staleReason(db: Db, io: ProjectIO, projectDir: string, period: string | null): Promise<string | null> {
  const tables = new Set((await db.all<{ n: string }>(`SELECT table_name AS n FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary`)).map((r) => r.n));
  const missing = MODELS.filter((m) => !tables.has(m));
  if (missing.length) return `${missing.join(', ')} not built yet`;
  const runs = await modelRuns(db);
  const lastLoad = await db.scalar<string | null>(`SELECT CAST(max(loaded_at) AS VARCHAR) FROM load_ledger`);
  for (const model of MODELS) {
    let last: (typeof runs)[number] | undefined;
    for (const r of runs) {
      if (r.models.includes(model)) {
        last = r;
        break;
      }
      const path = builtFrom(model, (await readRunManifest(io, projectDir, r.run_id)) as Partial<Manifest> | null);
      const upstream = r.models.filter((m) => path.has(m));
      if (upstream.length) return `the model run ${r.run_id} rebuilt ${upstream.join(', ')} but not ${model}, which is built from them`;
    }
    if (!last) return `no recorded run built ${model}`;
    if (last.status !== 'success') return `the last model run (${last.run_id}) had failures`;
    if (lastLoad && lastLoad > last.finished_at) return `data were loaded after the last model run (${last.run_id})`;
    if (last.period !== null && last.period !== period) return `the last model run covered ${last.period} only`;
  }
  return null;
}

interface Inputs {
  segments: SegmentData[];
  bases: Map<string, PeriodBases>;
}

async function readInputs(db: Db): Promise<Inputs> {
  // DuckDB's lists arrive as arrays: capture_counts[mask] (0-based here, 1-based in SQL), the values
  // in operation_id order.
  const segments = await db.all<SegmentData>(
    `SELECT period, category, capture_counts, value_per_operation_cny, observed_losses_cny FROM estimate_inputs ORDER BY period, category`,
  );
  const calendar = await db.all<PeriodBases & { period: string }>(
    `SELECT period, previous_period, same_period_last_year, same_period_two_years_ago FROM calendar ORDER BY period`,
  );
  return { segments, bases: new Map(calendar.map((c) => [c.period, c])) };
}

/**
 * Adds the run's rows to estimates, growth and sensitivity (earlier runs keep theirs; the *_latest
 * views pick the newest per period and method) and writes the run record in one transaction: a failed
 * or interrupted estimate leaves the tables as they were, and rows in them always have their run.
 */
async function writeTables(db: Db, runId: string, result: MarketResult, record: () => Promise<unknown>): Promise<void> {
  await db.transaction(async () => {
    for (const e of result.estimates) {
      await db.run(
        `INSERT INTO estimates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [runId, e.period, e.segment, e.method, e.operations.observed, e.operations.estimate, e.operations.ci?.[0] ?? null, e.operations.ci?.[1] ?? null,
          e.scale_cny.estimate, e.scale_cny.ci?.[0] ?? null, e.scale_cny.ci?.[1] ?? null, e.value_per_operation_cny?.mean ?? null, e.value_per_operation_cny?.median ?? null,
          e.value_per_operation_cny?.trimmed_mean_10 ?? null, e.value_per_operation_cny?.valued_operations ?? null,
          e.mse ? e.mse.terms.join(' + ') || null : e.multiplier ? `observed ÷ ${e.multiplier.reporting_rate ?? 'rate per category'}` : null,
          e.mse?.note ?? null],
      );
    }
    for (const g of result.growth) {
      await db.run(`INSERT INTO growth VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [runId, g.period, g.segment, g.method, g.metric, g.base_period, g.value, g.ci?.[0] ?? null, g.ci?.[1] ?? null]);
    }
    for (const s of result.sensitivity) {
      await db.run(`INSERT INTO sensitivity VALUES (?, ?, ?, ?, ?, ?)`, [runId, s.period, s.category, s.bound, s.rate, s.estimate_cny]);
    }
    await record();
  });
}

/**
 * Which periods to estimate: all the models hold, or the quarters of `period` (a year: its four) and
 * their growth bases. None: an error that says what the data hold (no-operations.ts).
 */
async function choosePeriods(db: Db, inputs: Inputs, period: string | null): Promise<{ periods: string[]; growthPeriods: string[] }> {
  const available = [...new Set(inputs.segments.map((s) => s.period))].sort();
  const targets = period === null ? available : available.filter((p) => inPeriod(p, period));
  if (targets.length === 0) throw await noOperationsError(db, period, available);
  if (period === null) return { periods: available, growthPeriods: available };
  const wanted = new Set(targets);
  for (const t of targets) {
    const b = inputs.bases.get(t);
    if (b) for (const base of [b.previous_period, b.same_period_last_year, b.same_period_two_years_ago]) wanted.add(base);
  }
  return { periods: available.filter((p) => wanted.has(p)), growthPeriods: targets };
}

/** `estimate --rerun`: the run recomputed, and the folder of the model SQL it kept (core/estimate/rerun.ts). */
export interface RerunOf {
  of: string;
  keptRoot: string;
}

export async function estimateProject(project: Project, io: ProjectIO, effects: EstimateEffects, given: EstimateOptions = {}, rerun?: RerunOf): Promise<EstimateResult> {
  const options = await checkOptions(project, io, given);
  if (!io.exists(project.dbPath)) throw nothingLoaded(project);
  const { period } = options;
  const methods: Method[] = options.method === 'all' ? ['mse', 'multiplier'] : [options.method];
  const open = () => io.openDatabase(project.dbPath, { waitSeconds: given.waitSeconds });

  let db: Db | undefined = await open();
  let ranNow = false;
  try {
    await applySchema(db);
    const models = await discoverModels(io, { projectDir: project.dir, ...(rerun ? { keptRoot: rerun.keptRoot } : {}) });
    const reason =
      (await staleReason(db, io, project.dir, period)) ??
      (await linkageStaleReason(db, io, project.dir, project.config.linkage)) ??
      (await basisStaleReason(db, io, project.dir, MODELS, await currentBasis(db, models)));
    if (reason) {
      db.close();
      db = undefined;
      effects.reporter.info(`estimate: running the models first (${reason}) …`);
      const run = await effects.runModels(project, { ...(period !== null ? { period } : {}), ...(rerun ? { keptRoot: rerun.keptRoot } : {}) });
      const failed = run.models.filter((m) => m.status !== 'success');
      if (failed.length) {
        throw checksFailed(
          `the models could not be built: ${failed.map((m) => `${m.name} (${m.status})`).join(', ')}; see runs/${run.run_id}/run_results.json`,
          'Fix the failing models (grayscope run shows the errors), then run grayscope estimate again.',
        );
      }
      ranNow = true;
      db = await open();
    }
    const now = given.now ?? (() => new Date());
    const run = startRun('estimate', now(), given.runIdSuffix);
    const runId = run.run_id;
    const inputs = await readInputs(db);
    const { periods, growthPeriods } = await choosePeriods(db, inputs, period);
    const rates = options.assumptions ? reportingRates(options.assumptions.data, options.scenario) : undefined;
    const a = options.assumptions?.data;
    const segments = inputs.segments.filter((s) => periods.includes(s.period));
    // The joint bootstrap is the long part (segments × replicates of a stepwise fit): a bar on stderr
    // once it has taken a second.
    const replicates = methods.includes('mse') ? segments.length * options.bootstrap : 0;
    const bar = deferredProgress(effects.reporter, replicates, 'estimate: bootstrap', () => now().getTime());
    let done = 0;
    let result: MarketResult;
    try {
      result = estimateMarket(
        segments,
        {
          ...(replicates > 0 ? { onReplicate: (p: string) => bar.update(++done, `estimate: bootstrap ${p}`) } : {}),
          bootstrap: options.bootstrap,
          seed: options.seed,
          methods,
          growthPeriods,
          bases: inputs.bases,
          pThreshold: P_THRESHOLD,
          ...(methods.includes('multiplier') && a && rates
            ? {
                multiplier: {
                  rates,
                  // The scenario's own ranges, so its multiplier lies inside its range.
                  bounds: Object.fromEntries(Object.entries(rateRanges(a, options.scenario)).map(([c, r]) => [c, { low: r.low, high: r.high }])),
                  scenario: options.scenario ?? null,
                  cases: sensitivityCases(a, options.scenario),
                },
              }
            : {}),
        },
      );
    } finally {
      bar.stop();
    }
    const parameters: EstimateResult['parameters'] = { period, method: options.method, bootstrap: options.bootstrap, seed: options.seed, scenario: options.scenario ?? null, selection: 'stepwise', p_threshold: P_THRESHOLD };
    const modelsRun = { run_id: await lastSuccessfulModelRun(db), ran_now: ranNow, reason };
    const doc: EstimateResult = { run_id: runId, estimates: result.estimates, growth: result.growth, sensitivity: result.sensitivity, models_run: modelsRun, parameters };
    const conn = db;
    const record = async () => writeRunRecord(conn, io, project.dir, {
      start: run,
      finished_at: now().toISOString(),
      status: 'success',
      period,
      selection: { methods, bootstrap: options.bootstrap, seed: options.seed },
      summary: { estimates: result.estimates.length, growth: result.growth.length },
      manifest: {
        parameters,
        lists: [...LISTS],
        periods,
        models_run: modelsRun,
        assumptions: options.assumptions ? { path: options.assumptions.path, sha256: createHash('sha256').update(options.assumptions.text).digest('hex'), rates } : null,
        model_inputs: MODELS,
        models: models.map(({ name, origin, sha256 }) => ({ name, origin, sha256 })),
        inputs: await loadedInputs(conn),
        rerun_of: rerun?.of ?? null,
      },
      results: { ...doc },
      ...(rerun ? { rerunOf: rerun.of } : {}),
      files: await keptFiles(io, project.configPath, models, options.assumptions?.text),
    });
    await writeTables(db, runId, result, record);
    return doc;
  } finally {
    db?.close();
  }
}

/** Reads an assumptions file for the estimate (text kept for the manifest's sha256). */
async function readAssumptionsFile(io: ProjectIO, path: string): Promise<{ data: Assumptions; path: string; text: string }> {
  let text: string;
  try {
    text = await io.readText(path);
  } catch {
    throw configError(`${path}: no assumptions file`, 'Run `grayscope init` in the project (it writes assumptions.yaml), pass --assumptions FILE, or use --method mse.');
  }
  return { data: await parseAssumptions(text, path), path, text };
}

