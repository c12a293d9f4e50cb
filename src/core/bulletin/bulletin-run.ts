// `grayscope bulletin`: reads the report tables of the period (one data layer: no figure is computed
// here), the estimate run's record (sources, reporting rates) and its lower-bound notes, has the chart
// pipeline draw the charts, renders the HTML and Markdown templates per language, optionally prints
// the PDF, writes the files and records the bulletin as a run. The template engine, the charts, the
// font, the PNG and PDF renderers arrive as BulletinEffects; nothing here imports them.
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { withDatabase } from '../db/open.js';
import { configError, GrayscopeError, inputError } from '../errors.js';
import { LOWER_BOUND_NOTE } from '../estimate/counting.js';
import { parsePeriod } from '../periods.js';
import type { Db } from '../ports/db.js';
import type { ProjectIO } from '../ports/project-io.js';
import type { Project } from '../project.js';
import { REPORT_TABLES, type ReportLang, type ReportTable, type ReportTableName, type ReportTableReader } from '../reports/report-table.js';
import { loadedInputs, readRunManifest, startRun, writeRunRecord } from '../runs/record.js';
import { VERSION } from '../version.js';
import type { HeadlineFigures } from './headline.js';
import { bulletinRoot, type BulletinStrings, parseBulletinStrings } from './strings.js';
import { checkTemplateText, refusedConstructs } from './template-check.js';
import { type BulletinChart, type BulletinFacts, bulletinHeadline, bulletinView } from './view.js';

/** The charts the bulletin shows, in order, when their tables have data for the period. */
export const BULLETIN_CHARTS = ['market_scale', 'growth', 'scale_by_category', 'regions_map', 'suspected_complaints', 'templated_share', 'enforcement'] as const;

/** The policy every bulletin page carries, injected by grayscope whatever the template says. */
export const BULLETIN_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";
export const BULLETIN_RUN_ID_KEY = 'grayscope-run-id';

export const BULLETIN_LANGS = ['zh', 'en'] as const satisfies readonly ReportLang[];
export type BulletinFormat = 'html' | 'md' | 'pdf';

export interface BulletinEffects {
  readTable: ReportTableReader;
  /** The named charts of the period drawn to SVG by the chart pipeline (project charts replace shipped ones by name); charts whose table is not in `tables` are skipped. */
  charts(project: Project, options: { names: readonly string[]; tables: ReadonlySet<string>; lang: ReportLang; period: string }): Promise<Array<{ name: string; title: string; svg: string }>>;
  png(svg: string, runId: string): Promise<Uint8Array>;
  /** Throws (exit 2, file:line:col) when the template does not parse or asks for a partial. */
  parseTemplate(text: string, file: string): void;
  renderTemplate(text: string, view: object, format: 'html' | 'md'): string;
  /** @font-face rules (data: URLs) holding the characters of `text`. */
  fontCss(text: string): Promise<string>;
  /** The Chromium to print with, or null; and the hint naming what to install. */
  findChromium(): string | null;
  chromiumHint: string;
  /** Prints each page's HTML file to an A4 PDF (one browser for all of them). */
  pdf(pages: ReadonlyArray<{ htmlFile: string; header: string; footer: string; fontCss: string }>, options: { executablePath: string }): Promise<Uint8Array[]>;
  now?: () => Date;
}

export interface BulletinOptions {
  period?: string | undefined;
  /** zh, en or all (default zh). */
  lang?: string | undefined;
  /** The folder written to (absolute, or relative to the project). Default out/bulletin. */
  out?: string | undefined;
  pdf?: boolean | undefined;
  /** An HTML template of the association's own (absolute path). */
  template?: string | undefined;
  waitSeconds?: number | undefined;
}

export interface BulletinResult {
  period: string;
  /** The estimate run the figures come from. */
  run_id: string;
  /** The bulletin's own run. */
  bulletin_run_id: string;
  files: Array<{ lang: ReportLang; format: BulletinFormat | 'png'; file: string }>;
  /** The headline of the first language written (figures are the same in both). */
  headline: HeadlineFigures;
}

/** The project I/O the bulletin uses: the database, the shipped files, the run record and the files it writes. */
type BulletinIO = ProjectIO;

/** --lang, `all` expanded; checked before anything is read. */
export function bulletinLangs(lang: string | undefined): ReportLang[] {
  const value = lang ?? 'zh';
  if (value === 'all') return [...BULLETIN_LANGS];
  if ((BULLETIN_LANGS as readonly string[]).includes(value)) return [value as ReportLang];
  throw configError(`--lang ${value} is not one of zh, en, all`, 'See `grayscope bulletin --help`.');
}

/** The tables the bulletin reads: market_scale must be there (exit 3 otherwise); a missing other one drops its section. */
async function readTables(db: Db, read: ReportTableReader, period: string | null, lang: ReportLang): Promise<Partial<Record<ReportTableName, ReportTable>>> {
  const tables: Partial<Record<ReportTableName, ReportTable>> = { market_scale: await read(db, 'market_scale', { period, lang }) };
  const resolved = String(tables.market_scale!.meta.period);
  for (const name of Object.keys(REPORT_TABLES) as ReportTableName[]) {
    if (name === 'market_scale') continue;
    try {
      tables[name] = await read(db, name, { period: resolved, lang });
    } catch (err) {
      if (!(err instanceof GrayscopeError && err.code === 'input')) throw err;
    }
  }
  return tables;
}

/** The categories whose estimate for the period is only the observed count (the estimate's own note says so). */
async function lowerBounds(db: Db, period: string): Promise<string[]> {
  const rows = await db.all<{ segment: string }>(
    `SELECT segment FROM estimates_latest WHERE period = ? AND method = 'mse' AND segment <> 'all' AND note = ? ORDER BY segment`,
    [period, LOWER_BOUND_NOTE],
  );
  return rows.map((r) => r.segment);
}

/** The estimate run's inputs and rates, from its manifest; the ledger's files when the run folder is gone. */
async function runFacts(io: BulletinIO, db: Db, projectDir: string, runId: string): Promise<Pick<BulletinFacts, 'sources' | 'rates'>> {
  const manifest = await readRunManifest(io, projectDir, runId);
  const inputs = manifest?.inputs as BulletinFacts['sources'] | undefined;
  const rates = (manifest?.assumptions as { rates?: Record<string, number> } | null | undefined)?.rates ?? null;
  return { sources: Array.isArray(inputs) ? inputs : await loadedInputs(db), rates };
}

async function readShipped(io: BulletinIO, name: string): Promise<string> {
  const file = join(bulletinRoot(), name);
  try {
    return await io.readText(file);
  } catch (err) {
    throw new GrayscopeError('internal', `${file}: the shipped bulletin file cannot be read`, { cause: err, hint: 'Reinstall grayscope.' });
  }
}

/** An association's template: readable, parsing, with a <head>, and free of anything that runs code or reads outside. */
async function userTemplate(io: BulletinIO, effects: BulletinEffects, file: string): Promise<string> {
  let text: string;
  try {
    text = (await io.readText(file)).replace(/^\uFEFF/, '');
  } catch (err) {
    throw configError(`${file}: the template cannot be read: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, 'Name a readable UTF-8 HTML file with --template.');
  }
  checkTemplateText(text, file);
  effects.parseTemplate(text, file);
  if (!/<head\b[^>]*>/i.test(text)) throw configError(`${file}: the template has no <head>`, 'grayscope puts the page policy and run id into <head>: write <head>…</head> in the template.');
  return text;
}

/** The page policy and run id, right after <head>: never left to the template. */
function injectHead(html: string, runId: string): string {
  const escaped = runId.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return html.replace(/<head\b[^>]*>/i, (head) => `${head}\n<meta http-equiv="Content-Security-Policy" content="${BULLETIN_CSP}">\n<meta name="${BULLETIN_RUN_ID_KEY}" content="${escaped}">`);
}

export async function runBulletin(project: Project, io: BulletinIO, effects: BulletinEffects, options: BulletinOptions): Promise<BulletinResult> {
  const langs = bulletinLangs(options.lang);
  const requested = options.period === undefined ? null : parsePeriod(options.period);
  const chromium = options.pdf ? effects.findChromium() : null;
  if (options.pdf && chromium === null) throw configError('--pdf needs a Chromium to print with, and none is installed', effects.chromiumHint);
  const htmlTemplateFile = options.template ?? join(bulletinRoot(), 'bulletin.html.mustache');
  const htmlTemplate = options.template ? await userTemplate(io, effects, options.template) : await readShipped(io, 'bulletin.html.mustache');
  const mdTemplate = await readShipped(io, 'bulletin.md.mustache');
  const strings: BulletinStrings = await parseBulletinStrings(await readShipped(io, 'strings.yaml'), join(bulletinRoot(), 'strings.yaml'));
  if (!io.exists(project.dbPath)) {
    throw inputError(`there is no database at ${project.dbPath}: nothing to report`, 'Load data with `grayscope load`, then `grayscope run` and `grayscope estimate`.');
  }
  const now = effects.now ?? (() => new Date());
  const run = startRun('bulletin', now());
  const out = resolve(project.dir, options.out ?? join('out', 'bulletin'));

  const read = await withDatabase(io, project.dbPath, { readOnly: true, waitSeconds: options.waitSeconds }, async (db) => {
    const byLang = new Map<ReportLang, Partial<Record<ReportTableName, ReportTable>>>();
    let period = requested;
    for (const lang of langs) {
      const tables = await readTables(db, effects.readTable, period, lang);
      byLang.set(lang, tables);
      period = String(tables.market_scale!.meta.period);
    }
    const first = byLang.get(langs[0]!)!.market_scale!;
    const runId = first.meta.run_id === null ? '' : String(first.meta.run_id);
    return { byLang, period: period!, runId, floors: await lowerBounds(db, period!), facts: await runFacts(io, db, project.dir, runId) };
  });
  const facts: BulletinFacts = { ...read.facts, lowerBound: read.floors, version: VERSION, bulletinRunId: run.run_id };

  const files: BulletinResult['files'] = [];
  const writes: Array<() => Promise<void>> = [];
  const pages: Array<{ lang: ReportLang; file: string; header: string; fontCss: string }> = [];
  let headline: HeadlineFigures | undefined;
  for (const lang of langs) {
    const tables = read.byLang.get(lang)!;
    const drawn = await effects.charts(project, { names: BULLETIN_CHARTS, tables: new Set(Object.keys(tables)), lang, period: read.period });
    headline ??= bulletinHeadline({ lang, tables, strings });
    // HTML: charts inline; the font cut to the page's characters, which are known once the page is rendered without it.
    const htmlCharts: BulletinChart[] = drawn.map((c) => ({ name: c.name, title: c.title, svg: c.svg }));
    const view = bulletinView({ lang, tables, facts, charts: htmlCharts, strings });
    const draft = effects.renderTemplate(htmlTemplate, { ...view, font_css: '' }, 'html');
    const fontCss = await effects.fontCss(draft);
    const rendered = effects.renderTemplate(htmlTemplate, { ...view, font_css: fontCss }, 'html');
    // What the data brought into the page is checked too (the template was checked before rendering).
    const leaks = refusedConstructs(rendered, `bulletin.${lang}.html`);
    if (leaks.length) throw new GrayscopeError('internal', `the rendered bulletin would run code or read outside: ${leaks.join('; ')}`, { hint: `Template ${htmlTemplateFile}. This is a bug in grayscope: report it.` });
    const html = injectHead(rendered, read.runId);
    const htmlFile = join(out, `bulletin.${lang}.html`);
    writes.push(() => io.writeText(htmlFile, html));
    files.push({ lang, format: 'html', file: htmlFile });
    pages.push({ lang, file: htmlFile, header: `${view.title} · ${view.period_label}`, fontCss });
    // Markdown: the same view, charts as PNG files beside it, linked relatively.
    const folder = `bulletin.${lang}_charts`;
    const mdCharts: BulletinChart[] = [];
    for (const c of drawn) {
      const png = await effects.png(c.svg, read.runId || 'none');
      const file = join(out, folder, `${c.name}.png`);
      writes.push(() => io.writeBytes(file, png));
      files.push({ lang, format: 'png', file });
      mdCharts.push({ name: c.name, title: c.title, png: `${folder}/${c.name}.png` });
    }
    const md = effects.renderTemplate(mdTemplate, bulletinView({ lang, tables, facts, charts: mdCharts, strings }), 'md');
    const mdFile = join(out, `bulletin.${lang}.md`);
    writes.push(() => io.writeText(mdFile, md));
    files.push({ lang, format: 'md', file: mdFile });
  }
  for (const write of writes) await write();
  if (chromium !== null) {
    const pdfs = await effects.pdf(pages.map((p) => ({ htmlFile: p.file, header: p.header, footer: `grayscope · ${read.runId}`, fontCss: p.fontCss })), { executablePath: chromium });
    for (const [i, page] of pages.entries()) {
      const file = join(out, `bulletin.${page.lang}.pdf`);
      await io.writeBytes(file, pdfs[i]!);
      files.push({ lang: page.lang, format: 'pdf', file });
    }
  }
  const result: BulletinResult = { period: read.period, run_id: read.runId, bulletin_run_id: run.run_id, files, headline: headline! };
  const templateSha = createHash('sha256').update(htmlTemplate).digest('hex');
  await withDatabase(io, project.dbPath, { readOnly: false, waitSeconds: options.waitSeconds }, (db) =>
    writeRunRecord(db, io, project.dir, {
      start: run,
      finished_at: now().toISOString(),
      status: 'success',
      period: read.period,
      selection: { lang: langs, pdf: Boolean(options.pdf), template: options.template ? 'project' : 'shipped' },
      summary: { files: files.length, estimate_run_id: read.runId },
      manifest: { parameters: { period: requested, lang: langs, pdf: Boolean(options.pdf), out }, estimate_run_id: read.runId, template: { path: htmlTemplateFile, sha256: templateSha } },
      results: { files: files.map((f) => ({ ...f })), headline: result.headline },
    }),
  );
  return result;
}
