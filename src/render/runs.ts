// `grayscope runs` for people: one line per run, newest first — id, command, status, period, when,
// the parameters that matter, and for an estimate its headline scale with the interval (in 元, 万元
// or 亿元 by its size).
import type { RunEntry, RunsResult } from '../core/runs/list.js';
import { amountScale, count, interval, type Lang, pct, statusLabel } from './format.js';
import { table } from './table.js';

/** A run's parameters in a few words: the estimate's method, bootstrap, seed and scenario; a model run's linkage. */
export function parameterWords(r: Pick<RunEntry, 'command' | 'parameters'>): string {
  const p = (r.parameters ?? {}) as Record<string, unknown>;
  if (r.command === 'estimate') return [`method ${p.method ?? '?'}`, `bootstrap ${p.bootstrap ?? '?'}`, `seed ${p.seed ?? '?'}`, p.scenario ? `scenario ${String(p.scenario)}` : ''].filter(Boolean).join(', ');
  const linkage = p.linkage as { template_clusters?: boolean } | undefined;
  return linkage ? `template clusters ${linkage.template_clusters ? 'on' : 'off'}` : '';
}

function headline(r: RunEntry): string {
  if (r.headline) {
    const scale = amountScale([r.headline.scale_cny, ...(r.headline.ci ?? [])]);
    return `${r.headline.period} ${scale.text(r.headline.scale_cny)} (${interval(r.headline.ci, scale.cell)}, ${r.headline.method})`;
  }
  const s = (r.summary ?? {}) as Record<string, number>;
  // Counts grouped by thousands; a share (templates) as a percentage.
  return Object.entries(s).map(([k, v]) => `${k} ${typeof v !== 'number' ? String(v) : k === 'share' ? pct(v) : count(v)}`).join(', ');
}

const WORDS = {
  zh: {
    none: '尚无运行记录：grayscope run 构建模型，grayscope estimate 估计市场规模。',
    rerunOf: (command: string, of: string) => `${command}（重算自 ${of}）`,
    all: '全部',
    headers: ['运行', '命令', '状态', '报告期', '完成时间', '参数', '结果'],
    diff: '比较两次运行的差异：grayscope runs diff A B。',
  },
  en: {
    none: 'No runs yet: grayscope run builds the models, grayscope estimate sizes the market.',
    rerunOf: (command: string, of: string) => `${command} (rerun of ${of})`,
    all: 'all',
    headers: ['run', 'command', 'status', 'period', 'finished', 'parameters', 'result'],
    diff: 'What differs between two runs: grayscope runs diff A B.',
  },
} as const;

// Parameters and results keep their English keys (method, seed, share …): they are the names --json and the manifest use.
export function renderRuns(result: RunsResult, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  if (result.runs.length === 0) return w.none;
  const rows = result.runs.map((r) => [r.run_id, r.rerun_of ? w.rerunOf(r.command, r.rerun_of) : r.command, statusLabel(r.status, lang), r.period ?? w.all, r.finished_at.slice(0, 19), parameterWords(r), headline(r)]);
  return [table([...w.headers], rows), '', w.diff].join('\n');
}
