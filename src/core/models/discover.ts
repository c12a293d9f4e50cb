// Finds the SQL models: the ones shipped in queries/ at the package root, then the project's own
// queries/, whose files add models or replace shipped ones of the same name. One model per file;
// the file name is the relation name, so it is validated before it can reach SQL.
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { configError } from '../errors.js';
import { displayPath } from '../paths.js';
import type { ProjectIO } from '../ports/project-io.js';
import { packageRoot } from '../sql-files.js';
import { type ModelHeader, parseHeader, RELATION_NAME } from './header.js';

export interface ModelFile {
  name: string;
  /** Absolute path of the file. */
  file: string;
  /** How messages name the file: `queries/x.sql` inside the project, else the absolute path. */
  display: string;
  /** kept: a run's copy (runs/<run_id>/models/), which `estimate --rerun` builds from. */
  origin: 'shipped' | 'project' | 'kept';
  /** The file's text without a byte-order mark: what is run, and what positions refer to. */
  text: string;
  sha256: string;
  header: ModelHeader;
}

export interface DiscoverOptions {
  projectDir: string;
  /** The shipped models' folder; tests point it at a temp folder. Default: queries/ at the package root. */
  shippedRoot?: string;
  /** Every model from this folder only (a run's kept SQL), instead of the shipped and the project's. */
  keptRoot?: string;
}

export function shippedQueriesRoot(): string {
  return join(packageRoot(), 'queries');
}

async function readFolder(io: ProjectIO, dir: string, origin: ModelFile['origin'], projectDir: string): Promise<ModelFile[]> {
  const entries = (await io.listFiles(dir)).filter((name) => name.endsWith('.sql')).sort();
  const models: ModelFile[] = [];
  for (const entry of entries) {
    const file = join(dir, entry);
    const display = displayPath(file, projectDir);
    const name = entry.slice(0, -'.sql'.length);
    if (!RELATION_NAME.test(name)) {
      throw configError(
        `${display}: "${name}" is not a valid model name (lower case letters, digits and _, starting with a letter)`,
        'Rename the file: its name becomes the name of the view or table it builds.',
      );
    }
    const bytes = await io.readBytes(file);
    const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
    const header = await parseHeader(text, display);
    models.push({ name, file, display, origin, text, sha256: createHash('sha256').update(bytes).digest('hex'), header });
  }
  return models;
}

/** Every model, by name; a project file replaces the shipped model of the same name. */
export async function discoverModels(io: ProjectIO, options: DiscoverOptions): Promise<ModelFile[]> {
  if (options.keptRoot !== undefined) return readFolder(io, options.keptRoot, 'kept', options.projectDir);
  const shippedDir = resolve(options.shippedRoot ?? shippedQueriesRoot());
  const projectDir = resolve(options.projectDir, 'queries');
  const byName = new Map<string, ModelFile>();
  if (shippedDir !== projectDir) for (const m of await readFolder(io, shippedDir, 'shipped', options.projectDir)) byName.set(m.name, m);
  for (const m of await readFolder(io, projectDir, 'project', options.projectDir)) byName.set(m.name, m);
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
