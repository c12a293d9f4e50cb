// `grayscope mse` for people: every fitted model with N, its interval and fit statistics, then the
// selected model and, when asked, the bootstrap interval.
import { levelText } from '../core/estimate/intervals.js';
import type { MseResult } from '../core/estimate/mse.js';
import { count, decimal, interval, type Lang } from './format.js';
import { table } from './table.js';

// Spaced round the dash, as mse has always printed its intervals.
const range = (ci: [number, number] | null) => interval(ci, (x) => decimal(x, 1), { spaced: true });

// Statistical terms a reader looks up (N, se, AIC, BIC, df, BCa, z0) stay as the literature writes them.
const WORDS = {
  zh: {
    head: (lists: string, n: string, chao: string) => `名单：${lists}；观测个案：${n}；Chao 下界：${chao}`,
    headers: ['交互项', 'N', 'se', '95% 区间', '偏差', 'df', 'AIC', 'BIC', '状态'],
    mainEffects: '（仅主效应）',
    selected: '选定模型：',
    interval: '95% 区间',
    comma: '，',
    why: (status: string | undefined, n: string) =>
      `（无估计：${status ? `模型状态为 ${status}` : '这些名单无法识别 N'}；观测数 ${n} 和 Chao 下界都只是下限）`,
    chapman: '（Chapman 估计，两份名单）',
    gof: (deviance: string, df: number, p: string | null) => `；拟合：偏差 ${deviance}，df ${df}${p === null ? '（饱和模型）' : `，p ${p}`}`,
    bootstrap: (n: string, seed: number, failed: string, ci: string) => `bootstrap：${n} 次重抽样（种子 ${seed}，其中 ${failed} 次 N 不可识别，已剔除）；百分位区间 ${ci}`,
  },
  en: {
    head: (lists: string, n: string, chao: string) => `lists: ${lists}; observed cases: ${n}; Chao lower bound: ${chao}`,
    headers: ['interactions', 'N', 'se', '95% interval', 'deviance', 'df', 'AIC', 'BIC', 'status'],
    mainEffects: '(main effects)',
    selected: 'selected: ',
    interval: '95% interval',
    comma: ', ',
    why: (status: string | undefined, n: string) =>
      ` (no estimate: ${status ? `the model is ${status.replaceAll('_', ' ')}` : 'N is not identifiable from these lists'}; the observed count ${n} and Chao's bound are lower bounds)`,
    chapman: " (Chapman's estimate, two lists)",
    gof: (deviance: string, df: number, p: string | null) => `; fit: deviance ${deviance} on ${df} df${p === null ? ' (saturated)' : `, p ${p}`}`,
    bootstrap: (n: string, seed: number, failed: string, ci: string) => `bootstrap: ${n} replicates (seed ${seed}, ${failed} with N not identifiable, left out); percentile interval ${ci}`,
  },
} as const;

export function renderMse(r: MseResult, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  const rows = r.models.map((m) => [
    m.terms.filter((t) => t.includes(':')).join(' + ') || w.mainEffects,
    decimal(m.N, 1),
    decimal(m.se, 1),
    range(m.ci),
    decimal(m.deviance, 2),
    m.df,
    decimal(m.aic, 2),
    decimal(m.bic, 2),
    m.status,
  ]);
  const s = r.selected;
  // Why there is no N: the status of the selected model (e.g. not_identifiable when no two lists overlap).
  const status = r.models.find((m) => m.terms.join(' + ') === s.terms.join(' + '))?.status;
  const why = s.N === null ? w.why(status && status !== 'ok' ? status : undefined, count(r.n_observed)) : '';
  // A p-value below 0.001 is shown as such: its digits say nothing more.
  const p = (x: number | null) => (x === null ? '= —' : x < 0.001 ? '< 0.001' : `= ${decimal(x, 3)}`);
  const gof = s.gof ? w.gof(decimal(s.gof.deviance, 2), s.gof.df, s.gof.df > 0 ? p(s.gof.p_value) : null) : '';
  const estimator = s.estimator === 'chapman' && s.N !== null ? w.chapman : '';
  const b = r.bootstrap;
  const levels = b && b.alpha1 !== null && b.alpha2 !== null ? `; BCa levels ${levelText(b.alpha1)} and ${levelText(b.alpha2)} (z0 ${decimal(b.z0, 3)}, a ${decimal(b.acceleration, 3)})` : '';
  return [
    w.head(r.lists.join(', '), count(r.n_observed), decimal(r.chao_lower_bound, 1)),
    '',
    table([...w.headers], rows),
    '',
    `${w.selected}${s.terms.join(' + ')}${gof}`,
    `N = ${decimal(s.N, 1)}${estimator}${w.comma}${w.interval} ${range(s.ci)}${s.ci_method ? ` (${s.ci_method})` : ''}${why}`,
    ...(b ? [`${w.bootstrap(count(b.replicates), b.seed, count(b.failed), range(b.percentile_ci))}${levels}`] : []),
  ].join('\n');
}
