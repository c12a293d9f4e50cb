// What a run's folder keeps besides its manifest, so `estimate --rerun` can recompute it from the
// folder alone: the assumptions file it read, grayscope.yaml without the `salt` key (the salt never
// leaves the project's own file), and every model's SQL as runs/<run_id>/models/<name>.sql.
import { join } from 'node:path';
import type { ProjectIO } from '../ports/project-io.js';
import { runDir } from './record.js';

/** Paths inside runs/<run_id>/. */
export const KEPT = { assumptions: 'assumptions.yaml', config: 'grayscope.yaml', models: 'models' } as const;

export const keptPath = (projectDir: string, runId: string, file: string) => join(runDir(projectDir, runId), file);

/** grayscope.yaml's text without the top-level `salt` key (comments and the other keys as written). */
export async function withoutSalt(text: string): Promise<string> {
  const YAML = await import('yaml');
  const doc = YAML.parseDocument(text);
  doc.delete('salt');
  return doc.toString();
}

/** The files to keep: the assumptions text (when read), the configuration (when the project has one) and each model's SQL. */
export async function keptFiles(
  io: Pick<ProjectIO, 'readText'>,
  configPath: string | undefined,
  models: ReadonlyArray<{ name: string; text: string }>,
  assumptionsText: string | undefined,
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  if (assumptionsText !== undefined) files[KEPT.assumptions] = assumptionsText;
  if (configPath !== undefined) files[KEPT.config] = await withoutSalt(await io.readText(configPath));
  for (const m of models) files[`${KEPT.models}/${m.name}.sql`] = m.text;
  return files;
}
