// Open, work, close: the database is closed whatever happens in `work`, so no command leaves a
// connection (and the file's lock) behind after an error.
import type { Db, OpenOptions } from '../ports/db.js';
import type { ProjectIO } from '../ports/project-io.js';

export async function withDatabase<T>(io: Pick<ProjectIO, 'openDatabase'>, path: string, options: OpenOptions, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await io.openDatabase(path, options);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}
