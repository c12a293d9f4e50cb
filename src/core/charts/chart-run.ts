// `grayscope chart NAME...` and `chart --list`: finds the charts, reads each spec and its sidecar,
// reads the report tables they name, composes each chart per language and renders it to the formats
// asked for, then writes NAME.LANG.EXT files. Nothing here touches a file, vega or the database
// driver: the table reader, the composer, the renderer and the writers arrive as ChartEffects.
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { chartNumberLocale } from '../../render/format.js';
import { withDatabase } from '../db/open.js';
import { configError, GrayscopeError, inputError, usageError } from '../errors.js';
import type { ProjectIO } from '../ports/project-io.js';
import type { Project } from '../project.js';
import { REPORT_TABLES, type ReportLang, type ReportTable, type ReportTableName, type ReportTableReader } from '../reports/report-table.js';
import { parseYaml } from '../yaml-schema.js';
import type { ChartSpec } from './compose.js';
import { type ChartFile, chartFault, type ChartOrigin, discoverCharts, SIDECAR_SUFFIX } from './discover.js';

export const CHART_FORMATS = ['vl', 'svg', 'png', 'html'] as const;
export type ChartFormat = (typeof CHART_FORMATS)[number];
export const CHART_LANGS = ['zh', 'en'] as const satisfies readonly ReportLang[];

/** The file extension of each format: NAME.LANG.vl.json is still a Vega-Lite file to any tool. */
const EXTENSION: Record<ChartFormat, string> = { vl: 'vl.json', svg: 'svg', png: 'png', html: 'html' };

/** What the chart command needs of a sidecar; the sidecar schema (sidecar.ts) defines the rest. */
export interface ChartSidecarBase {
  table: string;
  title: Record<ReportLang, string>;
}

/** A spec as JSON: Vega-Lite, with its data named `table` until composed. */
export type { ChartSpec };

export interface ChartLocale {
  number?: Record<string, unknown>;
  time?: Record<string, unknown>;
}

/** What rendering returns; `warnings` and `clipped` are failures the core reports. */
export interface RenderedSvg {
  svg: string;
  warnings: string[];
  clipped: Array<{ text: string }>;
}

/** The renderer (src/adapters/chart-output.ts over chart-render.ts and chart-html.ts). `name` names the chart file in errors. */
export interface ChartRenderer {
  /** Problems with a composed spec as Vega-Lite (schema, compile warnings); empty when it is valid. */
  check(source: { name: string; spec: ChartSpec }): Promise<string[]>;
  svg(source: { name: string; spec: ChartSpec }, options: { runId: string; locale?: ChartLocale }): Promise<RenderedSvg>;
  png(svg: string, options: { runId: string; scale?: number }): Promise<Uint8Array>;
  html(source: { name: string; spec: ChartSpec }, options: { runId: string; lang: ReportLang; title: string; locale?: ChartLocale }): Promise<{ html: string; warnings: string[] }>;
}

export interface ChartEffects<S extends ChartSidecarBase = ChartSidecarBase> {
  /** The sidecar's zod schema (src/core/charts/sidecar.ts); errors name file:line:col. */
  sidecarSchema: z.ZodType<S>;
  readTable: ReportTableReader;
  /** composeSpec (src/core/charts/compose.ts): data inlined, texts, title and subtitle filled. Pure. */
  compose(spec: ChartSpec, sidecar: S, table: ReportTable, lang: ReportLang, chartFile: string): ChartSpec;
  render: ChartRenderer;
}

export type ChartIO = Pick<ProjectIO, 'exists' | 'openDatabase' | 'listFiles' | 'readText' | 'writeText' | 'writeBytes'>;

export interface ChartListEntry {
  name: string;
  table: string;
  title: string;
  origin: ChartOrigin;
  /** The spec file, relative to the project when inside it. */
  file: string;
}

export interface ChartListResult {
  lang: ReportLang;
  charts: ChartListEntry[];
}

export interface ChartRunOptions {
  /** Chart names; `all` means every chart. */
  names: string[];
  period?: string | undefined;
  /** vl, svg, png, html or all. */
  format?: string | undefined;
  /** zh, en or all. */
  lang?: string | undefined;
  /** The folder written to (absolute, or relative to the project). Default out/charts in the project. */
  out?: string | undefined;
  /** PNG pixels per SVG pixel. */
  scale?: number | undefined;
  waitSeconds?: number | undefined;
  /** Where the shipped charts are (tests); default reports/charts at the package root. */
  shippedRoot?: string | undefined;
}

export interface ChartWritten {
  name: string;
  lang: ReportLang;
  format: ChartFormat;
  file: string;
  run_id: string | null;
}

export interface ChartRunResult {
  charts: ChartWritten[];
  period: string | null;
}

interface LoadedChart<S> {
  file: ChartFile;
  spec: ChartSpec;
  sidecar: S;
  table: ReportTableName;
}

/** `--format` and `--lang` values, `all` expanded, checked before any file is read. */
export function chartChoices(format: string | undefined, lang: string | undefined): { formats: ChartFormat[]; langs: ReportLang[] } {
  const pick = <T extends string>(flag: string, value: string, all: readonly T[]): T[] => {
    if (value === 'all') return [...all];
    if ((all as readonly string[]).includes(value)) return [value as T];
    throw usageError(`--${flag} ${value} is not one of ${all.join(', ')}, all`, `See \`grayscope chart --help\`.`);
  };
  return { formats: pick('format', format ?? 'png', CHART_FORMATS), langs: pick('lang', lang ?? 'zh', CHART_LANGS) };
}

/** Every place a spec names a file or URL (a `url` anywhere, an image mark): refused before anything is read. */
function readsOutside(value: unknown, path: string, found: string[]): string[] {
  if (Array.isArray(value)) value.forEach((v, i) => readsOutside(v, `${path}[${i}]`, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key === 'url') found.push(`${at} ${typeof v === 'string' ? v : JSON.stringify(v)}`);
      else if ((key === 'mark' || key === 'type') && v === 'image') found.push(`an image mark at ${path || '(top level)'}`);
      else readsOutside(v, at, found);
    }
  }
  return found;
}

async function loadChart<S extends ChartSidecarBase>(io: ChartIO, effects: ChartEffects<S>, file: ChartFile): Promise<LoadedChart<S>> {
  let spec: ChartSpec;
  try {
    const parsed: unknown = JSON.parse((await io.readText(file.spec)).replace(/^\uFEFF/, ''));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the file is not a JSON object');
    spec = parsed as ChartSpec;
  } catch (err) {
    throw chartFault(file.origin, `${file.display}: the chart spec is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, 'A chart spec is one Vega-Lite JSON object.');
  }
  const outside = readsOutside(spec, '', []);
  if (outside.length) {
    // Always the chart author's to fix (exit 2), shipped or not: the rule is that no chart reads outside.
    throw configError(`${file.display}: a chart cannot read files or URLs, and this one asks for ${outside.join(', ')}`, 'Use the data set grayscope fills ({"name": "table"}); remove data.url and image marks.', {
      chart: file.display,
      refused: outside,
    });
  }
  const hint = `A sidecar holds table (a report table: ${Object.keys(REPORT_TABLES).join(', ')}), title and subtitle ({zh, en}) and texts.`;
  let sidecar: S;
  try {
    sidecar = await parseYaml(effects.sidecarSchema, await io.readText(file.sidecar), file.sidecarDisplay, hint);
  } catch (err) {
    if (err instanceof GrayscopeError && file.origin === 'shipped') throw chartFault('shipped', err.message, hint);
    throw err;
  }
  if (!(sidecar.table in REPORT_TABLES)) {
    throw chartFault(file.origin, `${file.sidecarDisplay}: table "${sidecar.table}" is not a report table`, `Name one of ${Object.keys(REPORT_TABLES).join(', ')}.`);
  }
  return { file, spec, sidecar, table: sidecar.table as ReportTableName };
}

async function readSidecars<S extends ChartSidecarBase>(io: ChartIO, effects: ChartEffects<S>, charts: ChartFile[]): Promise<Array<{ file: ChartFile; sidecar: S }>> {
  const hint = `Fix the sidecar (${SIDECAR_SUFFIX}).`;
  return Promise.all(charts.map(async (file) => ({ file, sidecar: await parseYaml(effects.sidecarSchema, await io.readText(file.sidecar), file.sidecarDisplay, hint) })));
}

/** `grayscope chart --list`: every chart with the table it reads, its title in `lang` and where it comes from. */
export async function listCharts<S extends ChartSidecarBase>(project: Project, io: ChartIO, effects: ChartEffects<S>, options: { lang?: string; shippedRoot?: string }): Promise<ChartListResult> {
  const lang: ReportLang = options.lang === 'en' ? 'en' : 'zh';
  const files = await discoverCharts(io, { projectDir: project.dir, ...(options.shippedRoot ? { shippedRoot: options.shippedRoot } : {}) });
  const charts = await readSidecars(io, effects, files);
  return { lang, charts: charts.map(({ file, sidecar }) => ({ name: file.name, table: sidecar.table, title: sidecar.title[lang], origin: file.origin, file: file.display })) };
}

/** The chart files NAME... names (`all`: every one); an unknown name is a usage error listing them. */
function pickCharts(all: ChartFile[], names: string[]): ChartFile[] {
  if (names.length === 0) throw usageError('name a chart (or all), or list them with --list', `Charts: ${all.map((c) => c.name).join(', ') || '(none)'}.`);
  if (names.includes('all')) return all;
  const byName = new Map(all.map((c) => [c.name, c]));
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length) {
    throw usageError(`no chart named ${unknown.map((n) => `"${n}"`).join(', ')}`, `Charts: ${all.map((c) => c.name).join(', ') || '(none)'}; \`grayscope chart --list\` shows what each draws.`, {
      unknown,
      charts: all.map((c) => c.name),
    });
  }
  return [...new Set(names)].map((n) => byName.get(n)!);
}

/** vega's locale for a language: numbers as format.ts writes them. */
export function chartLocale(lang: ReportLang): ChartLocale {
  return { number: chartNumberLocale(lang) };
}

/** The renderer's errors about the spec itself are the chart author's (2) or ours (70); its refusals of files and URLs stay exit 2. */
function asChartError(chart: LoadedChart<unknown>, err: unknown): unknown {
  if (err instanceof GrayscopeError && err.code === 'config' && !err.details?.refused) return chartFault(chart.file.origin, err.message, err.hint ?? 'Fix the spec.', err.details);
  return err;
}

function checkClean(chart: LoadedChart<unknown>, lang: ReportLang, what: string, warnings: string[], clipped: Array<{ text: string }> = []): void {
  if (warnings.length) {
    throw chartFault(chart.file.origin, `${chart.file.display} (${lang}): ${what}: ${warnings.join('; ')}`, 'A chart is written only when vega-lite and vega draw it without a warning: fix the spec.', {
      chart: chart.file.display,
      warnings,
    });
  }
  if (clipped.length) {
    const texts = clipped.map((t) => `"${t.text}"`).join(', ');
    throw chartFault(chart.file.origin, `${chart.file.display} (${lang}): text reaches outside the picture and would be clipped: ${texts}`, 'Give the chart more room (width, height, padding) or shorter labels (labelLimit).', {
      chart: chart.file.display,
      clipped: clipped.map((t) => t.text),
    });
  }
}

interface Output {
  written: ChartWritten;
  content: string | Uint8Array;
}

async function renderOne<S extends ChartSidecarBase>(chart: LoadedChart<S>, table: ReportTable, lang: ReportLang, formats: ChartFormat[], effects: ChartEffects<S>, out: string, scale: number | undefined): Promise<Output[]> {
  const runId = table.meta.run_id == null ? null : String(table.meta.run_id);
  const stamp = runId ?? 'none';
  const spec = effects.compose(chart.spec, chart.sidecar, table, lang, chart.file.display);
  const source = { name: chart.file.display, spec };
  const locale = chartLocale(lang);
  const outputs: Output[] = [];
  const add = (format: ChartFormat, content: string | Uint8Array) =>
    outputs.push({ written: { name: chart.file.name, lang, format, file: join(out, `${chart.file.name}.${lang}.${EXTENSION[format]}`), run_id: runId }, content });
  try {
    checkClean(chart, lang, 'not valid Vega-Lite', await effects.render.check(source));
    if (formats.includes('vl')) add('vl', `${JSON.stringify({ ...spec, usermeta: { ...(spec.usermeta as object | undefined), 'grayscope-run-id': runId } }, null, 2)}\n`);
    if (formats.includes('svg') || formats.includes('png')) {
      const drawn = await effects.render.svg(source, { runId: stamp, locale });
      checkClean(chart, lang, 'vega warns', drawn.warnings, drawn.clipped);
      if (formats.includes('svg')) add('svg', drawn.svg);
      if (formats.includes('png')) add('png', await effects.render.png(drawn.svg, { runId: stamp, ...(scale === undefined ? {} : { scale }) }));
    }
    if (formats.includes('html')) {
      const page = await effects.render.html(source, { runId: stamp, lang, title: chart.sidecar.title[lang], locale });
      checkClean(chart, lang, 'vega warns', page.warnings);
      add('html', page.html);
    }
  } catch (err) {
    throw asChartError(chart, err);
  }
  return outputs;
}

/**
 * `grayscope chart NAME... [--period P] [--format F] [--lang L] [--out DIR] [--scale N]`. Every chart
 * is composed and rendered in memory first; files are written only when all of them drew cleanly,
 * so a failure never leaves a half-written folder of charts behind.
 */
export async function runCharts<S extends ChartSidecarBase>(project: Project, io: ChartIO, effects: ChartEffects<S>, options: ChartRunOptions): Promise<ChartRunResult> {
  const { formats, langs } = chartChoices(options.format, options.lang);
  if (options.scale !== undefined && !(options.scale > 0 && options.scale <= 10)) throw usageError(`--scale must be a number above 0 and at most 10, not ${options.scale}`);
  const files = pickCharts(await discoverCharts(io, { projectDir: project.dir, ...(options.shippedRoot ? { shippedRoot: options.shippedRoot } : {}) }), options.names);
  const charts: Array<LoadedChart<S>> = [];
  for (const file of files) charts.push(await loadChart(io, effects, file));
  if (!io.exists(project.dbPath)) {
    throw inputError(`there is no database at ${project.dbPath}: nothing to chart`, 'Load data with `grayscope load`, then `grayscope run` and `grayscope estimate`.');
  }
  const out = resolve(project.dir, options.out ?? join('out', 'charts'));
  let period: string | null = options.period ?? null;
  const outputs = await withDatabase(io, project.dbPath, { readOnly: true, waitSeconds: options.waitSeconds }, async (db) => {
    const tables = new Map<string, ReportTable>();
    const done: Output[] = [];
    for (const lang of langs) {
      for (const chart of charts) {
        const key = `${chart.table}|${lang}`;
        let table = tables.get(key);
        if (table === undefined) {
          table = await effects.readTable(db, chart.table, { period: options.period ?? null, lang });
          tables.set(key, table);
          if (period === null && typeof table.meta.period === 'string') period = table.meta.period;
        }
        done.push(...(await renderOne(chart, table, lang, formats, effects, out, options.scale)));
      }
    }
    return done;
  });
  for (const { written, content } of outputs) {
    await (typeof content === 'string' ? io.writeText(written.file, content) : io.writeBytes(written.file, content));
  }
  return { charts: outputs.map((o) => o.written), period };
}
