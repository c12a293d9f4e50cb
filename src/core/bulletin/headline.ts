// The bulletin's headline in the form such figures are published ("超过2,800亿元（95%区间 …），较2023年
// 同期增长约40%，年均约18%"): the scale cut down to two significant digits ("above"), growth rounded to
// whole percent ("about"). The key-figures table gives the same figures unrounded; both come from the
// market_scale and growth report tables, never recomputed.
import { decimal, pct, signedPct } from '../../render/format.js';
import type { ReportLang, ReportTable } from '../reports/report-table.js';

type Texts = (key: string, values?: Record<string, string | number>) => string;

/** What the headline states, as --json reports it: amounts in the market_scale table's unit, growth as fractions. */
export interface HeadlineFigures {
  period: string;
  scale: number | null;
  scale_low: number | null;
  scale_high: number | null;
  /** The unit word of scale (亿元, "CNY 100 million") and its code (yuan|wan|yi). */
  unit: string;
  unit_code: string;
  /** The scale as the headline writes it: cut down to two significant digits. */
  scale_headline: number | null;
  vs_2y: number | null;
  cagr_2y: number | null;
  /** Year on year: what the headline states when there is no two-year change (no estimate two years back). */
  yoy: number | null;
  /** What the headline compares with: vs_2y (and cagr_2y), yoy when there is no two-year change, or nothing. */
  compared: 'vs_2y' | 'yoy' | null;
  /** The quarter it compares with: the same quarter two years (one year for yoy) earlier. */
  base_period: string;
  text: string;
}

/** x cut down (towards zero) to two significant digits: 2,421.5 → 2,400; 0.87 → 0.87; 99.6 → 99. */
export function headlineFloor(x: number): { value: number; decimals: number } {
  if (!(x > 0)) return { value: x, decimals: 0 };
  const exponent = Math.floor(Math.log10(x)) - 1;
  const step = 10 ** exponent;
  // A tiny epsilon: 2400 / 100 must not floor to 23.999….
  const value = Math.floor(x / step + 1e-9) * step;
  return { value, decimals: Math.max(0, -exponent) };
}

/** The same quarter `years` years earlier: 2025Q1 → 2023Q1. */
export function quarterYearsBefore(period: string, years: number): string {
  return `${Number(period.slice(0, 4)) - years}${period.slice(4)}`;
}

/** "2025年第一季度" / "Q1 2025". */
export function periodLabel(period: string, t: Texts, key = 'period_label'): string {
  const q = Number(period.slice(5));
  return t(key, { year: period.slice(0, 4), quarter: q, quarter_cn: '一二三四'[q - 1] ?? String(q) });
}

/** A growth rate as the headline writes it: whole percent ("约40%" / "+40%"). */
function aboutPct(x: number, lang: ReportLang): string {
  const whole = Math.round(x * 100) / 100;
  return lang === 'zh' ? pct(Math.abs(whole), 0) : signedPct(whole, 0);
}

export function buildHeadline(market: ReportTable, growth: ReportTable | null, lang: ReportLang, t: Texts): HeadlineFigures {
  const period = String(market.meta.period);
  const row = market.rows.find((r) => r.period === period);
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const scale = num(row?.scale);
  const low = num(row?.scale_low);
  const high = num(row?.scale_high);
  const unit = String(market.meta.unit ?? '');
  const at = (metric: string) => num(growth?.rows.find((r) => r.period === period && r.metric === metric)?.value);
  const vs2y = at('vs_2y');
  const cagr = at('cagr_2y');
  const yoy = at('yoy');
  const compared = vs2y !== null && cagr !== null ? 'vs_2y' : yoy !== null ? 'yoy' : null;
  const base = quarterYearsBefore(period, compared === 'yoy' ? 1 : 2);
  const cut = scale === null ? null : headlineFloor(scale);
  const range = low !== null && high !== null ? t('headline_range', { low: decimal(low, 1), high: decimal(high, 1), unit }) : t('headline_floor');
  let text = t('headline', { period_label: periodLabel(period, t), scale: cut ? decimal(cut.value, cut.decimals) : '—', unit, range });
  if (compared === 'vs_2y') {
    const values = { base_label: periodLabel(base, t, 'base_label'), vs_2y: aboutPct(vs2y!, lang), cagr_2y: aboutPct(cagr!, lang) };
    text += t(Math.round(vs2y! * 100) >= 0 ? 'headline_growth_up' : 'headline_growth_down', values);
  } else if (compared === 'yoy') {
    const values = { base_label: periodLabel(base, t, 'base_label'), yoy: aboutPct(yoy!, lang) };
    text += t(Math.round(yoy! * 100) >= 0 ? 'headline_yoy_up' : 'headline_yoy_down', values);
  }
  text += t('headline_end');
  return { period, scale, scale_low: low, scale_high: high, unit, unit_code: String(market.meta.unit_code ?? ''), scale_headline: cut?.value ?? null, vs_2y: vs2y, cagr_2y: cagr, yoy, compared, base_period: base, text };
}
