// How every API entry (api.ts, api-outputs.ts) finds its project: --project and --db, with relative
// paths read from `cwd` (default: the process's), through the real project I/O.
import { projectIO } from './adapters/project-io.js';
import { resolveProject } from './core/project.js';

/** --project, --db, and the folder relative paths are read from (default: the process's). */
export type ProjectFlags = { project?: string; db?: string; cwd?: string };

export const cwdOf = (o: { cwd?: string }) => o.cwd ?? process.cwd();
export const projectOf = (o: ProjectFlags) => resolveProject({ project: o.project, db: o.db }, cwdOf(o), projectIO);
