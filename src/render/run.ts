// `grayscope run` for people: a line per model on stderr while the run goes, and the summary on stdout.
import type { RunResult } from '../core/models/engine.js';
import type { ModelOutcome } from '../core/models/run.js';
import { count, seconds } from './format.js';

/** One model's line on stderr while `run` goes; a failure adds its code frame and hint. */
export function renderModelLine(o: ModelOutcome): string {
  if (o.status === 'success') return `✓ ${o.name}  ${count(o.rows ?? 0)} ${o.rows === 1 ? 'row' : 'rows'}  ${seconds(o.seconds, 2)}`;
  if (o.status === 'skipped') return `- ${o.name} skipped (upstream ${o.failed_upstream ?? '?'} failed)`;
  const lines = [`✗ ${o.name}  ${o.message ?? 'failed'}`];
  if (o.error?.frame) lines.push(o.error.frame.replace(/^/gm, '    '));
  if (o.error?.hint) lines.push(`    hint: ${o.error.hint}`);
  return lines.join('\n');
}

export function renderRun(r: RunResult): string {
  const by = (s: string) => r.models.filter((m) => m.status === s).length;
  if (r.models.length === 0) return `Run ${r.run_id}: no models to run (add .sql files to queries/).`;
  const parts = [`${by('success')} succeeded`, `${by('error')} failed`, `${by('skipped')} skipped`];
  return `Run ${r.run_id}: ${parts.join(', ')}. Artifacts in runs/${r.run_id}/`;
}
