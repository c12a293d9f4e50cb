// The programmatic API: each function resolves the project, wires the real adapters into core, and
// returns the JSON-shaped result that the command prints. Commands and end-to-end tests call these.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { openDatabase } from './adapters/duckdb.js';
import { ingestIO } from './adapters/ingest-io.js';
import type { Source } from './core/config.js';
import { type DemoResult, truthHeadline } from './core/demo.js';
import { readRejects, readStatus, type RejectRow, type StatusResult } from './core/inspect.js';
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

async function withReadOnlyDb<T>(options: ProjectFlags & { waitSeconds?: number }, work: (db: import('./adapters/duckdb.js').Db | undefined, project: import('./core/project.js').Project) => Promise<T>): Promise<T> {
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

export interface RejectsResult {
  source: Source | null;
  total: number;
  rejects: RejectRow[];
}

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
  const status = await statusCommand({ project: dir, cwd });
  const truth = truthHeadline(JSON.parse(await readFile(join(data, 'truth.json'), 'utf8')));
  return { dir, generated: { seed: generated.seed, scale: generated.scale, messy: generated.messy, files: generated.files }, loads, status, truth };
}
