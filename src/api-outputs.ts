// The programmatic API of the outputs (charts now; returns and the bulletin next), kept out of api.ts
// so the composition root stays small: each function resolves the project, wires the real adapters
// and calls one core function. Everything heavy (vega, resvg, the tables) is imported lazily.
import { projectIO } from './adapters/project-io.js';
import type { ChartSidecar } from './core/charts/sidecar.js';
import type { ChartEffects, ChartListResult, ChartRunOptions, ChartRunResult } from './core/charts/chart-run.js';
import { cwdOf, type ProjectFlags, projectOf } from './api-project.js';

/** The real table reader, sidecar schema, composer and renderer. */
async function chartEffects(): Promise<ChartEffects<ChartSidecar>> {
  const [{ readReportTable }, { chartSidecarSchema }, { composeSpec }, { chartRenderer }] = await Promise.all([
    import('./core/reports/tables.js'),
    import('./core/charts/sidecar.js'),
    import('./core/charts/compose.js'),
    import('./adapters/chart-output.js'),
  ]);
  return { readTable: readReportTable, sidecarSchema: chartSidecarSchema, compose: composeSpec, render: chartRenderer };
}

export type ChartCommandOptions = ProjectFlags & Omit<ChartRunOptions, 'shippedRoot'>;

/** `grayscope chart NAME...`: the charts composed from the latest estimate and written as NAME.LANG.EXT. */
export async function chartCommand(options: ChartCommandOptions): Promise<ChartRunResult> {
  const { runCharts, chartChoices } = await import('./core/charts/chart-run.js');
  chartChoices(options.format, options.lang); // usage errors before the project is read
  const project = await projectOf(options);
  const out = options.out === undefined ? undefined : (await import('node:path')).resolve(cwdOf(options), options.out);
  return runCharts(project, projectIO, await chartEffects(), { ...options, out });
}

/** `grayscope chart --list`: the charts there are (shipped and the project's), with their table and title. */
export async function chartListCommand(options: ProjectFlags & { lang?: string }): Promise<ChartListResult> {
  const { listCharts } = await import('./core/charts/chart-run.js');
  return listCharts(await projectOf(options), projectIO, await chartEffects(), options);
}

/** The demo's charts: every chart, both languages, every format, into the project's out/charts. */
export async function demoCharts(project: import('./core/project.js').Project): Promise<{ out: string; files: number; period: string | null }> {
  const { runCharts } = await import('./core/charts/chart-run.js');
  const result = await runCharts(project, projectIO, await chartEffects(), { names: ['all'], format: 'all', lang: 'all' });
  return { out: (await import('node:path')).join(project.dir, 'out', 'charts'), files: result.charts.length, period: result.period };
}

/** `grayscope return templates`: the return templates (shipped and the project's) with version, periods and sheets. */
export async function returnTemplatesCommand(options: ProjectFlags & { lang?: string }): Promise<import('./core/returns/discover.js').ReturnTemplatesResult> {
  const { listReturnTemplates } = await import('./core/returns/discover.js');
  const project = await projectOf(options);
  return listReturnTemplates(projectIO, { projectDir: project.dir, lang: options.lang });
}
