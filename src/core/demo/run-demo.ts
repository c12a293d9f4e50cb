// `grayscope demo`: the pipeline end to end on generated data, leaving DIR as a normal project:
// init, generate (small), load the three sources, run and test the models, estimate, find
// templated complaints, and set the results beside the generator's truth (truth.json).
import { join } from 'node:path';
import { type DemoResult, estimateHeadline, truthHeadline } from './headline.js';
import { withDatabase } from '../db/open.js';
import { estimateProject } from '../estimate/estimate-project.js';
import type { DataSink } from '../generate/sink.js';
import type { LoadIO } from '../ingest/io.js';
import { loadFiles, type LoadResult } from '../ingest/load.js';
import { statusProject } from '../inspect.js';
import { runProject, testProject } from '../models/engine.js';
import type { RunHooks } from '../models/run.js';
import type { TestHooks } from '../models/tests.js';
import type { Db } from '../ports/db.js';
import { initProject, type Project, resolveProject } from '../project.js';
import type { Reporter } from '../reporter.js';
import { sqlFile } from '../sql-files.js';
import { writeDemoCategories } from './categories.js';
import { writeDemoEntity } from './entity.js';
import { detectTemplates } from '../templates/detect.js';

export interface DemoEffects extends RunHooks, TestHooks {
  reporter: Reporter;
  /** Where the generated files go (the CLI's writes them under DIR/data). */
  fileSink: (out: string) => DataSink;
  /** Draws every chart in both languages and every format into DIR/out/charts (grayscope chart all). */
  charts?: (project: Project) => Promise<{ out: string; files: number; period: string | null }>;
  /** Builds every return template for the latest quarter into DIR/out/returns (grayscope return build). */
  returns?: (project: Project) => Promise<DemoResult['returns']>;
  /** Writes the bulletin in both languages, HTML and Markdown (PDF too where a Chromium is installed), into DIR/out/bulletin. */
  bulletin?: (project: Project) => Promise<{ out: string; files: number; period: string; pdf: boolean }>;
}

interface TruthFile {
  quarters: Array<{ quarter: string; value_cny: { total: number }; operations: { observed: number; total: number } }>;
  years: Array<{ year: number; templated_share: number }>;
}

const readOnly = <T>(project: Project, io: LoadIO, work: (db: Db) => Promise<T>): Promise<T> => withDatabase(io, project.dbPath, { readOnly: true }, work);

export async function runDemo(dir: string, io: LoadIO, options: { seed: number; messy: boolean }, effects: DemoEffects): Promise<DemoResult> {
  const { reporter } = effects;
  await initProject(dir, io);
  await writeDemoCategories(dir, io);
  await writeDemoEntity(dir, io);
  const data = join(dir, 'data');
  const { generate } = await import('../generate/index.js');
  reporter.info(`generating the small data set in ${data} …`);
  const generated = await generate({ out: data, seed: options.seed, scale: 'small', messy: options.messy }, reporter, effects.fileSink(data));
  const project = await resolveProject({ project: dir }, dir, io);
  const loads: LoadResult[] = [];
  for (const source of ['complaints', 'incidents', 'enforcement'] as const) {
    const files = generated.files.filter((f) => f.source === source).map((f) => join(data, f.path));
    // Every sheet of a workbook (the bank export has one per month); other files ignore --sheet.
    if (files.length) loads.push(await loadFiles(project, { source, files, cwd: dir, sheet: 'all' }, io, reporter));
  }
  const run = await runProject(project, io, {}, effects);
  const tests = await testProject(project, io, {}, effects);
  const status = await statusProject(project, io);
  const truth = JSON.parse(await io.readText(join(data, 'truth.json'))) as TruthFile;
  const operations = await readOnly(project, io, (db) => db.all<{ period: string; n: number }>(sqlFile('demo_operations.sql')));
  reporter.info('estimating operations and scale (MSE, joint bootstrap) …');
  const estimate = await estimateProject(project, io, { runModels: (p, o) => runProject(p, io, o, effects), reporter }, {});
  reporter.info('finding templated complaints (MinHash LSH) …');
  const templates = await detectTemplates(project, io, {}, reporter);
  const shares = await readOnly(project, io, (db) => db.all<{ year: number; share: number; min_cluster: number }>(sqlFile('demo_templated_share.sql')));
  if (effects.charts) reporter.info('drawing the charts (zh and en; vl, svg, png, html) …');
  const charts = effects.charts ? await effects.charts(project) : null;
  if (effects.returns) reporter.info('building the returns (grayscope return build) …');
  // The entity written above: the project is read again so the returns' cover has it.
  const returns = effects.returns ? await effects.returns(await resolveProject({ project: dir }, dir, io)) : null;
  if (effects.bulletin) reporter.info('writing the bulletin (zh and en; html, md, and pdf where Chromium is installed) …');
  const bulletin = effects.bulletin ? await effects.bulletin(project) : null;
  return {
    dir,
    generated: { seed: generated.seed, scale: generated.scale, messy: generated.messy, files: generated.files },
    loads,
    run: { run_id: run.run_id, models: run.models.length, failed: run.models.filter((m) => m.status !== 'success').map((m) => m.name) },
    tests: { run_id: tests.run_id, tests: tests.tests.length, failed: tests.tests.filter((t) => t.status === 'fail').map((t) => `${t.model}: ${t.test}`) },
    status,
    operations: operations.map((r) => ({ period: r.period, linked: r.n, truth_observed: truth.quarters.find((q) => q.quarter === r.period)?.operations.observed ?? null })),
    truth: truthHeadline(truth),
    estimate: estimateHeadline(estimate, truth),
    templates: {
      threshold: templates.threshold,
      shingle: templates.shingle,
      min_cluster: shares[0]?.min_cluster ?? null,
      years: shares.map((r) => ({ year: r.year, share: r.share, truth: truth.years.find((y) => y.year === r.year)?.templated_share ?? null })),
    },
    charts,
    returns,
    bulletin,
  };
}
