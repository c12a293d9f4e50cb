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

/** The chart pipeline drawing PNGs in memory for a return: runCharts with writes captured instead of written. */
function returnChartEffect(project: import('./core/project.js').Project, waitSeconds: number | undefined) {
  return async (names: string[], period: string, lang: 'zh' | 'en'): Promise<Map<string, Uint8Array>> => {
    const { runCharts } = await import('./core/charts/chart-run.js');
    const captured = new Map<string, Uint8Array>();
    const io = { ...projectIO, writeText: async () => {}, writeBytes: async (path: string, bytes: Uint8Array) => void captured.set(path, bytes) };
    const result = await runCharts(project, io, await chartEffects(), { names, period, format: 'png', lang, waitSeconds });
    return new Map(result.charts.map((c) => [c.name, captured.get(c.file)!]));
  };
}

async function returnEffects(project: import('./core/project.js').Project, waitSeconds: number | undefined): Promise<import('./core/returns/build.js').ReturnBuildEffects> {
  const [{ readReportTable }, { returnWorkbook }] = await Promise.all([import('./core/reports/tables.js'), import('./adapters/return-xlsx.js')]);
  return { readTable: readReportTable, workbook: returnWorkbook, charts: returnChartEffect(project, waitSeconds) };
}

export type ReturnBuildCommandOptions = ProjectFlags & import('./core/returns/build.js').ReturnBuildOptions;

/** `grayscope return build`: the Excel return of one template and quarter (exit 1 when it is a draft: returnBuildExitCode). */
export async function returnBuildCommand(options: ReturnBuildCommandOptions): Promise<import('./core/returns/build.js').ReturnBuildResult> {
  const { buildReturn } = await import('./core/returns/build.js');
  const project = await projectOf(options);
  const out = options.out === undefined ? undefined : (await import('node:path')).resolve(cwdOf(options), options.out);
  return buildReturn(project, projectIO, await returnEffects(project, options.waitSeconds), { ...options, out });
}

/** The demo's returns: every template for the latest quarter, in Chinese, into the project's out/returns. */
export async function demoReturns(project: import('./core/project.js').Project): Promise<Array<{ template: string; file: string; version: number; draft: boolean; blocking_failed: number; warnings: number }>> {
  const [{ buildReturn }, { discoverReturnTemplates }] = await Promise.all([import('./core/returns/build.js'), import('./core/returns/discover.js')]);
  const effects = await returnEffects(project, undefined);
  const out = [];
  for (const { template } of await discoverReturnTemplates(projectIO, { projectDir: project.dir })) {
    const r = await buildReturn(project, projectIO, effects, { template: template.id });
    out.push({ template: r.template, file: r.file, version: r.version, draft: r.draft, blocking_failed: r.validation.blocking_failed, warnings: r.validation.warnings });
  }
  return out;
}

/** The templates a return may name: the project's (replacing shipped ones by id) and every shipped one, so a return of a shipped version still validates in a project that overrides it. */
async function returnTemplateCandidates(projectDir: string): Promise<import('./core/returns/discover.js').TemplateFile[]> {
  const { discoverReturnTemplates, shippedReturnsRoot } = await import('./core/returns/discover.js');
  const merged = await discoverReturnTemplates(projectIO, { projectDir });
  // A folder with no reports/returns of its own: only the shipped templates.
  const shipped = await discoverReturnTemplates(projectIO, { projectDir: shippedReturnsRoot() });
  return [...merged, ...shipped.filter((s) => !merged.some((m) => m.template.id === s.template.id && m.template.version === s.template.version))];
}

async function returnFileEffects(): Promise<import('./core/returns/export.js').ReturnFileEffects> {
  const [{ readWorkbookCells }, { packageSource, outputFolder }] = await Promise.all([import('./adapters/return-read.js'), import('./adapters/return-package.js')]);
  return { readWorkbook: readWorkbookCells, packageSource, folder: outputFolder };
}

export type { ReturnValidateResult, ValidateRule } from './core/returns/validate.js';
export type { ReturnExportFormat, ReturnExportResult } from './core/returns/export.js';

/** `grayscope return validate FILE.xlsx|DIR`: the return's checks, built figures against the manifest first; exit 1 (validateExitCode) on a blocking failure or an unexplained warning. */
export async function returnValidateCommand(options: ProjectFlags & { file: string }): Promise<import('./core/returns/validate.js').ReturnValidateResult> {
  const [{ resolve }, { validateReturnFile }] = await Promise.all([import('node:path'), import('./core/returns/export.js')]);
  const project = await projectOf(options);
  const path = resolve(cwdOf(options), options.file);
  return validateReturnFile(await returnFileEffects(), { path, shown: options.file, candidates: await returnTemplateCandidates(project.dir) });
}

/** `grayscope return export FILE.xlsx --format xbrl-csv|csv --out DIR`: the return's machine-readable twin. */
export async function returnExportCommand(options: ProjectFlags & { file: string; format: import('./core/returns/export.js').ReturnExportFormat; out: string; force?: boolean }): Promise<import('./core/returns/export.js').ReturnExportResult> {
  const [{ resolve }, { exportReturnFile }] = await Promise.all([import('node:path'), import('./core/returns/export.js')]);
  const project = await projectOf(options);
  return exportReturnFile(await returnFileEffects(), {
    path: resolve(cwdOf(options), options.file),
    shown: options.file,
    candidates: await returnTemplateCandidates(project.dir),
    format: options.format,
    out: resolve(cwdOf(options), options.out),
    outShown: options.out,
    force: options.force,
  });
}

/** The exit code of `return validate`: 1 when a blocking check failed or a triggered warning has no explanation. */
export const returnValidateExitCode = (r: { blocking_failed: number; unexplained: number }): 0 | 1 => (r.blocking_failed > 0 || r.unexplained > 0 ? 1 : 0);

/** The bulletin's effects: the report tables, the chart pipeline drawing into memory, mustache, the font, resvg and Chromium. */
async function bulletinEffects(): Promise<import('./core/bulletin/bulletin-run.js').BulletinEffects> {
  const [{ readReportTable }, { runCharts, listCharts }, template, { bulletinFontCss }, { printPdfs }, browser, { svgToPng }] = await Promise.all([
    import('./core/reports/tables.js'),
    import('./core/charts/chart-run.js'),
    import('./adapters/bulletin-template.js'),
    import('./adapters/bulletin-font.js'),
    import('./adapters/bulletin-pdf.js'),
    import('./adapters/browser.js'),
    import('./adapters/chart-render.js'),
  ]);
  const charts = await chartEffects();
  return {
    readTable: readReportTable,
    async charts(project, { names, tables, lang, period }) {
      const listed = (await listCharts(project, projectIO, charts, { lang })).charts;
      const chosen = names.filter((n) => listed.some((c) => c.name === n && tables.has(c.table)));
      if (chosen.length === 0) return [];
      // The chart command itself draws them (checks, project overrides, clean-render rules), into memory.
      const svgs = new Map<string, string>();
      const io = { ...projectIO, writeText: async (path: string, text: string) => void svgs.set(path, text), writeBytes: async () => undefined };
      const drawn = await runCharts(project, io, charts, { names: chosen, format: 'svg', lang, period });
      return drawn.charts.map((c) => ({ name: c.name, title: listed.find((l) => l.name === c.name)!.title, svg: svgs.get(c.file)! }));
    },
    png: (svg, runId) => svgToPng(svg, { runId, scale: 2 }),
    parseTemplate: template.parseTemplate,
    renderTemplate: template.renderTemplate,
    fontCss: bulletinFontCss,
    findChromium: () => browser.findChromium(),
    chromiumHint: browser.CHROMIUM_HINT,
    pdf: printPdfs,
  };
}

export type BulletinCommandOptions = ProjectFlags & import('./core/bulletin/bulletin-run.js').BulletinOptions;

/** `grayscope bulletin`: the industry bulletin of a period as HTML and Markdown (and PDF), in zh, en or both. */
export async function bulletinCommand(options: BulletinCommandOptions): Promise<import('./core/bulletin/bulletin-run.js').BulletinResult> {
  const [{ runBulletin, bulletinLangs }, { resolve }] = await Promise.all([import('./core/bulletin/bulletin-run.js'), import('node:path')]);
  bulletinLangs(options.lang); // usage errors before the project is read
  const project = await projectOf(options);
  const rel = (p: string | undefined) => (p === undefined ? undefined : resolve(cwdOf(options), p));
  return runBulletin(project, projectIO, await bulletinEffects(), { ...options, out: rel(options.out), template: rel(options.template) });
}

/** The demo's bulletin: both languages, HTML and Markdown (and PDF where a Chromium is installed), into out/bulletin. */
export async function demoBulletin(project: import('./core/project.js').Project): Promise<{ out: string; files: number; period: string; pdf: boolean }> {
  const { runBulletin } = await import('./core/bulletin/bulletin-run.js');
  const effects = await bulletinEffects();
  let pdf = effects.findChromium() !== null;
  let result;
  try {
    result = await runBulletin(project, projectIO, effects, { lang: 'all', pdf });
  } catch (err) {
    // A Chromium that is there but will not start must not cost the demo its bulletin: without the PDF then.
    if (!pdf) throw err;
    pdf = false;
    result = await runBulletin(project, projectIO, effects, { lang: 'all', pdf });
  }
  return { out: (await import('node:path')).join(project.dir, 'out', 'bulletin'), files: result.files.length, period: result.period, pdf };
}
