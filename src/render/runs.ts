// `grayscope runs` for people: one line per run, newest first — id, command, status, period, when,
// the parameters that matter, and for an estimate its headline scale in 亿元 with the interval.
import type { RunEntry, RunsResult } from '../core/runs/list.js';
import { amount, interval } from './format.js';
import { table } from './table.js';

const yi = (x: number | null | undefined) => amount(x, { unit: 'yi', decimals: 1 });

/** A run's parameters in a few words: the estimate's method, bootstrap, seed and scenario; a model run's linkage. */
export function parameterWords(r: Pick<RunEntry, 'command' | 'parameters'>): string {
  const p = (r.parameters ?? {}) as Record<string, unknown>;
  if (r.command === 'estimate') return [`method ${p.method ?? '?'}`, `bootstrap ${p.bootstrap ?? '?'}`, `seed ${p.seed ?? '?'}`, p.scenario ? `scenario ${String(p.scenario)}` : ''].filter(Boolean).join(', ');
  const linkage = p.linkage as { template_clusters?: boolean } | undefined;
  return linkage ? `template clusters ${linkage.template_clusters ? 'on' : 'off'}` : '';
}

function headline(r: RunEntry): string {
  if (r.headline) return `${r.headline.period} ${yi(r.headline.scale_cny)} (${interval(r.headline.ci, (x) => amount(x, { unit: 'yi', decimals: 1, showUnit: false }))}, ${r.headline.method})`;
  const s = (r.summary ?? {}) as Record<string, number>;
  return Object.entries(s).map(([k, v]) => `${k} ${v}`).join(', ');
}

export function renderRuns(result: RunsResult): string {
  if (result.runs.length === 0) return 'No runs yet: grayscope run builds the models, grayscope estimate sizes the market.';
  const rows = result.runs.map((r) => [r.run_id, r.rerun_of ? `${r.command} (rerun of ${r.rerun_of})` : r.command, r.status, r.period ?? 'all', r.finished_at.slice(0, 19), parameterWords(r), headline(r)]);
  return [table(['run', 'command', 'status', 'period', 'finished', 'parameters', 'result'], rows), '', 'What differs between two runs: grayscope runs diff A B.'].join('\n');
}
