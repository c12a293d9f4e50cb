// The report tables (report-table.ts): one SQL query per table against the project database, bound
// parameters only, then the shaping — unit scaling, shares, pivots, rollups, derived labels, tile
// coordinates — in arquero (imported lazily: `grayscope --help` never loads it). Labels come from the
// taxonomy, regions.ts and src/render/format.ts, in the requested language.
//
// Period: the output is about one quarter, `meta.period`: the quarter given, the last estimated
// quarter of a year given, or (no period) the latest estimated quarter. Tables that read an estimate
// (market_scale, growth, scale_by_category, sensitivity, estimate_run) refuse with exit 3 when no
// estimate run covers it; the others (regions, templated_share, suspected_complaints, source_overlap,
// mse_models, enforcement, incidents_by_category, complaint_totals) fall back on the quarters their
// own source holds, and carry run_id null then.
//
// Amounts are given in one unit per table, picked by magnitude (format.ts amountScale) and named in
// meta.unit (亿元 / "CNY 100 million") and meta.unit_code (yuan|wan|yi), so a chart shows the numbers as they are;
// AMOUNT_COLUMNS says which columns are such amounts, for readers that convert them (the returns).
//
// Complaints, one vocabulary for every table (complaint_classification decides): a complaint is
// identified when it is classified into a taxonomy category, labelled (by its own label) or
// suspected (labelled ordinary but linked to an operation); the rest are ordinary. Per category,
// suspected_complaints.complaints counts the identified and .suspected the suspected ones;
// regions.suspected counts the identified ones of a region (so regions add up to the categories'
// complaints), complaint_totals holds the period's sums of both and the ordinary rest.
import type * as Arquero from 'arquero';
import type { Db } from '../ports/db.js';
import { inputError } from '../errors.js';
import { REGIONS } from '../regions.js';
import { CATEGORIES, type SegmentCode, segmentLabel } from '../taxonomy.js';
import { LISTS } from '../estimate/counting.js';
import { runMse } from '../estimate/mse.js';
import type { GrowthMetric } from '../growth.js';
import { type AmountScale, amountScale, pct } from '../../render/format.js';
import type { ReportLang, ReportTableName, ReportTableOptions, ReportTableReader } from './report-table.js';
import { TILE_GRID } from './tile-grid.js';

type Aq = typeof Arquero;
type Value = string | number | boolean | null;
type Row = Record<string, Value>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- arquero rows are untyped
type Obj = Record<string, any>;

/** The columns of every table, in order: the contract the shipped chart specs are written against. */
export const REPORT_COLUMNS: Readonly<Record<ReportTableName, readonly string[]>> = {
  market_scale: ['period', 'scale', 'scale_low', 'scale_high', 'operations', 'operations_low', 'operations_high', 'operations_observed'],
  growth: ['period', 'metric', 'metric_label', 'value', 'ci_low', 'ci_high'],
  scale_by_category: ['period', 'category', 'category_label', 'category_order', 'scale', 'scale_low', 'scale_high', 'share', 'operations', 'operations_low', 'operations_high'],
  regions: ['region', 'region_label', 'tile_label', 'col', 'row', 'operations', 'complaints', 'rank', 'suspected', 'amount'],
  templated_share: ['period', 'complaints', 'templated', 'share', 'threshold', 'shingle_k', 'min_cluster'],
  suspected_complaints: ['category', 'category_label', 'category_order', 'complaints', 'by_label', 'suspected', 'share', 'by_agency_name', 'by_phone_account', 'by_template_cluster', 'amount'],
  source_overlap: ['history', 'label', 'lists', 'in_complaints', 'in_incidents', 'in_enforcement', 'operations', 'share'],
  mse_models: ['model', 'model_label', 'interactions', 'N', 'ci_low', 'ci_high', 'aic', 'bic', 'df', 'status', 'selected'],
  sensitivity: ['category', 'category_label', 'rate_low', 'rate_high', 'scale_at_low', 'scale_at_high', 'central', 'change_low', 'change_high', 'span'],
  enforcement: ['period', 'cases', 'persons_arrested', 'gangs_dismantled', 'referrals'],
  incidents_by_category: ['category', 'category_label', 'category_order', 'incidents', 'amount'],
  complaint_totals: ['period', 'complaints', 'identified', 'suspected', 'ordinary', 'amount', 'incidents'],
  estimate_run: ['run_id', 'method', 'method_label', 'model', 'period'],
};

/**
 * Per table, the columns that are amounts in the table's unit (meta.unit_code: yuan|wan|yi); every
 * other figure is a count, a share or a rate. A reader converts these to its own unit.
 */
export const AMOUNT_COLUMNS: Readonly<Partial<Record<ReportTableName, readonly string[]>>> = {
  market_scale: ['scale', 'scale_low', 'scale_high'],
  scale_by_category: ['scale', 'scale_low', 'scale_high'],
  sensitivity: ['scale_at_low', 'scale_at_high', 'central', 'span'],
  regions: ['amount'],
  suspected_complaints: ['amount'],
  incidents_by_category: ['amount'],
  complaint_totals: ['amount'],
};

/** The tables that read an estimate run (exit 3 without one); the others read the models only. */
export const NEEDS_ESTIMATE: ReadonlySet<ReportTableName> = new Set(['market_scale', 'growth', 'scale_by_category', 'sensitivity', 'estimate_run']);

const LIST_LABEL: Readonly<Record<(typeof LISTS)[number], Record<ReportLang, string>>> = {
  complaints: { zh: '投诉', en: 'complaints' },
  incidents: { zh: '事件', en: 'incidents' },
  enforcement: { zh: '执法', en: 'enforcement' },
};
const METRIC_LABEL: Readonly<Record<GrowthMetric, Record<ReportLang, string>>> = {
  yoy: { zh: '同比', en: 'Year on year' },
  qoq: { zh: '环比', en: 'Quarter on quarter' },
  vs_2y: { zh: '两年变动', en: 'Change over two years' },
  cagr_2y: { zh: '两年几何年均', en: 'Geometric annual average over two years' },
};
const METHOD_LABEL: Readonly<Record<'mse', Record<ReportLang, string>>> = {
  mse: { zh: '多系统估计（对数线性模型）', en: 'Multiple systems estimation (log-linear models)' },
};
const CATEGORY_ORDER = new Map<string, number>(CATEGORIES.map((c, i) => [c.code, i + 1]));

interface Context {
  db: Db;
  aq: Aq;
  lang: ReportLang;
  /** The quarter the output is about. */
  period: string;
  runId: string | null;
}

export const readReportTable: ReportTableReader = async (db, name, options) => {
  const build = BUILDERS[name];
  if (build === undefined) throw inputError(`unknown report table ${JSON.stringify(name)}`, `Report tables: ${Object.keys(BUILDERS).join(', ')}.`);
  const [aq, { period, runId }] = await Promise.all([import('arquero'), choosePeriod(db, name, options)]);
  const { rows, meta } = await build({ db, aq, lang: options.lang, period, runId });
  const columns = [...REPORT_COLUMNS[name]];
  return { name, columns, rows: rows.map((r) => shapeRow(r, columns)), meta: { run_id: runId, period, ...meta } };
};

/** Every column present, in order; NaN, ±Infinity and undefined become null, bigints numbers. */
function shapeRow(row: Record<string, unknown>, columns: readonly string[]): Row {
  const out: Row = {};
  for (const c of columns) {
    const v = row[c];
    out[c] = typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? (Number.isFinite(v) ? v : null) : v === undefined ? null : (v as Value);
  }
  return out;
}

/** The quarters a table's source holds, for the tables that do without an estimate. */
const SOURCE_QUARTERS: Readonly<Record<ReportTableName, string>> = {
  market_scale: 'estimates_latest',
  growth: 'estimates_latest',
  scale_by_category: 'estimates_latest',
  sensitivity: 'estimates_latest',
  regions: 'operations',
  templated_share: 'complaint_template_shares',
  suspected_complaints: 'complaint_identification',
  source_overlap: 'capture_histories',
  mse_models: 'capture_histories',
  enforcement: 'enforcement_stats',
  incidents_by_category: 'incident_stats',
  complaint_totals: 'complaint_identification',
  estimate_run: 'estimates_latest',
};

async function quarters(db: Db, table: string): Promise<string[]> {
  const rows = await db.all<{ period: string }>(`SELECT DISTINCT period FROM ${table} WHERE period IS NOT NULL AND length(period) = 6 ORDER BY period`);
  return rows.map((r) => r.period);
}

async function choosePeriod(db: Db, name: ReportTableName, options: ReportTableOptions): Promise<{ period: string; runId: string | null }> {
  const estimated = await quarters(db, 'estimates_latest');
  const needs = NEEDS_ESTIMATE.has(name);
  if (needs && estimated.length === 0) {
    throw inputError(`the ${name} table needs an estimate, and this project has none`, 'Run `grayscope estimate` first (after `grayscope load` and `grayscope run`).');
  }
  const candidates = estimated.length > 0 ? estimated : await quarters(db, SOURCE_QUARTERS[name]);
  const requested = options.period;
  let period: string | undefined;
  if (requested === null) period = candidates.at(-1);
  else if (requested.length === 4) period = candidates.filter((q) => q.startsWith(requested)).at(-1);
  else period = candidates.includes(requested) || (!needs && estimated.length > 0 && (await quarters(db, SOURCE_QUARTERS[name])).includes(requested)) ? requested : undefined;
  if (period === undefined) {
    const what = estimated.length > 0 ? 'estimated quarters' : `quarters in ${SOURCE_QUARTERS[name]}`;
    const have = candidates.length > 0 ? `${what}: ${candidates[0]} to ${candidates.at(-1)}` : `no ${what}`;
    throw inputError(
      requested === null ? `the ${name} table has no data: ${have}` : `no ${estimated.length > 0 ? 'estimate' : 'data'} for ${requested} (${have})`,
      needs || estimated.length > 0 ? `Run \`grayscope estimate${requested ? ` --period ${requested}` : ''}\` first, or choose an estimated period.` : 'Run `grayscope load` and `grayscope run` for that period first.',
    );
  }
  const runId = (await db.scalar<string>(`SELECT run_id FROM estimates_latest WHERE period = ? ORDER BY method = 'mse' DESC, run_id DESC LIMIT 1`, [period])) ?? null;
  return { period, runId };
}

type Built = { rows: Array<Record<string, unknown>>; meta: Row };

/** The unit of a set of amounts and its divisor, with the meta keys naming it. */
function unitOf(figures: Iterable<number | null>, lang: ReportLang): { div: number; meta: Row; scale: AmountScale } {
  const scale = amountScale(figures, { lang });
  return { div: scale.divisor, meta: { unit: scale.label, unit_code: scale.unit }, scale };
}

const label = (code: string, lang: ReportLang): string => segmentLabel(code as SegmentCode, lang);

const BUILDERS: Record<ReportTableName, (ctx: Context) => Promise<Built>> = {
  async market_scale({ db, aq, lang, period }) {
    const raw = await db.all(
      `SELECT period, scale_cny, scale_ci_low, scale_ci_high, operations_estimate, operations_ci_low, operations_ci_high, operations_observed
       FROM estimates_latest WHERE segment = 'all' AND method = 'mse' AND period <= ? ORDER BY period`,
      [period],
    );
    const unit = unitOf(raw.flatMap((r) => [r.scale_cny, r.scale_ci_low, r.scale_ci_high] as Array<number | null>), lang);
    const rows = aq
      .from(raw)
      .params({ div: unit.div })
      .derive({
        scale: (d: any, $: any) => d.scale_cny / $.div,
        scale_low: (d: any, $: any) => d.scale_ci_low / $.div,
        scale_high: (d: any, $: any) => d.scale_ci_high / $.div,
        operations: (d: any) => d.operations_estimate,
        operations_low: (d: any) => d.operations_ci_low,
        operations_high: (d: any) => d.operations_ci_high,
      })
      .objects() as Obj[];
    return { rows, meta: unit.meta };
  },

  async growth({ db, aq, lang, period }) {
    const raw = await db.all(
      `SELECT period, metric, value, ci_low, ci_high FROM growth_latest
       WHERE segment = 'all' AND method = 'mse' AND metric IN ('yoy', 'qoq', 'vs_2y', 'cagr_2y') AND period <= ?
       ORDER BY period, list_position(['yoy', 'qoq', 'vs_2y', 'cagr_2y'], metric)`,
      [period],
    );
    const rows = aq
      .from(raw)
      .derive({ metric_label: aq.escape((d: any) => METRIC_LABEL[d.metric as GrowthMetric][lang]) })
      .objects() as Obj[];
    const at = (metric: string) => raw.find((r) => r.period === period && r.metric === metric)?.value as number | null | undefined;
    return { rows, meta: { yoy: at('yoy') ?? null, qoq: at('qoq') ?? null, yoy_label: METRIC_LABEL.yoy[lang], qoq_label: METRIC_LABEL.qoq[lang] } };
  },

  async scale_by_category({ db, aq, lang, period }) {
    const { op } = aq;
    const raw = await db.all(
      `SELECT period, segment AS category, scale_cny, scale_ci_low, scale_ci_high, operations_estimate, operations_ci_low, operations_ci_high FROM estimates_latest
       WHERE segment <> 'all' AND method = 'mse' AND period <= ? ORDER BY period, segment`,
      [period],
    );
    const unit = unitOf(raw.flatMap((r) => [r.scale_cny, r.scale_ci_high] as Array<number | null>), lang);
    const rows = aq
      .from(raw)
      .params({ div: unit.div })
      .groupby('period')
      .derive({
        category_label: aq.escape((d: any) => label(d.category, lang)),
        category_order: aq.escape((d: any) => CATEGORY_ORDER.get(d.category) ?? 99),
        scale: (d: any, $: any) => d.scale_cny / $.div,
        scale_low: (d: any, $: any) => d.scale_ci_low / $.div,
        scale_high: (d: any, $: any) => d.scale_ci_high / $.div,
        share: (d: any) => d.scale_cny / op.sum(d.scale_cny),
        operations: (d: any) => d.operations_estimate,
        operations_low: (d: any) => d.operations_ci_low,
        operations_high: (d: any) => d.operations_ci_high,
      })
      .ungroup()
      .orderby('period', 'category_order')
      .objects() as Obj[];
    return { rows, meta: unit.meta };
  },

  async regions({ db, aq, lang, period }) {
    const { op } = aq;
    // suspected: the region's complaints of the period classified into a taxonomy category by
    // complaint_classification (labelled or suspected, i.e. not ordinary), the same complaints
    // suspected_complaints.complaints counts per category; amount_cny: their amounts in dispute.
    const raw = await db.all(
      `WITH ops AS (SELECT region, count(*) AS operations FROM operations WHERE period = $period AND region IS NOT NULL GROUP BY region),
            com AS (SELECT region, sum(complaints) AS complaints FROM complaint_stats WHERE period = $period AND region IS NOT NULL GROUP BY region),
            ide AS (SELECT region, count(*) AS suspected, CAST(coalesce(sum(amount_cny), 0) AS DOUBLE) AS amount_cny
                    FROM complaint_classification WHERE period = $period AND category <> 'ordinary' AND region IS NOT NULL GROUP BY region),
            regions AS (SELECT region FROM ops UNION SELECT region FROM com UNION SELECT region FROM ide)
       SELECT r.region, coalesce(operations, 0) AS operations, CAST(coalesce(complaints, 0) AS BIGINT) AS complaints,
              coalesce(suspected, 0) AS suspected, coalesce(amount_cny, 0) AS amount_cny
       FROM regions AS r LEFT JOIN ops ON ops.region = r.region LEFT JOIN com ON com.region = r.region LEFT JOIN ide ON ide.region = r.region
       ORDER BY r.region`,
      { period },
    );
    const byCode = new Map(REGIONS.map((r) => [r.code, r]));
    const unit = unitOf(raw.filter((r) => byCode.has(String(r.region))).map((r) => r.amount_cny as number), lang);
    const grid = aq.from(TILE_GRID.map((c) => ({ region: c.code, col: c.col, row: c.row })));
    const counts = raw.length > 0
      ? aq.from(raw)
      : aq.table({ region: [] as string[], operations: [] as number[], complaints: [] as number[], suspected: [] as number[], amount_cny: [] as number[] });
    const rows = grid
      .join_left(counts, 'region')
      .params({ div: unit.div })
      .derive({
        operations: (d: any) => (d.operations == null ? 0 : d.operations),
        complaints: (d: any) => (d.complaints == null ? 0 : d.complaints),
        suspected: (d: any) => (d.suspected == null ? 0 : d.suspected),
        amount: (d: any, $: any) => (d.amount_cny == null ? 0 : d.amount_cny / $.div),
        region_label: aq.escape((d: any) => (lang === 'zh' ? byCode.get(d.region)!.short : byCode.get(d.region)!.en)),
        tile_label: aq.escape((d: any) => (lang === 'zh' ? byCode.get(d.region)!.short : byCode.get(d.region)!.iso.slice(3))),
      })
      .orderby(aq.desc('operations'), aq.desc('complaints'), 'region')
      .derive({ rank: () => op.row_number() })
      .objects() as Obj[];
    const unplaced = raw.filter((r) => !byCode.has(String(r.region))).reduce((s, r) => s + Number(r.operations), 0);
    return { rows, meta: { ...unit.meta, operations: rows.reduce((s, r) => s + Number(r.operations), 0), unplaced_operations: unplaced } };
  },

  async templated_share({ db, aq, period }) {
    // Templates writes one row per period and category; a row for `all` is used when it is there.
    const raw = await db.all(
      `SELECT period, sum(complaints) AS complaints, sum(templated) AS templated, max(threshold) AS threshold, max(shingle) AS shingle, max(min_cluster) AS min_cluster
       FROM complaint_template_shares
       WHERE period <= $period AND length(period) = 6
         AND (category = 'all') = EXISTS (SELECT 1 FROM complaint_template_shares WHERE category = 'all')
       GROUP BY period ORDER BY period`,
      { period },
    );
    if (raw.length === 0) throw inputError(`no templated-complaint shares up to ${period}`, 'Run `grayscope templates` first.');
    const rows = aq
      .from(raw)
      .derive({
        share: (d: any) => (d.complaints > 0 ? d.templated / d.complaints : null),
        shingle_k: (d: any) => d.shingle,
      })
      .objects() as Obj[];
    const last = rows.at(-1)!;
    return { rows, meta: { threshold: Number(last.threshold), shingle: Number(last.shingle), min_cluster: Number(last.min_cluster), share: last.share as number | null, share_text: pct(last.share as number | null) } };
  },

  async suspected_complaints({ db, aq, lang, period }) {
    const raw = await db.all(
      `SELECT category, complaints, by_label, suspected, by_agency_name, by_phone_account, by_template_cluster, period_complaints,
              CAST(amount_cny AS DOUBLE) AS amount_cny
       FROM complaint_identification WHERE period = ? AND category <> 'ordinary'`,
      [period],
    );
    const unit = unitOf(raw.map((r) => r.amount_cny as number), lang);
    const rows = aq
      .from(raw)
      .params({ div: unit.div })
      .derive({
        amount: (d: any, $: any) => d.amount_cny / $.div,
        category_label: aq.escape((d: any) => label(d.category, lang)),
        category_order: aq.escape((d: any) => CATEGORY_ORDER.get(d.category) ?? 99),
        share: (d: any) => (d.complaints > 0 ? d.suspected / d.complaints : null),
      })
      .orderby('category_order')
      .objects() as Obj[];
    const total = await db.scalar<number>(`SELECT max(period_complaints) FROM complaint_identification WHERE period = ?`, [period]);
    const suspected = rows.reduce((s, r) => s + Number(r.suspected), 0);
    // The ordinary complaints (not identified) are not a row: the chart draws every row. complaint_totals has them per quarter.
    const identified = rows.reduce((s, r) => s + Number(r.complaints), 0);
    const periodComplaints = Number(total ?? 0);
    return {
      rows,
      meta: {
        ...unit.meta,
        period_complaints: periodComplaints,
        suspected,
        suspected_share: total ? suspected / periodComplaints : null,
        suspected_share_text: pct(total ? suspected / periodComplaints : null),
        ordinary: periodComplaints - identified,
      },
    };
  },

  async source_overlap({ db, aq, lang, period }) {
    const { op } = aq;
    const raw = await db.all(
      `SELECT history, bool_or(in_complaints) AS in_complaints, bool_or(in_incidents) AS in_incidents, bool_or(in_enforcement) AS in_enforcement, CAST(sum(n) AS BIGINT) AS operations
       FROM capture_histories WHERE period = ? GROUP BY history`,
      [period],
    );
    const name = (flags: boolean[]) => {
      const seen = LISTS.filter((_, j) => flags[j]).map((l) => LIST_LABEL[l][lang]);
      const text = seen.join(lang === 'zh' ? '＋' : ' + ');
      return lang === 'en' ? text.charAt(0).toUpperCase() + text.slice(1) : text;
    };
    const rows = aq
      .from(raw)
      .derive({
        lists: (d: any) => (d.in_complaints ? 1 : 0) + (d.in_incidents ? 1 : 0) + (d.in_enforcement ? 1 : 0),
        label: aq.escape((d: any) => name([d.in_complaints, d.in_incidents, d.in_enforcement])),
        share: (d: any) => d.operations / op.sum(d.operations),
      })
      .orderby(aq.desc('lists'), aq.desc('history'))
      .objects() as Obj[];
    return { rows, meta: { operations_observed: rows.reduce((s, r) => s + Number(r.operations), 0) } };
  },

  async mse_models({ db, aq, lang, period }) {
    const raw = await db.all<{ in_complaints: boolean; in_incidents: boolean; in_enforcement: boolean; n: number }>(
      `SELECT in_complaints, in_incidents, in_enforcement, CAST(sum(n) AS BIGINT) AS n FROM capture_histories WHERE period = ? GROUP BY ALL`,
      [period],
    );
    const counts = new Float64Array(2 ** LISTS.length);
    for (const r of raw) { const mask = (r.in_complaints ? 1 : 0) + (r.in_incidents ? 2 : 0) + (r.in_enforcement ? 4 : 0); counts[mask] = (counts[mask] ?? 0) + Number(r.n); }
    counts[0] = 0;
    const result = runMse({ lists: [...LISTS], counts }, { select: 'stepwise', pThreshold: 0.02 });
    const chosen = result.selected.terms.join(' + ');
    const termLabel = (term: string) => term.split(':').map((l) => LIST_LABEL[l as (typeof LISTS)[number]]?.[lang] ?? l).join('×');
    const modelLabel = (terms: string[]) => {
      const pairs = terms.filter((t) => t.includes(':'));
      if (pairs.length === 0) return lang === 'zh' ? '独立模型' : 'Independence';
      if (pairs.length === 3) return lang === 'zh' ? '全部两两交互' : 'All pairs';
      return pairs.map(termLabel).join(lang === 'zh' ? '＋' : ' + ');
    };
    // Every hierarchical candidate of three lists: the main effects with any set of the three pairs.
    const table = { lists: [...LISTS], counts };
    const candidates = [0, 1, 2, 4, 3, 5, 6, 7].map((set) => [1, 2, 4, ...[3, 5, 6].filter((_, j) => set & (1 << j))]);
    const fits = candidates.map((model) => runMse(table, { model }).models[0]).filter((m) => m !== undefined);
    const models = fits.map((m) => ({ ...m, model: m.terms.join(' + '), ci_low: m.ci?.[0] ?? null, ci_high: m.ci?.[1] ?? null }));
    const rows = aq
      .from(models.map(({ terms: _t, ci: _c, se: _s, ci_method: _m, deviance: _d, ...m }) => ({ ...m, _terms: _t })))
      .derive({
        model_label: aq.escape((d: any) => modelLabel(d._terms)),
        interactions: aq.escape((d: any) => (d._terms as string[]).filter((t) => t.includes(':')).length),
        selected: aq.escape((d: any) => d.model === chosen),
      })
      .objects() as Obj[];
    return {
      rows,
      meta: {
        n_observed: result.n_observed,
        chao_lower_bound: result.chao_lower_bound,
        selected_model: modelLabel(result.selected.terms),
        selected_N: result.selected.N,
        selected_ci_low: result.selected.ci?.[0] ?? null,
        selected_ci_high: result.selected.ci?.[1] ?? null,
      },
    };
  },

  async sensitivity({ db, aq, lang, period }) {
    const { op } = aq;
    const raw = await db.all(
      `SELECT s.category, s.bound, s.rate, s.estimate_cny, e.scale_cny AS central_cny
       FROM sensitivity_latest s LEFT JOIN estimates_latest e ON e.period = s.period AND e.segment = 'all' AND e.method = 'multiplier'
       WHERE s.period = ? AND s.bound IN ('low', 'high')`,
      [period],
    );
    if (raw.length === 0) throw inputError(`no sensitivity figures for ${period}`, 'Run `grayscope estimate` with the multiplier method and reporting-rate bounds in assumptions.yaml.');
    const unit = unitOf(raw.flatMap((r) => [r.estimate_cny, r.central_cny] as Array<number | null>), lang);
    const rows = aq
      .from(raw)
      .groupby('category')
      .pivot('bound', { est: (d: any) => op.any(d.estimate_cny), rate: (d: any) => op.any(d.rate), central: (d: any) => op.any(d.central_cny) })
      .params({ div: unit.div })
      .derive({
        category_label: aq.escape((d: any) => `${label(d.category, lang)} ${pct(d.rate_low, 0)}–${pct(d.rate_high, 0)}`),
        rate_low: (d: any) => d.rate_low,
        rate_high: (d: any) => d.rate_high,
        scale_at_low: (d: any, $: any) => d.est_low / $.div,
        scale_at_high: (d: any, $: any) => d.est_high / $.div,
        central: (d: any, $: any) => d.central_low / $.div,
        change_low: (d: any) => d.est_low / d.central_low - 1,
        change_high: (d: any) => d.est_high / d.central_low - 1,
        span: (d: any, $: any) => op.abs(d.est_low - d.est_high) / $.div,
      })
      .orderby(aq.desc('span'))
      .objects() as Obj[];
    const central = (rows[0]?.central as number | undefined) ?? null;
    return { rows, meta: { ...unit.meta, central, central_text: unit.scale.cell(central === null ? null : central * unit.div) } };
  },

  async enforcement({ db, aq, period }) {
    // referrals: the quarter's enforcement cases (record_operations, source enforcement) whose
    // operation the institution's own incidents (source incidents) had also seen, detected on or
    // before the day the case was opened — the cases the institution's findings could have led to.
    // Operations are per quarter, so the incidents are of the case's quarter.
    const raw = await db.all(
      `WITH cases AS (
         SELECT period, CAST(sum(cases) AS BIGINT) AS cases, CAST(sum(persons_arrested) AS BIGINT) AS persons_arrested, CAST(sum(gangs_dismantled) AS BIGINT) AS gangs_dismantled
         FROM enforcement_stats WHERE period <= $period GROUP BY period
       ),
       referred AS (
         SELECT ro.period, count(*) AS referrals
         FROM record_operations AS ro
         JOIN enforcement AS e ON e.case_id = ro.record_id
         WHERE ro.source = 'enforcement' AND ro.period <= $period
           AND EXISTS (SELECT 1 FROM record_operations AS ri JOIN incidents AS i ON i.incident_id = ri.record_id
                       WHERE ri.source = 'incidents' AND ri.operation_id = ro.operation_id AND i.detected_date <= e.opened_date)
         GROUP BY ro.period
       )
       SELECT c.period, c.cases, c.persons_arrested, c.gangs_dismantled, CAST(coalesce(r.referrals, 0) AS BIGINT) AS referrals
       FROM cases AS c LEFT JOIN referred AS r ON r.period = c.period
       ORDER BY c.period`,
      { period },
    );
    const rows = aq.from(raw).orderby('period').objects() as Obj[];
    const last = rows.find((r) => r.period === period);
    const at = (key: string) => (last?.[key] as number | undefined) ?? 0;
    return { rows, meta: { cases: at('cases'), persons_arrested: at('persons_arrested'), gangs_dismantled: at('gangs_dismantled'), referrals: at('referrals') } };
  },

  async incidents_by_category({ db, aq, lang, period }) {
    const raw = await db.all(
      `SELECT category, CAST(sum(incidents) AS BIGINT) AS incidents, CAST(coalesce(sum(amount_cny), 0) AS DOUBLE) AS amount_cny
       FROM incident_stats WHERE period = ? GROUP BY category ORDER BY category`,
      [period],
    );
    const unit = unitOf(raw.map((r) => r.amount_cny as number), lang);
    const counts = raw.length > 0 ? aq.from(raw) : aq.table({ category: [] as string[], incidents: [] as number[], amount_cny: [] as number[] });
    const rows = aq
      .from(CATEGORIES.map((c, i) => ({ category: c.code, category_order: i + 1 })))
      .join_left(counts, 'category')
      .params({ div: unit.div })
      .derive({
        category_label: aq.escape((d: any) => label(d.category, lang)),
        incidents: (d: any) => (d.incidents == null ? 0 : d.incidents),
        amount: (d: any, $: any) => (d.amount_cny == null ? 0 : d.amount_cny / $.div),
      })
      .orderby('category_order')
      .objects() as Obj[];
    return { rows, meta: { ...unit.meta, incidents: rows.reduce((s, r) => s + Number(r.incidents), 0) } };
  },

  async complaint_totals({ db, aq, lang, period }) {
    // The period's sums of suspected_complaints (identified = its complaints, suspected, amount) with
    // all complaints received and the ordinary rest, and the incidents detected: the totals a return
    // checks its category rows against.
    const raw = await db.all(
      `WITH com AS (
         SELECT period, CAST(sum(complaints) AS BIGINT) AS complaints,
                CAST(coalesce(sum(complaints) FILTER (WHERE category <> 'ordinary'), 0) AS BIGINT) AS identified,
                CAST(sum(suspected) AS BIGINT) AS suspected,
                CAST(coalesce(sum(amount_cny) FILTER (WHERE category <> 'ordinary'), 0) AS DOUBLE) AS amount_cny
         FROM complaint_identification WHERE period <= $period AND length(period) = 6 GROUP BY period
       ),
       inc AS (SELECT period, CAST(sum(incidents) AS BIGINT) AS incidents FROM incident_stats WHERE period <= $period AND length(period) = 6 GROUP BY period)
       SELECT coalesce(com.period, inc.period) AS period, coalesce(complaints, 0) AS complaints, coalesce(identified, 0) AS identified,
              coalesce(suspected, 0) AS suspected, coalesce(amount_cny, 0) AS amount_cny, coalesce(incidents, 0) AS incidents
       FROM com FULL JOIN inc ON inc.period = com.period
       ORDER BY 1`,
      { period },
    );
    const unit = unitOf(raw.map((r) => r.amount_cny as number), lang);
    const rows = aq
      .from(raw)
      .params({ div: unit.div })
      .derive({
        ordinary: (d: any) => d.complaints - d.identified,
        amount: (d: any, $: any) => d.amount_cny / $.div,
      })
      .objects() as Obj[];
    return { rows, meta: unit.meta };
  },

  async estimate_run({ db, lang, period }) {
    const raw = await db.all(
      `SELECT run_id, model, period FROM estimates_latest WHERE period = ? AND segment = 'all' AND method = 'mse' ORDER BY run_id DESC LIMIT 1`,
      [period],
    );
    if (raw.length === 0) throw inputError(`no MSE estimate for ${period}`, `Run \`grayscope estimate --period ${period} --method mse\` first.`);
    const rows = raw.map((r) => ({ ...r, method: 'mse', method_label: METHOD_LABEL.mse[lang] }));
    return { rows, meta: { method: 'mse', method_label: METHOD_LABEL.mse[lang] } };
  },
};
