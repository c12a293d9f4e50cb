// The programmatic API: each function resolves the project, wires the real adapters into core, and
// returns the JSON-shaped result that the command prints. Commands and end-to-end tests call these.
import { ingestIO } from './adapters/ingest-io.js';
import type { Unit } from './core/headers.js';
import { type LoadResult, loadFiles } from './core/ingest/load.js';
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
