// The view a bulletin template is rendered with (the shipped one or an association's own): the
// headline, the key figures, sections built from the report tables, the method, sources and caveats,
// the charts, and every report table read with each figure beside its formatted text. Pure: every
// number comes from a report table or the estimate run's record and is formatted by format.ts.
import { basename } from 'node:path';
import { count, decimal, interval, pct, signedPct } from '../../render/format.js';
import type { ReportLang, ReportTable, ReportTableName } from '../reports/report-table.js';
import { AMOUNT_COLUMNS } from '../reports/tables.js';
import { CATEGORIES, type CategoryCode, categoryLabel } from '../taxonomy.js';
import { buildHeadline, type HeadlineFigures, periodLabel, quarterYearsBefore } from './headline.js';
import { type BulletinStrings, textsOf } from './strings.js';

/** A chart as the template shows it: inline SVG (HTML) or a relative PNG path (Markdown). */
export interface BulletinChart {
  name: string;
  title: string;
  svg?: string;
  png?: string;
}

/** What the bulletin says beyond the report tables: from the estimate run's record and the estimate's notes. */
export interface BulletinFacts {
  /** Categories whose estimate is only the observed count (one source sees operations). */
  lowerBound: string[];
  /** The files the estimate was computed from (its manifest; the ledger when the manifest is gone). */
  sources: Array<{ source: string; path: string; sha256: string; rows_loaded: number }>;
  /** The central reporting rates the estimate's multiplier used, by category (null: not recorded). */
  rates: Record<string, number> | null;
  version: string;
  bulletinRunId: string;
}

type Cell = string | number | boolean | null;
type Texts = ReturnType<typeof textsOf>;

/** Shares, rates and growth: written as percentages in a table's *_text. */
const PERCENT_COLUMNS = new Set(['share', 'rate_low', 'rate_high', 'change_low', 'change_high', 'suspected_share']);

/** One figure as its table cell reads: amounts with one decimal in the table's unit, shares as %, counts grouped. */
function cellText(table: ReportTableName, column: string, value: Cell): string | null {
  if (typeof value !== 'number') return null;
  if (AMOUNT_COLUMNS[table]?.includes(column)) return decimal(value, 1);
  if (PERCENT_COLUMNS.has(column) || (table === 'growth' && ['value', 'ci_low', 'ci_high'].includes(column))) return pct(value);
  return Number.isInteger(value) ? count(value) : decimal(value, 1);
}

/** A table for templates: its rows with `COLUMN_text` beside every figure, and its meta likewise. */
export function templateTable(t: ReportTable): { columns: string[]; rows: Array<Record<string, Cell>>; meta: Record<string, Cell> } {
  const rows = t.rows.map((r) => {
    const out: Record<string, Cell> = { ...r };
    for (const c of t.columns) {
      const text = cellText(t.name, c, r[c] ?? null);
      if (text !== null) out[`${c}_text`] = text;
    }
    return out;
  });
  const meta: Record<string, Cell> = { ...t.meta };
  for (const [k, v] of Object.entries(t.meta)) if (typeof v === 'number' && !(`${k}_text` in t.meta)) meta[`${k}_text`] = cellText(t.name, k, v);
  return { columns: t.columns, rows, meta };
}

const num = (v: Cell | undefined): number | null => (typeof v === 'number' ? v : null);

/** The texts with no {placeholder}: headings and column labels, for `{{s.key}}` in a template. */
function plainTexts(strings: BulletinStrings, lang: ReportLang): Record<string, string> {
  return Object.fromEntries(Object.entries(strings[lang]).filter(([, v]) => !/\{[a-z_0-9]+\}/.test(v)));
}

function keyFigures(tables: Partial<Record<ReportTableName, ReportTable>>, headline: HeadlineFigures, t: Texts) {
  const rows: Array<{ label: string; value: string; interval: string }> = [];
  const period = headline.period;
  const market = tables.market_scale!;
  const m = market.rows.find((r) => r.period === period);
  const amt = (x: number) => decimal(x, 1);
  const ci = (lo: Cell | undefined, hi: Cell | undefined, end: (x: number) => string, spaced = false) => {
    const a = num(lo ?? null);
    const b = num(hi ?? null);
    return a === null || b === null ? '—' : interval([a, b], end, { spaced });
  };
  rows.push({ label: t('kf_scale', { unit: headline.unit }), value: headline.scale === null ? '—' : amt(headline.scale), interval: ci(m?.scale_low, m?.scale_high, amt) });
  rows.push({ label: t('kf_operations'), value: decimal(num(m?.operations ?? null), 1), interval: ci(m?.operations_low, m?.operations_high, (x) => decimal(x, 1)) });
  rows.push({ label: t('kf_observed'), value: count(num(m?.operations_observed ?? null)), interval: '' });
  const growth = tables.growth;
  const bases: Record<string, string> = { yoy: quarterYearsBefore(period, 1), qoq: previousQuarter(period), vs_2y: quarterYearsBefore(period, 2), cagr_2y: quarterYearsBefore(period, 2) };
  for (const metric of ['yoy', 'qoq', 'vs_2y', 'cagr_2y']) {
    const g = growth?.rows.find((r) => r.period === period && r.metric === metric);
    if (!g) continue;
    rows.push({ label: t(`kf_${metric}`, { base: bases[metric]! }), value: signedPct(num(g.value ?? null)), interval: ci(g.ci_low, g.ci_high, (x) => signedPct(x), true) });
  }
  const sus = tables.suspected_complaints;
  if (sus) {
    rows.push({ label: t('kf_complaints'), value: count(num(sus.meta.period_complaints ?? null)), interval: '' });
    rows.push({ label: t('kf_suspected'), value: count(num(sus.meta.suspected ?? null)), interval: '' });
    rows.push({ label: t('kf_suspected_share'), value: pct(num(sus.meta.suspected_share ?? null)), interval: '' });
  }
  const tpl = tables.templated_share;
  if (tpl) rows.push({ label: t('kf_templated_share'), value: pct(num(tpl.meta.share ?? null)), interval: '' });
  const enf = tables.enforcement;
  if (enf) {
    rows.push({ label: t('kf_cases'), value: count(num(enf.meta.cases ?? null)), interval: '' });
    rows.push({ label: t('kf_arrested'), value: count(num(enf.meta.persons_arrested ?? null)), interval: '' });
    rows.push({ label: t('kf_gangs'), value: count(num(enf.meta.gangs_dismantled ?? null)), interval: '' });
  }
  return rows;
}

function previousQuarter(period: string): string {
  const y = Number(period.slice(0, 4));
  const q = Number(period.slice(5));
  return q === 1 ? `${y - 1}Q4` : `${y}Q${q - 1}`;
}

function complaintsSection(tables: Partial<Record<ReportTableName, ReportTable>>, period: string, t: Texts) {
  const sus = tables.suspected_complaints;
  const tpl = tables.templated_share;
  if (!sus && !tpl) return null;
  const label = periodLabel(period, t);
  const text = sus
    ? t('complaints_text', { period_label: label, complaints: count(num(sus.meta.period_complaints ?? null)), suspected: count(num(sus.meta.suspected ?? null)), suspected_share: pct(num(sus.meta.suspected_share ?? null)) })
    : null;
  const last = tpl?.rows.find((r) => r.period === period) ?? tpl?.rows.at(-1);
  const templated = tpl && last
    ? t('templated_text', {
        share: pct(num(last.share ?? null)),
        templated: count(num(last.templated ?? null)),
        complaints: count(num(last.complaints ?? null)),
        shingle: String(tpl.meta.shingle),
        threshold: String(tpl.meta.threshold),
        min_cluster: String(tpl.meta.min_cluster),
      })
    : null;
  const rows = (sus?.rows ?? []).map((r) => ({
    category: String(r.category_label),
    identified: count(num(r.complaints ?? null)),
    suspected: count(num(r.suspected ?? null)),
    share: pct(num(r.share ?? null)),
    by_agency: count(num(r.by_agency_name ?? null)),
    by_phone: count(num(r.by_phone_account ?? null)),
    by_template: count(num(r.by_template_cluster ?? null)),
  }));
  return { text, templated, rows, has_rows: rows.length > 0 };
}

function enforcementSection(tables: Partial<Record<ReportTableName, ReportTable>>, period: string, t: Texts) {
  const enf = tables.enforcement;
  if (!enf) return null;
  const text = t('enforcement_text', { period_label: periodLabel(period, t), cases: count(num(enf.meta.cases ?? null)), arrested: count(num(enf.meta.persons_arrested ?? null)), gangs: count(num(enf.meta.gangs_dismantled ?? null)) });
  // The last four quarters: the period and the three before it.
  const rows = enf.rows.slice(-4).map((r) => ({ quarter: String(r.period), cases: count(num(r.cases ?? null)), arrested: count(num(r.persons_arrested ?? null)), gangs: count(num(r.gangs_dismantled ?? null)) }));
  return { text, rows };
}

function methodSection(tables: Partial<Record<ReportTableName, ReportTable>>, facts: BulletinFacts, lang: ReportLang, t: Texts) {
  const sens = tables.sensitivity;
  const unit = String(sens?.meta.unit ?? '');
  const multiplier = sens ? t('multiplier_text', { central: String(sens.meta.central_text ?? '—'), unit }) : null;
  const rows = (sens?.rows ?? []).map((r) => {
    const code = String(r.category);
    const central = facts.rates?.[code];
    return {
      category: CATEGORIES.some((c) => c.code === code) ? categoryLabel(code as CategoryCode, lang) : code,
      rate_central: central === undefined ? '—' : pct(central, 0),
      rate_range: interval([num(r.rate_low ?? null) ?? 0, num(r.rate_high ?? null) ?? 0], (x) => pct(x, 0)),
      at_low: decimal(num(r.scale_at_low ?? null), 1),
      at_high: decimal(num(r.scale_at_high ?? null), 1),
      change: interval([num(r.change_low ?? null) ?? 0, num(r.change_high ?? null) ?? 0], (x) => signedPct(x), { spaced: true }),
    };
  });
  return { text: t('method_text'), multiplier, rows, has_rows: rows.length > 0, col_at_low: t('col_at_low', { unit }), col_at_high: t('col_at_high', { unit }) };
}

function sourcesSection(facts: BulletinFacts, runId: string, t: Texts) {
  const rows = facts.sources.map((s) => ({
    source: ['complaints', 'incidents', 'enforcement'].includes(s.source) ? t(`source_${s.source}`) : s.source,
    // The base name only: a path can name a person or a folder that is nobody's business.
    file: basename(s.path.replace(/\\/g, '/')),
    sha256: s.sha256.slice(0, 12),
    rows: count(s.rows_loaded),
  }));
  return { text: t('sources_text', { run_id: runId, bulletin_run_id: facts.bulletinRunId }), rows };
}

function caveats(facts: BulletinFacts, lang: ReportLang, t: Texts): string[] {
  const floors = facts.lowerBound.map((c) => (CATEGORIES.some((k) => k.code === c) ? categoryLabel(c as CategoryCode, lang) : c));
  return [
    t('caveat_interval'),
    floors.length ? t('caveat_lower_bound', { categories: floors.join(lang === 'zh' ? '、' : ', ') }) : t('caveat_no_lower_bound'),
    t('caveat_model'),
    t('caveat_privacy'),
  ];
}

export interface BulletinViewInput {
  lang: ReportLang;
  /** The report tables read for the period; market_scale is required, the others may be missing. */
  tables: Partial<Record<ReportTableName, ReportTable>>;
  facts: BulletinFacts;
  charts: BulletinChart[];
  strings: BulletinStrings;
}

/** The headline alone (what --json reports), from the same tables the view reads. */
export function bulletinHeadline(input: Pick<BulletinViewInput, 'lang' | 'tables' | 'strings'>): HeadlineFigures {
  return buildHeadline(input.tables.market_scale!, input.tables.growth ?? null, input.lang, textsOf(input.strings, input.lang));
}

/** The view of one language: what `{{…}}` in a bulletin template can name (documented in the README). */
export function bulletinView(input: BulletinViewInput) {
  const { lang, tables, facts, strings } = input;
  const t = textsOf(strings, lang);
  const market = tables.market_scale!;
  const period = String(market.meta.period);
  const runId = String(market.meta.run_id ?? '');
  const headline = bulletinHeadline(input);
  const label = periodLabel(period, t);
  return {
    lang,
    html_lang: lang === 'zh' ? 'zh-CN' : 'en',
    s: plainTexts(strings, lang),
    title: t('title'),
    subtitle: t('subtitle', { period_label: label }),
    period,
    period_label: label,
    run_id: runId,
    bulletin_run_id: facts.bulletinRunId,
    version: facts.version,
    headline,
    key_figures: keyFigures(tables, headline, t),
    charts: input.charts,
    has_charts: input.charts.length > 0,
    complaints: complaintsSection(tables, period, t),
    enforcement: enforcementSection(tables, period, t),
    method: methodSection(tables, facts, lang, t),
    sources: sourcesSection(facts, runId, t),
    caveats: caveats(facts, lang, t),
    footer: t('footer', { version: facts.version, run_id: runId, bulletin_run_id: facts.bulletinRunId }),
    tables: Object.fromEntries(Object.entries(tables).map(([name, table]) => [name, templateTable(table)])),
  };
}

export type BulletinView = ReturnType<typeof bulletinView>;
