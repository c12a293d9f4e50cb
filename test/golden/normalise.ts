// What the golden files leave out of a command's --json: run ids, times, durations and absolute
// paths, which change on every run. Everything else is compared as printed.
import { fileURLToPath } from 'node:url';

export interface GoldenStep {
  /** File name of the expected output (expected/<name>.json). */
  name: string;
  /** The command line after `grayscope` (--json is added). */
  args: string[];
  /** Expected exit code (default 0). */
  exit?: number;
  /** Files the step writes (relative to the project) compared too: expected/<name>/<file's base name> (JSON re-printed, other text as it is). */
  files?: string[];
  /**
   * Keys whose values are replaced by <key> in the output: a return's sha256, which covers the run ids
   * its manifest names and so changes with every run (the bytes are pinned by the same-bytes test in
   * test/integration/return-build.test.ts, and every cell by the exported CSV here), or a package's
   * digests, which cover the run id a market return states as a figure (S05).
   */
  mask?: string[];
}

const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const RUN_ID = /\b\d{8}T\d{9}Z-[0-9a-f]{6}\b/g;
// ISO (2025-04-10T08:30:00.123Z) and DuckDB (2025-04-10 08:30:00.123456) times; a date alone stays.
const TIME = /\b\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?Z?\b/g;
const DURATION_KEYS = new Set(['seconds']);

function normaliseString(text: string, paths: Array<[string, string]>): string {
  let out = text;
  for (const [path, name] of paths) out = out.split(path).join(name);
  return out.replace(RUN_ID, '<run_id>').replace(TIME, '<time>');
}

function walk(value: unknown, paths: Array<[string, string]>, mask: ReadonlySet<string>, key?: string): unknown {
  if (key !== undefined && mask.has(key) && value !== null) return `<${key}>`;
  if (typeof value === 'string') return normaliseString(value, paths);
  if (typeof value === 'number' && key !== undefined && DURATION_KEYS.has(key)) return '<seconds>';
  if (Array.isArray(value)) return value.map((v) => walk(v, paths, mask));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, paths, mask, k)]));
  }
  return value;
}

/** The stdout of a --json command (exactly one JSON document) as the golden file holds it. */
// The longer path first: the project lies inside the temp folder. Shipped files (reports/charts …)
// are named by where grayscope is installed.
const pathsOf = (dirs: { project: string; tmp: string }): Array<[string, string]> => [
  [dirs.project, '<project>'],
  [dirs.tmp, '<tmp>'],
  [PACKAGE_ROOT, '<grayscope>'],
];

export function normaliseOutput(stdout: string, dirs: { project: string; tmp: string }, mask: readonly string[] = []): string {
  const document = JSON.parse(stdout) as unknown;
  return `${JSON.stringify(walk(document, pathsOf(dirs), new Set(mask)), null, 2)}\n`;
}

/**
 * A file a step wrote, as the golden file holds it: JSON re-printed, other text (CSV) as it is; run
 * ids, times and paths normalised, and the masked keys' values (a JSON key, or the first field of a
 * CSV name,value row) replaced by <key>.
 */
export function normaliseFile(text: string, dirs: { project: string; tmp: string }, file = '.json', mask: readonly string[] = []): string {
  if (file.endsWith('.json')) return normaliseOutput(text, dirs, mask);
  let out = normaliseString(text, pathsOf(dirs));
  for (const key of mask) out = out.replace(new RegExp(`^${key},[^\\r\\n]*`, 'gm'), `${key},<${key}>`);
  return out;
}
