// Reads the SQL files shipped with grayscope (sql/ at the package root), once per process.
// node:fs directly, not the project I/O port: these are the package's own files, not a project's,
// read synchronously so that a statement's text is a plain value wherever it is needed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cache = new Map<string, string>();

export function packageRoot(): string {
  return root;
}

export function sqlFile(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(`${root}sql/${name}`, 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** Splits a SQL file into statements at semicolons that end a line (our files never put one inside a string). */
export function statements(text: string): string[] {
  return text
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
