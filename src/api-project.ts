// How every API entry (api.ts, api-outputs.ts) finds its project: --project and --db, with relative
// paths read from `cwd` (default: the process's), through the real project I/O.
import { projectIO } from './adapters/project-io.js';
import { resolveProject } from './core/project.js';
import { isLang, type Lang, resolveLang } from './render/lang.js';

/** --project, --db, and the folder relative paths are read from (default: the process's). */
export type ProjectFlags = { project?: string; db?: string; cwd?: string };

export const cwdOf = (o: { cwd?: string }) => o.cwd ?? process.cwd();
export const projectOf = (o: ProjectFlags) => resolveProject({ project: o.project, db: o.db }, cwdOf(o), projectIO);

/**
 * The language of a command's human output (render/lang.ts): `flag` (--lang), else the project's
 * `lang:`, else the locale. A grayscope.yaml that cannot be read counts as no setting here: the
 * command that needs the project reports it, and one that does not (mse, generate) is not stopped by it.
 */
export async function projectLang(options: ProjectFlags & { flag?: string }): Promise<Lang> {
  if (isLang(options.flag)) return options.flag;
  const config = await projectOf(options).then(
    (p) => p.config.lang,
    () => undefined,
  );
  return resolveLang({ flag: options.flag, config, env: process.env });
}
