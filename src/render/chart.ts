// `grayscope chart` for people: one line per file written, or the list of charts.
import type { ChartListResult, ChartRunResult } from '../core/charts/chart-run.js';
import { table } from './table.js';

export function renderChartRun(r: ChartRunResult): string {
  const lines = r.charts.map((c) => `${c.file}`);
  const runs = [...new Set(r.charts.map((c) => c.run_id ?? 'no estimate run'))];
  return `${lines.join('\n')}\nWrote ${r.charts.length} file${r.charts.length === 1 ? '' : 's'} for ${r.period ?? 'the latest period'} (run ${runs.join(', ')}).`;
}

export function renderChartList(r: ChartListResult): string {
  if (r.charts.length === 0) return 'No charts: none shipped and none in reports/charts/.';
  return table(['name', 'table', 'title', 'origin'], r.charts.map((c) => [c.name, c.table, c.title, c.origin]));
}
