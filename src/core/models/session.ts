// The database session user SQL runs in: errors as JSON (so a failure has a position to map back to
// the model file), the parameters as variables, and a sandbox that limits file access to the
// project's folders and is then locked, so a model cannot lift it with a SET of its own.
import { dirname, resolve, sep } from 'node:path';
import type { Db } from '../ports/db.js';
import { quoteLiteral } from '../ports/db.js';
import type { Parameters } from './params.js';

export interface SessionOptions {
  projectDir: string;
  dbPath: string;
  parameters: Parameters;
}

/** Folders user SQL may read and write: the project, and the database's own spill folder. */
export function allowedDirectories(projectDir: string, dbPath: string): string[] {
  const project = resolve(projectDir);
  const dirs = [project];
  const dbDir = dirname(resolve(dbPath));
  if (dbDir !== project && !dbDir.startsWith(`${project}${sep}`)) dirs.push(`${resolve(dbPath)}.tmp`);
  return dirs.map((d) => (d.endsWith(sep) ? d : `${d}${sep}`));
}

export async function prepareSession(db: Db, options: SessionOptions): Promise<void> {
  await db.run('SET errors_as_json = true');
  await db.run('SET VARIABLE project_dir = ?::VARCHAR', [resolve(options.projectDir)]);
  await db.run('SET VARIABLE period = ?::VARCHAR', [options.parameters.period]);
  await db.run('SET VARIABLE linkage_template_clusters = ?::BOOLEAN', [options.parameters.linkage.template_clusters]);
  await db.run('SET VARIABLE linkage_template_min_cluster = ?::INTEGER', [options.parameters.linkage.template_min_cluster]);
  // SET takes no bound list; the paths are quoted by the one literal helper.
  const dirs = allowedDirectories(options.projectDir, options.dbPath).map(quoteLiteral).join(', ');
  await db.run(`SET allowed_directories = [${dirs}]`);
  await db.run('SET enable_external_access = false');
  await db.run('SET lock_configuration = true');
}
