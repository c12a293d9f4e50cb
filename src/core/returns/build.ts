// `grayscope return build`: the Excel regulatory return of one template and quarter. Reads the
// figures from the report tables (read-only), computes the totals, runs the checks, decides the
// version (a new one, the same one unchanged, an amendment, or a refusal to overwrite a filed
// return silently), has the workbook drawn (src/adapters/return-xlsx.ts, through effects), and
// records the version and the run in one short write. A return whose blocking checks fail is still
// written, as a draft (file name _DRAFT, a red note on the cover), and the command exits 1.
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { applySchema } from '../db/schema.js';
import { withDatabase } from '../db/open.js';
import { GrayscopeError, inputError, usageError } from '../errors.js';
import { displayPath } from '../paths.js';
import type { ProjectIO } from '../ports/project-io.js';
import type { Project } from '../project.js';
import type { ReportLang, ReportTableName, ReportTableReader } from '../reports/report-table.js';
import { loadedInputs, startRun, writeRunRecord } from '../runs/record.js';
import { checkReturn, computeFormulas, previousCells, type CheckResult, type CheckSummary } from './compute.js';
import { discoverReturnTemplates, type TemplateFile } from './discover.js';
import { canonical, type CellKey, type Figure, lockedCells, lockedDigest, type ReturnDocument, shiftQuarter } from './document.js';
import { readFigures } from './figures.js';
import { addressOf } from './layout.js';
import { type ManifestRow, manifestRows } from './manifest.js';
import { templateFault, type ReturnTemplate } from './template.js';
import { lastFinal, latestModelRun, recordVersion, type VersionRow } from './versions.js';

const QUARTER = /^\d{4}Q[1-4]$/;
/** The template built when --template is not given (the institution's own quarterly return). */
export const DEFAULT_TEMPLATE = 'institution';

export interface ReturnBuildOptions {
  template?: string | undefined;
  period?: string | undefined;
  /** Absolute path of the workbook to write (default out/returns/<template>_<period>_v<version>[_DRAFT][.en].xlsx). */
  out?: string | undefined;
  amend?: boolean | undefined;
  reason?: string | undefined;
  lang?: string | undefined;
  waitSeconds?: number | undefined;
  /** Where the shipped templates are (tests). */
  shippedRoot?: string | undefined;
}

/** One changed cell of an amendment: where it is, and its figure before and after. */
export interface AmendedCell {
  cell: CellKey;
  sheet: string;
  row: string;
  row_label: string;
  col: string;
  col_label: string;
  address: string;
  old: Figure;
  new: Figure;
}

export interface Amendment {
  reason: string;
  supersedes: number;
  supersedes_sha256: string;
  changes: AmendedCell[];
}

/** What the workbook writer draws: everything is decided here; the writer only lays it out. */
export interface ReturnWorkbookInput {
  template: ReturnTemplate;
  doc: ReturnDocument;
  checks: CheckSummary;
  draft: boolean;
  manifest: ManifestRow[];
  /** PNG charts by sheet code, in the order the template names them. */
  images: Record<string, Array<{ name: string; png: Uint8Array }>>;
  amendment: Amendment | null;
}

export interface ReturnBuildEffects {
  readTable: ReportTableReader;
  /** The workbook's bytes (src/adapters/return-xlsx.ts): the same input gives the same bytes. */
  workbook(input: ReturnWorkbookInput): Promise<Uint8Array>;
  /** The named charts drawn for the period and language as PNG (the chart pipeline); an unknown name is a usage error. */
  charts(names: string[], period: string, lang: ReportLang): Promise<Map<string, Uint8Array>>;
  now?: () => Date;
}

export interface ReturnBuildResult {
  file: string;
  sha256: string;
  template: string;
  template_version: number;
  period: string;
  lang: ReportLang;
  version: number;
  supersedes: number | null;
  reason: string | null;
  draft: boolean;
  /** A final version with the same figures existed: the same file was written again, no new version. */
  unchanged: boolean;
  /** The build's own run (runs/<run_id>/); the workbook names the runs its figures come from. */
  run_id: string;
  source_run_id: string | null;
  estimate_run_id: string | null;
  validation: { blocking_failed: number; warnings: number; unexplained: number; passed: number };
  rules: CheckResult[];
  /** Cells the template still marks pending: left empty. */
  pending: Array<{ cell: CellKey; table: string; column: string }>;
  /** An amendment's changed cells. */
  amended: AmendedCell[];
  charts: string[];
}

function checkOptions(options: ReturnBuildOptions): { lang: ReportLang; reason: string | null } {
  const lang = options.lang ?? 'zh';
  if (lang !== 'zh' && lang !== 'en') throw usageError(`--lang ${lang} is not zh or en`);
  if (options.period !== undefined && !QUARTER.test(options.period)) {
    const year = /^\d{4}$/.test(options.period);
    throw usageError(
      year ? `a return is for one quarter, and ${options.period} is a year` : `--period ${options.period} is not a quarter`,
      `Write the quarter as 2025Q3${year ? ` (${options.period}Q1 … ${options.period}Q4)` : ''}.`,
    );
  }
  const reason = options.reason?.trim() ?? '';
  if (options.amend && reason === '') throw usageError('--amend needs --reason: say why the return is amended', 'grayscope return build --amend --reason "…" (the reason is written on the amendments sheet and in the manifest).');
  if (!options.amend && options.reason !== undefined) throw usageError('--reason goes with --amend', 'grayscope return build --amend --reason "…"');
  return { lang, reason: options.amend ? reason : null };
}

/** The template --template names; without it the institution's return (or the only template there is). */
function pickTemplate(all: TemplateFile[], id: string | undefined): TemplateFile {
  const ids = all.map((f) => f.template.id);
  const wanted = id ?? (all.length === 1 ? ids[0] : DEFAULT_TEMPLATE);
  const found = all.find((f) => f.template.id === wanted);
  if (!found) throw usageError(id === undefined ? 'name the return template with --template' : `no return template ${id}`, `Templates: ${ids.join(', ') || '(none)'}; \`grayscope return templates\` lists them.`, { templates: ids });
  return found;
}

function checkPeriod(t: ReturnTemplate, period: string): void {
  const { from, to } = t.periods;
  if (period < from || (to !== null && period > to)) {
    throw usageError(`the ${t.id} template (version ${t.version}) is for ${from} to ${to ?? 'now'}, not ${period}`, `Choose a period from ${from}${to ? ` to ${to}` : ''}, or a template version for ${period}.`);
  }
}

/** The cover as the build fills it: the entity from grayscope.yaml, the period, the unit note; the filing date is the officer's. */
function coverOf(t: ReturnTemplate, project: Project, period: string, lang: ReportLang): Record<string, string | null> {
  const e = (project.config as { entity?: Record<string, string | undefined> }).entity ?? {};
  const known: Record<string, string | undefined> = {
    entity_name: e.name,
    head: e.head,
    reviewer: e.reviewer,
    preparer: e.preparer,
    phone: e.phone,
    unit_note: unitNote(t, lang),
  };
  const cover: Record<string, string | null> = {};
  for (const f of t.cover) {
    const v = f.kind === 'uscc' ? e.credit_code : f.kind === 'period' ? period : f.kind === 'date' ? undefined : known[f.code];
    cover[f.code] = v === undefined || v.trim() === '' ? null : v;
  }
  return cover;
}

/** 计量单位 from the units the template uses: its amount units, then counts and shares. */
export function unitNote(t: ReturnTemplate, lang: ReportLang): string {
  const used = new Set(t.sheets.flatMap((s) => [...s.columns.map((c) => c.unit), ...s.cells.flatMap((c) => ('unit' in c && c.unit ? [c.unit] : []))]));
  const words: Record<string, Record<ReportLang, string>> = {
    yuan: { zh: '元', en: 'CNY' },
    wan: { zh: '万元', en: 'CNY 10,000' },
    yi: { zh: '亿元', en: 'CNY 100 million' },
  };
  const amounts = (['yuan', 'wan', 'yi'] as const).filter((u) => used.has(u)).map((u) => words[u]![lang]);
  const parts: string[] = [];
  if (amounts.length) parts.push(lang === 'zh' ? `${amounts.join('、')}（金额）` : `${amounts.join(', ')} (amounts)`);
  if (used.has('count')) parts.push(lang === 'zh' ? '件（数量）' : 'number (counts)');
  if (used.has('share') || used.has('pp')) parts.push(lang === 'zh' ? '%（占比）' : '% (shares)');
  return parts.join(lang === 'zh' ? '；' : '; ');
}

/** Every locked cell whose figure differs from the superseded version's. */
function changedCells(t: ReturnTemplate, before: Record<string, Figure>, after: Record<string, Figure>, lang: ReportLang): AmendedCell[] {
  const sheets = new Map(t.sheets.map((s) => [s.code, s]));
  return lockedCells(t).flatMap((c) => {
    const old = canonical(before[c.key] ?? null);
    const now = canonical(after[c.key] ?? null);
    if (old === now) return [];
    const s = sheets.get(c.sheet)!;
    return [{
      cell: c.key, sheet: c.sheet, row: c.row, row_label: s.rows.find((r) => r.code === c.row)!.label[lang], col: c.col,
      col_label: s.columns.find((x) => x.code === c.col)!.label[lang], address: addressOf(s, c.row, c.col), old, new: now,
    }];
  });
}

/** The quarter the tables hold latest: the meta.period of the first bound table, read without a period. */
async function latestPeriod(t: ReturnTemplate, read: (name: ReportTableName) => Promise<{ meta: Record<string, unknown> }>): Promise<string> {
  const first = t.sheets.flatMap((s) => s.cells).find((c) => 'table' in c && !c.pending) as { table: string } | undefined;
  if (!first) throw inputError(`the ${t.id} template binds no cell to a report table, so it has no latest period`, 'Give --period.');
  const period = (await read(first.table as ReportTableName)).meta.period;
  if (typeof period !== 'string') throw inputError(`the ${first.table} table has no period`, 'Give --period.');
  return period;
}

export async function buildReturn(project: Project, io: ProjectIO, effects: ReturnBuildEffects, options: ReturnBuildOptions): Promise<ReturnBuildResult> {
  const { lang, reason } = checkOptions(options);
  const picked = pickTemplate(await discoverReturnTemplates(io, { projectDir: project.dir, ...(options.shippedRoot ? { shippedRoot: options.shippedRoot } : {}) }), options.template);
  const t = picked.template;
  if (options.period !== undefined) checkPeriod(t, options.period);
  if (!io.exists(project.dbPath)) throw inputError(`there is no database at ${project.dbPath}: nothing to build a return from`, 'Load data with `grayscope load`, then `grayscope run` and `grayscope estimate`.');
  const now = effects.now ?? (() => new Date());
  const run = startRun('return', now());

  const read = await withDatabase(io, project.dbPath, { readOnly: true, waitSeconds: options.waitSeconds }, async (db) => {
    const period = options.period ?? (await latestPeriod(t, (name) => effects.readTable(db, name, { period: null, lang })));
    checkPeriod(t, period);
    const figures = await readFigures(t, period, { db, readTable: effects.readTable, lang, origin: picked.origin, file: picked.file });
    const final = await lastFinal(db, t.id, period, null, lang);
    // An unchanged amendment is written again with its amendments sheet: the version it superseded.
    const superseded = final?.supersedes != null ? await lastFinal(db, t.id, period, final.supersedes, lang) : null;
    // The previous quarter's return prev() reads: in this language, else in the other (its figures are the same).
    const before = (await lastFinal(db, t.id, shiftQuarter(period, -1), null, lang)) ?? (await lastFinal(db, t.id, shiftQuarter(period, -1)));
    const sourceRun = await latestModelRun(db);
    const inputs = await loadedInputs(db);
    return { period, figures, final, superseded, before, sourceRun, inputs };
  });
  const { period, figures, final } = read;

  const values = computeFormulas(t, figures.values);
  const prevKeys = previousCells(t);
  const previous = read.before ? Object.fromEntries(prevKeys.map((k) => [k, read.before!.cells[k] ?? null])) as Record<CellKey, Figure> : null;
  const digest = lockedDigest(t, values);
  const unchanged = final !== null && final.digest === digest;
  if (final !== null && !unchanged && !options.amend) {
    const n = changedCells(t, final.cells, values, lang).length;
    throw usageError(
      `${period} ${t.id} return version ${final.version} was built on ${final.built_at.slice(0, 19)} with other figures (${n} cell${n === 1 ? '' : 's'} differ); to change a return, amend it`,
      `grayscope return build --template ${t.id} --period ${period} --amend --reason "…" writes version ${final.version + 1}, superseding version ${final.version} and listing every changed cell.`,
      { template: t.id, period, version: final.version, changed_cells: n },
    );
  }
  if (options.amend && final === null) throw usageError(`there is no filed ${period} ${t.id} return to amend`, `Build it first: grayscope return build --template ${t.id} --period ${period}.`);

  // Unchanged: the same version again, with the runs it named, so the file is the same bytes.
  const version = unchanged ? final!.version : final ? final.version + 1 : 1;
  const supersedes = unchanged ? final!.supersedes : final ? final.version : null;
  const docReason = unchanged ? final!.reason : reason;
  const doc: ReturnDocument = {
    template: t.id,
    template_version: t.version,
    period,
    lang,
    version,
    supersedes,
    reason: docReason,
    run_id: unchanged ? final!.source_run_id : read.sourceRun,
    estimate_run_id: unchanged ? final!.estimate_run_id : figures.estimate_run_id,
    cover: coverOf(t, project, period, lang),
    filing: Object.fromEntries(t.sheets.map((s) => [s.code, true])),
    values,
    previous,
    explanations: {},
  };
  const checks = checkReturn(t, doc, 'build');
  const draft = checks.blocking_failed > 0;
  const base = unchanged ? read.superseded : final;
  const amendment: Amendment | null =
    base && docReason !== null ? { reason: docReason, supersedes: base.version, supersedes_sha256: base.sha256, changes: changedCells(t, base.cells, values, lang) } : null;
  const images = await drawCharts(t, picked, effects, period, lang);
  const workbookInput: ReturnWorkbookInput = { template: t, doc, checks, draft, manifest: manifestRows(t, doc), images, amendment };
  const bytes = await effects.workbook(workbookInput);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const file = resolve(options.out ?? join(project.dir, 'out', 'returns', `${t.id}_${period}_v${version}${draft ? '_DRAFT' : ''}${lang === 'zh' ? '' : '.en'}.xlsx`));

  const validation = { blocking_failed: checks.blocking_failed, warnings: checks.warnings, unexplained: checks.unexplained, passed: checks.passed };
  const cells = Object.fromEntries(lockedCells(t).map((c) => [c.key, canonical(values[c.key] ?? null)])) as Record<CellKey, Figure>;
  const finished = now().toISOString();
  // The one write: the version row (unless unchanged) and the run record, in one short transaction.
  const db = await io.openDatabase(project.dbPath, { waitSeconds: options.waitSeconds });
  try {
    await applySchema(db);
    await db.transaction(async () => {
      if (!unchanged) {
        const row: VersionRow = {
          template: t.id, template_version: t.version, period, version, status: draft ? 'draft' : 'final', sha256, digest, supersedes, reason: docReason,
          file: displayPath(file, project.dir), lang, run_id: run.run_id, source_run_id: doc.run_id, estimate_run_id: doc.estimate_run_id, built_at: finished, cells,
        };
        await recordVersion(db, row);
      }
      await writeRunRecord(db, io, project.dir, {
        start: run,
        finished_at: finished,
        status: draft ? 'failed' : 'success',
        period,
        selection: { template: t.id, version, amend: Boolean(options.amend) },
        summary: { ...validation, draft, unchanged },
        manifest: {
          template: { id: t.id, version: t.version, origin: picked.origin, file: picked.file },
          period,
          return_version: version,
          supersedes,
          reason: docReason,
          lang,
          inputs: { model_run_id: doc.run_id, estimate_run_id: doc.estimate_run_id, files: read.inputs },
        },
        results: { file: displayPath(file, project.dir), sha256, digest, draft, unchanged, validation, pending: figures.pending.length, amended_cells: amendment?.changes.length ?? 0 },
      });
    });
  } finally {
    db.close();
  }
  await io.writeBytes(file, bytes);

  return {
    file,
    sha256,
    template: t.id,
    template_version: t.version,
    period,
    lang,
    version,
    supersedes,
    reason: docReason,
    draft,
    unchanged,
    run_id: run.run_id,
    source_run_id: doc.run_id,
    estimate_run_id: doc.estimate_run_id,
    validation,
    rules: checks.rules,
    pending: figures.pending,
    amended: amendment?.changes ?? [],
    charts: Object.values(images).flatMap((list) => list.map((i) => i.name)),
  };
}

/** The charts the template's sheets ask for, drawn once per name; an unknown name is the template's fault. */
async function drawCharts(t: ReturnTemplate, picked: TemplateFile, effects: ReturnBuildEffects, period: string, lang: ReportLang): Promise<ReturnWorkbookInput['images']> {
  const names = [...new Set(t.sheets.flatMap((s) => s.charts ?? []))];
  if (names.length === 0) return {};
  let drawn: Map<string, Uint8Array>;
  try {
    drawn = await effects.charts(names, period, lang);
  } catch (err) {
    if (err instanceof GrayscopeError && err.code === 'usage') throw templateFault(picked.origin, `${picked.file}: ${err.message}`, err.hint ?? 'Name charts that exist (grayscope chart --list).');
    throw err;
  }
  const images: ReturnWorkbookInput['images'] = {};
  for (const s of t.sheets) if (s.charts?.length) images[s.code] = s.charts.map((name) => ({ name, png: drawn.get(name)! }));
  return images;
}
