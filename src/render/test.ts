// `grayscope test` for people: a line per data test on stderr (failures with sample rows), and the
// summary on stdout.
import type { TestRunResult } from '../core/models/engine.js';
import type { TestOutcome } from '../core/models/tests.js';
import { count } from './format.js';

// A sample row may hold BIGINTs, which JSON.stringify refuses; 300 characters keep a line readable.
const sampleJson = (row: Record<string, unknown>) =>
  JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)).slice(0, 300);

/** One data test's line on stderr; a failure adds up to five failing rows. */
export function renderTestLine(o: TestOutcome): string {
  const label = `${o.test} on ${o.model}`;
  if (o.status === 'pass') return `✓ ${label}`;
  const mark = o.severity === 'warn' ? '!' : '✗';
  const what = o.failing_rows === null ? (o.message ?? 'could not run') : `${count(o.failing_rows)} failing row${o.failing_rows === 1 ? '' : 's'}`;
  const lines = [`${mark} ${label}  ${what}  (${o.severity}, ${o.where})`];
  for (const row of o.sample) lines.push(`    ${sampleJson(row)}`);
  if (o.failing_rows !== null && o.failing_rows > o.sample.length) lines.push(`    … ${count(o.failing_rows - o.sample.length)} more`);
  return lines.join('\n');
}

export function renderTests(r: TestRunResult): string {
  const pass = r.tests.filter((t) => t.status === 'pass').length;
  const errors = r.tests.filter((t) => t.status === 'fail' && t.severity === 'error').length;
  const warns = r.tests.filter((t) => t.status === 'fail' && t.severity === 'warn').length;
  if (r.tests.length === 0) return `Test run ${r.run_id}: the selected models declare no tests.`;
  return `Test run ${r.run_id}: ${pass} passed, ${errors} failed, ${warns} warned. Artifacts in runs/${r.run_id}/`;
}
