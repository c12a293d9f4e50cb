// The one formatting module of human output: amounts in 元/万元/亿元 (a fixed unit, or one picked by
// magnitude for a set of figures read together: amountScale), percentages, percentage points,
// intervals, counts, durations and segment labels, in Chinese or English. The terminal renderers use
// it, and charts, Excel returns and the bulletin are to format through it, so a figure reads the same.
//
// Conventions:
// - Digits come from one Intl.NumberFormat locale (en-US: comma groups of three, point decimals, which
//   is also how zh-CN writes them) whatever `lang` is, so a number has the same digits and rounding in
//   both languages; only unit words differ. Decimals are fixed per call; rounding is half away from zero.
// - English units translate the Chinese unit literally instead of rescaling into millions or billions
//   (which would change the digits), in the form English editions of Chinese statistics use for a
//   table's unit: 元 → "CNY", 万元 → "CNY 10,000", 亿元 → "CNY 100 million"; in running text the
//   figure comes first and the unit follows in brackets, zh "2,506.3 亿元" is en
//   "2,506.3 (CNY 100 million)", and whole yuan read "CNY 12,345".
// - A missing value (null or undefined) prints as "—". -0 prints as 0.
// - Percentages take fractions (0.377 → "37.7%") and are not digit-grouped, as the CLI has always
//   printed them; percentage points take a difference of fractions (0.04 → "+4.0 pp" / "+4.0个百分点").
import type { Unit } from '../core/headers.js';
import { type SegmentCode, segmentLabel } from '../core/taxonomy.js';

export type Lang = 'zh' | 'en';
export type { Unit as AmountUnit };
/** A figure that may be missing. */
export type Figure = number | null | undefined;

export const MISSING = '—';

const DIVISOR: Readonly<Record<Unit, number>> = { yuan: 1, wan: 1e4, yi: 1e8 };
const UNIT_LABEL: Readonly<Record<Unit, Readonly<Record<Lang, string>>>> = {
  yuan: { zh: '元', en: 'CNY' },
  wan: { zh: '万元', en: 'CNY 10,000' },
  yi: { zh: '亿元', en: 'CNY 100 million' },
};

/** The currency sign of d3's `$` format in a chart: ¥ in Chinese, "CNY " in English. */
const CURRENCY: Readonly<Record<Lang, readonly [string, string]>> = { zh: ['¥', ''], en: ['CNY ', ''] };

/**
 * The d3-format locale a chart formats its numbers with (vega's `locale.number`): the same digits as
 * every other output (comma groups of three, point decimals, whatever the language) and the
 * language's currency sign. Charts get amounts already in the unit their table's meta names, so the
 * unit word comes from the table (amountUnit), never from the number format.
 */
export function chartNumberLocale(lang: Lang): { decimal: string; thousands: string; grouping: number[]; currency: string[]; minus: string } {
  return { decimal: '.', thousands: ',', grouping: [3], currency: [...CURRENCY[lang]], minus: '-' };
}

// Intl.NumberFormat is slow to construct and rendering a table formats thousands of cells.
const formatters = new Map<string, Intl.NumberFormat>();

/** x with exactly `decimals` decimals, digit-grouped unless `grouping` is false. */
function digits(x: number, decimals: number, grouping = true): string {
  const key = `${decimals}|${grouping}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: grouping });
    formatters.set(key, formatter);
  }
  return formatter.format(Object.is(x, -0) ? 0 : x);
}

const missing = (x: Figure): x is null | undefined => x === null || x === undefined;

/** A plain number with grouped digits and fixed decimals: decimal(1234.567, 2) → "1,234.57". */
export function decimal(x: Figure, decimals: number): string {
  return missing(x) ? MISSING : digits(x, decimals);
}

/** A count, rounded to a whole number and grouped: count(20000) → "20,000". */
export function count(x: Figure): string {
  return missing(x) ? MISSING : digits(x, 0);
}

/** The unit word of an amount (a column header, an axis title): 亿元 in Chinese, "CNY 100 million" in English. */
export function amountUnit(unit: Unit, lang: Lang = 'zh'): string {
  return UNIT_LABEL[unit][lang];
}

export interface AmountOptions {
  /** The unit the figure is shown in; the input is always in yuan. */
  unit: Unit;
  decimals: number;
  /** Default zh: the CLI names units in Chinese, as the statistics it reports do. */
  lang?: Lang;
  /** False for a table cell whose column header names the unit. */
  showUnit?: boolean;
}

/** An amount given in yuan, in 元/万元/亿元: amount(250_630_000_000, {unit: 'yi', decimals: 1}) → "2,506.3 亿元" (en "2,506.3 (CNY 100 million)"). */
export function amount(yuan: Figure, options: AmountOptions): string {
  if (missing(yuan)) return MISSING;
  const text = digits(yuan / DIVISOR[options.unit], options.decimals);
  if (options.showUnit === false) return text;
  if ((options.lang ?? 'zh') === 'zh') return `${text} ${amountUnit(options.unit, 'zh')}`;
  return options.unit === 'yuan' ? `CNY ${text}` : `${text} (${amountUnit(options.unit, 'en')})`;
}

/** `--unit`: a fixed unit, or `auto` to pick one by magnitude (amountScale). */
export type UnitChoice = Unit | 'auto';
export const UNIT_CHOICES: readonly UnitChoice[] = ['auto', 'yuan', 'wan', 'yi'];

/** Decimals per unit in human output: whole 元, tenths of 万元 and 亿元. */
const UNIT_DECIMALS: Readonly<Record<Unit, number>> = { yuan: 0, wan: 1, yi: 1 };

/**
 * The unit of a set of figures read side by side (a table, a column, a headline and its truth), by
 * the largest magnitude among them: 亿元 from 1 亿 up, 万元 from 1 万 up, else 元. One unit for the
 * set, so figures compared with each other share it; missing and non-finite figures do not count.
 */
export function pickUnit(figures: Iterable<Figure>): Unit {
  let largest = 0;
  for (const x of figures) if (!missing(x) && Number.isFinite(x)) largest = Math.max(largest, Math.abs(x));
  return largest >= DIVISOR.yi ? 'yi' : largest >= DIVISOR.wan ? 'wan' : 'yuan';
}

/** A unit chosen for a set of figures, and how to print them in it. */
export interface AmountScale {
  unit: Unit;
  /** Yuan per unit (1, 10,000 or 100,000,000): a figure in yuan ÷ divisor is the figure in the unit. */
  divisor: number;
  /** The unit word, for a column header: "亿元". */
  label: string;
  /** A figure in the unit without the unit word (a table cell under a header that names it). */
  cell(yuan: Figure): string;
  /** A figure in the unit with the unit word: "2,506.3 亿元". */
  text(yuan: Figure): string;
}

/**
 * The scale of a set of figures: `unit` fixed (--unit yuan|wan|yi), or `auto` (the default) to pick
 * it by magnitude (pickUnit). Decimals: 0 in 元, 1 in 万元 and 亿元.
 */
export function amountScale(figures: Iterable<Figure>, options: { unit?: UnitChoice; lang?: Lang } = {}): AmountScale {
  const choice = options.unit ?? 'auto';
  const unit = choice === 'auto' ? pickUnit(figures) : choice;
  const base = { unit, decimals: UNIT_DECIMALS[unit], lang: options.lang ?? 'zh' };
  return {
    unit,
    divisor: DIVISOR[unit],
    label: amountUnit(unit, base.lang),
    cell: (yuan) => amount(yuan, { ...base, showUnit: false }),
    text: (yuan) => amount(yuan, base),
  };
}

/** A fraction as a percentage: pct(0.377) → "37.7%". */
export function pct(x: Figure, decimals = 1): string {
  return missing(x) ? MISSING : `${digits(x * 100, decimals, false)}%`;
}

/** A change as a signed percentage: signedPct(0.377) → "+37.7%", signedPct(-0.21) → "-21.0%". */
export function signedPct(x: Figure, decimals = 1): string {
  return missing(x) ? MISSING : `${x >= 0 ? '+' : ''}${pct(x, decimals)}`;
}

/** A difference of two shares in percentage points: pp(0.04, {lang: 'en'}) → "+4.0 pp"; zh "+4.0个百分点". */
export function pp(x: Figure, options: { lang?: Lang; decimals?: number } = {}): string {
  if (missing(x)) return MISSING;
  const value = `${x >= 0 ? '+' : ''}${digits(x * 100, options.decimals ?? 1, false)}`;
  return (options.lang ?? 'zh') === 'en' ? `${value} pp` : `${value}个百分点`;
}

/**
 * An interval, each end formatted by `end`, joined by an en dash: "2,012.3–6,209.1"; "—" when there is
 * none. `spaced` puts spaces round the dash, for ends that carry their own sign ("-66.8% – +76.4%").
 */
export function interval(ci: readonly [number, number] | null | undefined, end: (x: number) => string, options: { spaced?: boolean } = {}): string {
  if (ci === null || ci === undefined) return MISSING;
  return `${end(ci[0])}${options.spaced ? ' – ' : '–'}${end(ci[1])}`;
}

/** A duration: seconds(0.1234, 2) → "0.12s". */
export function seconds(x: number, decimals: number): string {
  return `${digits(x, decimals, false)}s`;
}

/** The label of a category code, `all` (合计 / All) or `ordinary` (普通投诉 / Ordinary complaints). */
export function label(code: SegmentCode, lang: Lang): string {
  return segmentLabel(code, lang);
}

// Words several renderers share: the sources, the states of a file or a run. A value with no entry
// (a status added later) prints as the code it is, never as nothing.
const SOURCE_LABEL: Readonly<Record<string, Readonly<Record<Lang, string>>>> = {
  complaints: { zh: '投诉', en: 'complaints' },
  incidents: { zh: '事件', en: 'incidents' },
  enforcement: { zh: '执法', en: 'enforcement' },
};

const STATUS_LABEL: Readonly<Record<string, Readonly<Record<Lang, string>>>> = {
  loaded: { zh: '已加载', en: 'loaded' },
  unchanged: { zh: '未变', en: 'unchanged' },
  replaced: { zh: '已替换', en: 'replaced' },
  updated: { zh: '已更新', en: 'updated' },
  skipped: { zh: '已跳过', en: 'skipped' },
  success: { zh: '成功', en: 'success' },
  error: { zh: '失败', en: 'error' },
  failed: { zh: '失败', en: 'failed' },
  running: { zh: '运行中', en: 'running' },
  pass: { zh: '通过', en: 'pass' },
  fail: { zh: '未通过', en: 'fail' },
};

/** A source (complaints, incidents, enforcement) as a table or a sentence names it: 投诉 / complaints. */
export function sourceLabel(source: string, lang: Lang): string {
  return SOURCE_LABEL[source]?.[lang] ?? source;
}

/** The state of a file or a run (loaded, unchanged, success …): 已加载 / loaded. */
export function statusLabel(status: string, lang: Lang): string {
  return STATUS_LABEL[status]?.[lang] ?? status;
}
