// How files are named in tables and messages: relative to the project when inside it (load's
// ledger and quarantine, model files in errors and manifests), else absolute.
import { isAbsolute, relative } from 'node:path';

export function displayPath(abs: string, projectDir: string): string {
  const rel = relative(projectDir, abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : abs;
}
