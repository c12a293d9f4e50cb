// `grayscope estimate` for people: the estimate as tables in one unit (元/万元/亿元, picked by the
// magnitude of the figures or fixed with --unit), with the multiplier method beside the MSE scale,
// the growth of the focus period, and floors (one source only) marked as such.
import type { EstimateResult } from '../core/estimate/estimate-project.js';
import { focusPeriod } from '../core/estimate/focus.js';
import { amountScale, count, interval, label, type Lang, signedPct, type UnitChoice } from './format.js';
import { table } from './table.js';

type Row = EstimateResult['estimates'][number];

export interface EstimateRenderOptions {
  /** The unit of every amount of the table (default auto: by magnitude). */
  unit?: UnitChoice;
  lang?: Lang;
}

const WORDS = {
  zh: {
    title: (run: string, bootstrap: number, seed: number, scenario: string | undefined) => `估计 ${run}（bootstrap ${bootstrap} 次，种子 ${seed}${scenario ? `，情景 ${scenario}` : ''}）`,
    mse: (u: string) => ['报告期', '类别', '观测数', '团伙数', '95% 区间', `规模 ${u}`, '95% 区间', `乘数法 ${u}`],
    lowerBound: '下限',
    floorNote:
      '≥：下限，即观测到的团伙数——该处重叠的数据源不足两个（只有一个数据源，或两个从不共享团伙的数据源），捕获—再捕获无法估计未观测部分，因此没有区间。加载第二个数据源，或能关联的记录（代理机构名称、共用的电话或账户），即可估计。',
    multiplier: (u: string) => ['报告期', '类别', `观测损失 ${u}`, '报告率', `乘数法 ${u}`, `范围 ${u}`, `MSE ${u}`, 'MSE 隐含报告率'],
    multiplierNote: '乘数法完全取决于假定的报告率；旁列 MSE 规模（点估计）及其隐含的报告率。区间：grayscope estimate --method all。',
    growthTitle: (focus: string, all: string) => `规模增长，${focus}（${all}）：`,
    growth: ['指标', '基期', '值', '95% 区间'],
    metric: { yoy: '同比', qoq: '环比', vs_2y: '较两年前', cagr_2y: '两年年均复合增长' } as Record<string, string>,
    footer: (run: string) => `结果表 estimates、growth、sensitivity；runs/${run}/manifest.json。全部行请用 --json。`,
  },
  en: {
    title: (run: string, bootstrap: number, seed: number, scenario: string | undefined) => `Estimate ${run} (bootstrap ${bootstrap}, seed ${seed}${scenario ? `, scenario ${scenario}` : ''})`,
    mse: (u: string) => ['period', 'segment', 'observed', 'operations', '95% interval', `scale ${u}`, '95% interval', `multiplier ${u}`],
    lowerBound: 'lower bound',
    floorNote:
      '≥: a lower bound, the operations observed — fewer than two sources overlap there (one source alone, or two that never share an operation), so capture–recapture cannot estimate the unseen and there is no interval. Load a second source or records that link (agency names, shared phones or accounts) to estimate.',
    multiplier: (u: string) => ['period', 'segment', `observed losses ${u}`, 'rate', `multiplier ${u}`, `range ${u}`, `MSE ${u}`, 'rate implied by MSE'],
    multiplierNote: 'The multiplier method rests entirely on the assumed reporting rates; the MSE scale (point estimate) and the rate it implies stand beside it. Intervals: grayscope estimate --method all.',
    growthTitle: (focus: string, all: string) => `growth of the scale, ${focus} (${all}):`,
    growth: ['metric', 'base', 'value', '95% interval'],
    metric: {} as Record<string, string>,
    footer: (run: string) => `Tables estimates, growth, sensitivity; runs/${run}/manifest.json. All rows with --json.`,
  },
} as const;

/** A segment as the table shows it: the Chinese label in zh, the code in en (as --json and --segment name it). */
const segmentText = (code: string, lang: Lang) => (lang === 'zh' ? label(code as Parameters<typeof label>[0], 'zh') : code);

const opsCi = (ci: [number, number] | null) => interval(ci, count);

/** Every amount a table of `rows` shows, so they share one unit. */
function amountsOf(rows: readonly Row[], mult: ReadonlyMap<string, Row>): number[] {
  const out: Array<number | null | undefined> = [];
  for (const e of rows) {
    out.push(e.scale_cny.estimate, ...(e.scale_cny.ci ?? []), mult.get(`${e.period}|${e.segment}`)?.scale_cny.estimate);
    const m = e.multiplier;
    if (m) out.push(m.observed_losses_cny, ...(m.range ?? []), m.mse_scale_cny);
  }
  return out.filter((x): x is number => typeof x === 'number');
}

/**
 * The `all` segment of every period, the categories of the focus period (the latest, or the last
 * quarter of a chosen year), the multiplier beside the MSE scale, and that period's growth.
 */
export function renderEstimate(r: EstimateResult, options: EstimateRenderOptions = {}): string {
  const focus = focusPeriod(r.estimates, r.parameters.period);
  const mult = new Map(r.estimates.filter((e) => e.method === 'multiplier').map((e) => [`${e.period}|${e.segment}`, e]));
  const mse = r.estimates.filter((e) => e.method === 'mse');
  const lang = options.lang ?? 'en';
  const w = WORDS[lang];
  const lines = [w.title(r.run_id, r.parameters.bootstrap, r.parameters.seed, r.parameters.scenario ?? undefined), ''];
  if (mse.length) {
    const shown = mse.filter((e) => e.segment === 'all' || e.period === focus).sort((a, b) => (a.period === b.period ? Number(a.segment === 'all') - Number(b.segment === 'all') : a.period < b.period ? -1 : 1));
    const u = amountScale(amountsOf(shown, mult), { unit: options.unit });
    const uCi = (ci: [number, number] | null | undefined) => interval(ci, u.cell);
    const rows = shown.map((e) => {
      const m = mult.get(`${e.period}|${e.segment}`);
      // A floor reads "≥ n" with no interval: the observed count, not an estimate.
      const floor = e.lower_bound;
      return [
        e.period,
        segmentText(e.segment, lang),
        count(e.operations.observed),
        floor ? `≥ ${count(e.operations.estimate)}` : count(e.operations.estimate),
        floor ? w.lowerBound : opsCi(e.operations.ci),
        floor && e.scale_cny.estimate !== null ? `≥ ${u.cell(e.scale_cny.estimate)}` : u.cell(e.scale_cny.estimate),
        floor && e.scale_cny.estimate !== null ? w.lowerBound : uCi(e.scale_cny.ci),
        m ? u.cell(m.scale_cny.estimate) : '—',
      ];
    });
    lines.push(table(w.mse(u.label), rows));
    if (shown.some((e) => e.lower_bound)) {
      lines.push('', w.floorNote);
    }
  } else {
    const u = amountScale(amountsOf(r.estimates, mult), { unit: options.unit });
    lines.push(
      table(
        w.multiplier(u.label),
        r.estimates.map((e) => [
          e.period,
          segmentText(e.segment, lang),
          u.cell(e.multiplier?.observed_losses_cny),
          e.multiplier?.reporting_rate ?? '',
          u.cell(e.scale_cny.estimate),
          interval(e.multiplier?.range, u.cell),
          u.cell(e.multiplier?.mse_scale_cny),
          e.multiplier?.implied_reporting_rate ?? '—',
        ]),
      ),
      '',
      w.multiplierNote,
    );
  }
  const growth = r.growth.filter((g) => g.period === focus && g.segment === 'all');
  if (growth.length) {
    lines.push('', w.growthTitle(focus ?? '', segmentText('all', lang)));
    lines.push(table([...w.growth], growth.map((g) => [w.metric[g.metric] ?? g.metric, g.base_period, signedPct(g.value), interval(g.ci, signedPct, { spaced: true })])));
  }
  lines.push('', w.footer(r.run_id));
  return lines.join('\n');
}
