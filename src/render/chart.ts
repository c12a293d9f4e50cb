// `grayscope chart` for people: one line per file written, or the list of charts.
import type { ChartListResult, ChartRunResult } from '../core/charts/chart-run.js';
import type { Lang } from './format.js';
import { table } from './table.js';

const WORDS = {
  zh: {
    noRun: '无估计运行',
    wrote: (n: number, period: string, runs: string) => `已为 ${period} 写入 ${n} 个文件（运行 ${runs}）。`,
    latest: '最新报告期',
    none: '没有图表：既无内置图表，reports/charts/ 中也没有。',
    headers: ['名称', '结果表', '标题', '来源'],
    sep: '、',
  },
  en: {
    noRun: 'no estimate run',
    wrote: (n: number, period: string, runs: string) => `Wrote ${n} file${n === 1 ? '' : 's'} for ${period} (run ${runs}).`,
    latest: 'the latest period',
    none: 'No charts: none shipped and none in reports/charts/.',
    headers: ['name', 'table', 'title', 'origin'],
    sep: ', ',
  },
} as const;

export function renderChartRun(r: ChartRunResult, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  const lines = r.charts.map((c) => `${c.file}`);
  const runs = [...new Set(r.charts.map((c) => c.run_id ?? w.noRun))];
  return `${lines.join('\n')}\n${w.wrote(r.charts.length, r.period ?? w.latest, runs.join(w.sep))}`;
}

export function renderChartList(r: ChartListResult, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  if (r.charts.length === 0) return w.none;
  return table([...w.headers], r.charts.map((c) => [c.name, c.table, c.title, c.origin]));
}
