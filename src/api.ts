// The programmatic API and composition root (framework's build(options, effects)): each function
// resolves the project, wires the real adapters and calls one core function. Commands and
// end-to-end tests call these. Core modules are imported lazily so `grayscope --help` stays fast.
import { resolve } from 'node:path';
import { projectIO } from './adapters/project-io.js';
import type { InitResult } from './core/project.js';
import { type Reporter, silentReporter } from './core/reporter.js';
import type { DemoResult } from './core/demo/headline.js';
import type { EstimateEffects, EstimateOptions, EstimateResult } from './core/estimate/estimate-project.js';
import type { RerunCheck } from './core/estimate/rerun.js';
import type { MseFileOptions } from './core/estimate/mse-file.js';
import type { MseResult } from './core/estimate/mse.js';
import type { LoadOptions, LoadResult } from './core/ingest/load.js';
import type { RejectsResult, StatusResult } from './core/inspect.js';
import type { UnloadResult } from './core/ingest/unload.js';
import type { GenerateOptions, GenerateResult } from './core/generate/index.js';
import type { EngineOptions, RunResult, TestRunResult } from './core/models/engine.js';
import type { Lineage } from './core/models/lineage.js';
import type { TemplatesOptions, TemplatesReport } from './core/templates/detect.js';
import type { Lang } from './render/format.js';

export { DEFAULT_ESTIMATE_BOOTSTRAP } from './core/estimate/estimate-project.js';
export { runExitCode, testExitCode } from './core/models/engine.js';
import { cwdOf, type ProjectFlags, projectOf } from './api-project.js';

export type { ProjectFlags } from './api-project.js';

/** Per-model and per-test lines on the reporter while `run` and `test` go. */
async function modelHooks(reporter: Reporter, lang: Lang = 'en') {
  const [{ renderModelLine }, { renderTestLine }] = await Promise.all([import('./render/run.js'), import('./render/test.js')]);
  return { onModel: (o: Parameters<typeof renderModelLine>[0]) => reporter.info(renderModelLine(o, lang)), onTest: (o: Parameters<typeof renderTestLine>[0]) => reporter.info(renderTestLine(o, lang)) };
}

/** The language of the progress lines on stderr (render/lang.ts); never part of what a run records. */
export type LangOption = { lang?: Lang };

export type LoadCommandOptions = ProjectFlags & Omit<LoadOptions, 'cwd'>;

export async function loadCommand(options: LoadCommandOptions, reporter: Reporter = silentReporter): Promise<LoadResult> {
  const [{ loadFiles }, { ingestIO }] = await Promise.all([import('./core/ingest/load.js'), import('./adapters/ingest-io.js')]);
  return loadFiles(await projectOf(options), { ...options, cwd: cwdOf(options) }, ingestIO, reporter);
}

/** `grayscope unload FILE|LOAD_ID`: what one file (or load) brought, out in one transaction; an --upsert load's replaced rows back. */
export async function unloadCommand(options: ProjectFlags & { target: string; waitSeconds?: number }): Promise<UnloadResult> {
  const { unloadTarget } = await import('./core/ingest/unload.js');
  return unloadTarget(await projectOf(options), projectIO, { target: options.target, cwd: cwdOf(options), waitSeconds: options.waitSeconds });
}

export async function statusCommand(options: ProjectFlags & { waitSeconds?: number } = {}): Promise<StatusResult> {
  const { statusProject } = await import('./core/inspect.js');
  return statusProject(await projectOf(options), projectIO, options);
}

/** `grayscope rejects`: the quarantine; with `out`, also written to that file (relative to cwd) as csv, json or xlsx. */
export async function rejectsCommand(options: ProjectFlags & { source?: string; waitSeconds?: number; format?: string; out?: string }): Promise<RejectsResult & { out?: string }> {
  const [{ rejectsProject, checkRejectsOutput }, { parseSource }] = await Promise.all([import('./core/inspect.js'), import('./core/config.js')]);
  // Usage errors are reported before the project's configuration is read.
  const source = options.source === undefined ? undefined : parseSource(options.source);
  checkRejectsOutput(options.format ?? 'table', options.out);
  const result = await rejectsProject(await projectOf(options), projectIO, { ...options, source });
  if (options.out === undefined) return result;
  const out = resolve(cwdOf(options), options.out);
  await (await import('./adapters/rejects-file.js')).writeRejectsFile(out, result, options.format);
  return { ...result, out };
}

/** `grayscope export NAME`: a result table or model written to a file (relative to cwd) as csv, parquet, xlsx or json. */
export async function exportCommand(options: ProjectFlags & import('./core/export.js').ExportOptions): Promise<import('./core/export.js').ExportResult> {
  const [{ checkExportOptions, exportTable }, { exportFiles }] = await Promise.all([import('./core/export.js'), import('./adapters/export-file.js')]);
  const checked = checkExportOptions({ ...options, out: resolve(cwdOf(options), options.out) });
  return exportTable(await projectOf(options), projectIO, exportFiles, checked);
}

/** `grayscope init [DIR]`: DIR, else --project, else the current folder; both naming different folders is a usage error. */
export async function initCommand(options: { dir?: string; project?: string; demo?: boolean; cwd?: string }, reporter: Reporter = silentReporter): Promise<InitResult & { demo: unknown }> {
  const [{ initProjectWithData, initTarget }, { fileSink }] = await Promise.all([import('./core/demo/init.js'), import('./adapters/datafiles.js')]);
  return initProjectWithData(initTarget(cwdOf(options), options.dir, options.project), projectIO, { demo: Boolean(options.demo) }, { reporter, fileSink });
}

/** `grayscope generate`: synthetic files with a known ground truth, written under options.out. */
export async function generateCommand(options: GenerateOptions, reporter: Reporter = silentReporter): Promise<GenerateResult> {
  const [{ generate }, { fileSink }] = await Promise.all([import('./core/generate/index.js'), import('./adapters/datafiles.js')]);
  return generate(options, reporter, fileSink(options.out));
}

export type DemoOptions = { out?: string; seed?: number; messy?: boolean; cwd?: string; verbose?: boolean };

export async function demoCommand({ lang, ...options }: DemoOptions & LangOption, reporter: Reporter = silentReporter): Promise<DemoResult> {
  const [{ runDemo }, { ingestIO }, { fileSink }] = await Promise.all([import('./core/demo/run-demo.js'), import('./adapters/ingest-io.js'), import('./adapters/datafiles.js')]);
  const dir = resolve(cwdOf(options), options.out ?? 'grayscope-demo');
  const charts = async (p: Parameters<typeof import('./api-outputs.js').demoCharts>[0]) => (await import('./api-outputs.js')).demoCharts(p);
  const returns = async (p: Parameters<typeof import('./api-outputs.js').demoReturns>[0]) => (await import('./api-outputs.js')).demoReturns(p);
  const bulletin = async (p: Parameters<typeof import('./api-outputs.js').demoBulletin>[0]) => (await import('./api-outputs.js')).demoBulletin(p);
  // The summary counts the data tests: a line per test (over a hundred) only with --verbose, else the ones that did not pass.
  const hooks = await modelHooks(reporter, lang);
  const onTest: typeof hooks.onTest = options.verbose
    ? hooks.onTest
    : (o) => {
        if (o.status !== 'pass') hooks.onTest(o);
      };
  return runDemo(dir, ingestIO, { seed: options.seed ?? 1, messy: Boolean(options.messy) }, { reporter, fileSink, charts, returns, bulletin, ...hooks, onTest });
}

export type ModelCommandOptions = ProjectFlags & EngineOptions;

/** `grayscope run`: the selected models in dependency order. Exit code: runExitCode(result). */
export async function runCommand({ lang, ...options }: ModelCommandOptions & LangOption = {}, reporter: Reporter = silentReporter): Promise<RunResult> {
  const { runProject } = await import('./core/models/engine.js');
  return runProject(await projectOf(options), projectIO, options, await modelHooks(reporter, lang));
}

/** `grayscope test`: the data tests of the selected models. Exit code: testExitCode(result). */
export async function testCommand({ lang, ...options }: ModelCommandOptions & LangOption = {}, reporter: Reporter = silentReporter): Promise<TestRunResult> {
  const { testProject } = await import('./core/models/engine.js');
  return testProject(await projectOf(options), projectIO, options, await modelHooks(reporter, lang));
}

/** `grayscope lineage`: sources → models as nodes and edges. */
export async function lineageCommand(options: ModelCommandOptions = {}): Promise<Lineage> {
  const { lineageProject } = await import('./core/models/engine.js');
  return lineageProject(await projectOf(options), projectIO, options);
}

export type MseCommandOptions = MseFileOptions & { cwd?: string };

/** Multiple systems estimation on a capture-history CSV (see src/core/estimate/mse.ts). */
export async function mseCommand(options: MseCommandOptions, reporter: Reporter = silentReporter): Promise<MseResult> {
  const { mseFile } = await import('./core/estimate/mse-file.js');
  return mseFile(projectIO, resolve(cwdOf(options), options.file), options, reporter);
}

export type EstimateCommandOptions = ProjectFlags & EstimateOptions & { rerun?: string };

/** `grayscope estimate`: operations, scale, growth and sensitivity; runs the models first when they are stale. With rerun: that run recomputed (exit 1 when its numbers differ). */
export async function estimateCommand({ lang, ...options }: EstimateCommandOptions & LangOption = {}, reporter: Reporter = silentReporter): Promise<EstimateResult & { rerun?: RerunCheck }> {
  const [{ estimateProject }, { rerunEstimate }, { runProject }] = await Promise.all([import('./core/estimate/estimate-project.js'), import('./core/estimate/rerun.js'), import('./core/models/engine.js')]);
  const project = await projectOf(options);
  const hooks = await modelHooks(reporter, lang);
  const effects: EstimateEffects = { reporter, runModels: (p, o) => runProject(p, projectIO, { ...o, waitSeconds: options.waitSeconds }, hooks) };
  if (options.rerun !== undefined) return rerunEstimate(project, projectIO, effects, options.rerun, options);
  const assumptions = options.assumptions === undefined ? {} : { assumptions: resolve(cwdOf(options), options.assumptions) };
  return estimateProject(project, projectIO, effects, { ...options, ...assumptions });
}

export type TemplatesCommandOptions = ProjectFlags & TemplatesOptions;

/** `grayscope templates`: near-duplicate complaints clustered across all periods; the share of one period (or all). */
export async function templatesCommand(options: TemplatesCommandOptions = {}, reporter: Reporter = silentReporter): Promise<TemplatesReport> {
  const { detectTemplates, validateTemplateOptions } = await import('./core/templates/detect.js');
  // A usage error is reported before the project's configuration is read.
  validateTemplateOptions(options);
  return detectTemplates(await projectOf(options), projectIO, options, reporter);
}

/** `grayscope runs`: the run history, newest first. */
export const runsCommand = async (o: ProjectFlags & { limit?: number; waitSeconds?: number }) => (await import('./core/runs/list.js')).listRuns(await projectOf(o), projectIO, o);
/** `grayscope runs diff A B`: inputs, model SQL, parameters, assumptions and estimates of two runs. */
export const runsDiffCommand = async (o: ProjectFlags & { a: string; b: string; waitSeconds?: number }) => (await import('./core/runs/diff.js')).diffRuns(await projectOf(o), projectIO, o, o);
