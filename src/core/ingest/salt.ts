// The salt for personal-data hashes: grayscope.yaml's, else one made for the database and kept in
// it. A configured salt is fingerprinted at the first load, so a changed salt is refused rather
// than silently breaking linkage between old and new records.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../ports/db.js';
import { GrayscopeError } from '../errors.js';
import type { Project } from '../project.js';

/**
 * The salt for personal-data hashes: grayscope.yaml's, else one made for this database and kept in
 * it. Returns the rows grayscope_meta must gain, written inside the load's transaction.
 */
export async function prepareSalt(db: Db, project: Project): Promise<{ salt: string; record: Array<[string, string]> }> {
  const fingerprint = (s: string) => `sha256:${createHashHex(s)}`;
  const stored = await db.all<{ key: string; value: string }>(`SELECT key, value FROM grayscope_meta WHERE key IN ('salt', 'salt_fingerprint')`);
  const get = (k: string) => stored.find((r) => r.key === k)?.value;
  const configured = project.config.salt;
  const recorded = get('salt_fingerprint');
  if (configured) {
    if (recorded && recorded !== fingerprint(configured)) {
      throw new GrayscopeError('config', `${project.configPath ?? 'grayscope.yaml'}: salt differs from the salt this database was loaded with`, {
        hint: 'Restore the original salt: changing it breaks linkage between old and new records. To start afresh, use a new --db.',
      });
    }
    return { salt: configured, record: recorded ? [] : [['salt_fingerprint', fingerprint(configured)]] };
  }
  const salt = get('salt');
  if (salt) return { salt, record: [] };
  if (recorded) {
    throw new GrayscopeError('config', 'this database was loaded with the salt from a grayscope.yaml that is no longer found', {
      hint: 'Run from the project folder (or pass --project) so grayscope.yaml is read.',
    });
  }
  const made = randomBytes(16).toString('hex');
  return { salt: made, record: [['salt', made], ['salt_fingerprint', fingerprint(made)]] };
}

const createHashHex = (s: string) => createHash('sha256').update(s).digest('hex');

