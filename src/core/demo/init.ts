// `grayscope init [--demo]`: the project scaffold, and with --demo the small generated data set in data/.
import { join, resolve } from 'node:path';
import { usageError } from '../errors.js';
import type { DataSink } from '../generate/sink.js';
import type { ProjectIO } from '../ports/project-io.js';
import { type InitResult, initProject } from '../project.js';
import type { Reporter } from '../reporter.js';
import { writeDemoCategories } from './categories.js';

/**
 * The folder `init` scaffolds: the DIR argument, else the global --project, else `cwd`. Both given
 * and naming different folders is ambiguous, so it is refused rather than one silently winning.
 */
export function initTarget(cwd: string, dir: string | undefined, project: string | undefined): string {
  const fromDir = dir === undefined ? undefined : resolve(cwd, dir);
  const fromProject = project === undefined ? undefined : resolve(cwd, project);
  if (fromDir !== undefined && fromProject !== undefined && fromDir !== fromProject) {
    throw usageError(
      `init ${dir} --project ${project}: two different folders (${fromDir} and ${fromProject})`,
      `Name the folder once: grayscope init ${dir}, or grayscope init --project ${project}.`,
    );
  }
  return fromDir ?? fromProject ?? cwd;
}

export async function initProjectWithData(
  dir: string,
  io: ProjectIO,
  options: { demo: boolean },
  effects: { reporter: Reporter; fileSink: (out: string) => DataSink },
): Promise<InitResult & { demo: unknown }> {
  const result = await initProject(dir, io);
  if (!options.demo) return { ...result, demo: null };
  await writeDemoCategories(dir, io);
  const { generate } = await import('../generate/index.js');
  const out = join(dir, 'data');
  const generated = await generate({ out, seed: 1, scale: 'small', messy: false }, effects.reporter, effects.fileSink(out));
  return { ...result, demo: { files: generated.files.map((f) => `data/${f.path}`), truth: 'data/truth.json' } };
}
