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
  /** Files the step writes (relative to the project) whose JSON is compared too: expected/<name>/<file's base name>. */
  files?: string[];
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

function walk(value: unknown, paths: Array<[string, string]>, key?: string): unknown {
  if (typeof value === 'string') return normaliseString(value, paths);
  if (typeof value === 'number' && key !== undefined && DURATION_KEYS.has(key)) return '<seconds>';
  if (Array.isArray(value)) return value.map((v) => walk(v, paths));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, paths, k)]));
  }
  return value;
}

/** The stdout of a --json command (exactly one JSON document) as the golden file holds it. */
export function normaliseOutput(stdout: string, dirs: { project: string; tmp: string }): string {
  const document = JSON.parse(stdout) as unknown;
  // The longer path first: the project lies inside the temp folder.
  const paths: Array<[string, string]> = [
    [dirs.project, '<project>'],
    [dirs.tmp, '<tmp>'],
    // Shipped files (reports/charts …) are named by where grayscope is installed.
    [PACKAGE_ROOT, '<grayscope>'],
  ];
  return `${JSON.stringify(walk(document, paths), null, 2)}\n`;
}

/** A JSON file a step wrote, as the golden file holds it (run ids, times and paths normalised). */
export function normaliseFile(text: string, dirs: { project: string; tmp: string }): string {
  return normaliseOutput(text, dirs);
}
