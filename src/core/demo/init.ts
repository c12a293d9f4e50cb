// `grayscope init [--demo]`: the project scaffold, and with --demo the small generated data set in data/.
import { join } from 'node:path';
import type { DataSink } from '../generate/sink.js';
import type { ProjectIO } from '../ports/project-io.js';
import { type InitResult, initProject } from '../project.js';
import type { Reporter } from '../reporter.js';
import { writeDemoCategories } from './categories.js';

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
