// Personal numbers as people write them in a narrative, and numbers that look alike but are not
// personal, for the masking property tests (test/unit/pii-property.test.ts): every way of grouping,
// separating, widening and surrounding a mobile, landline, ID or card number that the probe of
// issue 15 found slipping through, drawn from a seeded stream.
import { Rng } from '../../src/core/random.js';

export interface WrittenNumber {
  /** The narrative holding the number. */
  text: string;
  /** The number's digits (ASCII, an ID's X upper-case): none of its 7-digit stretches may survive masking. */
  digits: string;
  kind: 'mobile' | 'landline' | 'id' | 'card';
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const randomDigits = (rng: Rng, n: number) => Array.from({ length: n }, () => String(rng.int(0, 9))).join('');

/** Separators between groups: one to three spaces, dashes of every width, dots, slashes, underscores, thin, zero-width and ideographic spaces. */
export const WRITTEN_SEPARATORS = [' ', '  ', '   ', '-', '–', '—', '.', '/', '_', '\u2009', '\u200B', '\u3000', '－', ' - ', ' – ', '．', '／'];

const BEFORE = ['本人电话', '联系方式：', '对方用', '打我', '代理人手机', '他的号码是', '，', '', '客户留了', '请联系', '身份证号', '卡号', '转账到'];
const AFTER = ['万', '块', '元', '.5', '%', '号', '，', '。', '', '联系', '的人', '打来', '.5万', '％'];
const DATES = ['2025-03-01', '2025年3月1日', '20250301', '2024/12/31', '2023.7.9', '3月5日', '2025-03-01 10:20'];
const FILLERS = ['于{date}借款', '{date}以来多次来电', '，{date}收到短信，', '时间：{date}，', '合同编号TS2025030001，'];

function mobile(rng: Rng): string {
  return `1${rng.int(3, 9)}${randomDigits(rng, 9)}`;
}

function landline(rng: Rng): { area: string; local: string } {
  const area = rng.bernoulli(0.4) ? `0${rng.int(1, 2)}${rng.int(0, 9)}` : `0${rng.int(3, 9)}${randomDigits(rng, 2)}`;
  return { area, local: `${rng.int(2, 8)}${randomDigits(rng, rng.bernoulli(0.8) ? 7 : 6)}` };
}

function idNumber(rng: Rng): string {
  const body = `${rng.int(11, 65)}${randomDigits(rng, 4)}${rng.int(1950, 2005)}${pad(rng.int(1, 12), 2)}${pad(rng.int(1, 28), 2)}${randomDigits(rng, 3)}`;
  return body + (rng.bernoulli(0.15) ? 'X' : String(rng.int(0, 9)));
}

function card(rng: Rng): string {
  return `6${rng.choice(['2', '0', '5'])}${randomDigits(rng, rng.int(14, 17))}`;
}

/** Cuts `digits` into groups of the given sizes (the last takes the rest). */
function groups(digits: string, sizes: number[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= digits.length) break;
    out.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) out.push(digits.slice(at));
  return out;
}

function widen(text: string): string {
  return text.replace(/[0-9X]/g, (c) => (c === 'X' ? 'Ｘ' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
}

/** The number written one way: grouped, separated, perhaps full-width, perhaps with +86 / 0086 / brackets. */
function writeNumber(rng: Rng, kind: WrittenNumber['kind']): { written: string; digits: string } {
  const sep = rng.bernoulli(0.2) ? '' : rng.choice(WRITTEN_SEPARATORS);
  let digits: string;
  let written: string;
  if (kind === 'mobile') {
    digits = mobile(rng);
    const sizes = rng.choice([[3, 4, 4], [4, 4, 3], [3, 3, 5], [3, 8], [7, 4], [11], [2, 3, 3, 3]]);
    written = groups(digits, sizes).join(sep);
    const prefix = rng.choice(['', '', '', '+86', '+86 ', '0086', '0086 ', '86', '+86-', '(+86)']);
    written = prefix + written;
  } else if (kind === 'landline') {
    const { area, local } = landline(rng);
    digits = area + local;
    const localWritten = local.length === 8 && rng.bernoulli(0.5) ? `${local.slice(0, 4)}${sep}${local.slice(4)}` : local;
    written = rng.bernoulli(0.4) ? `${rng.choice(['(', '（'])}${area}${rng.choice([')', '）'])}${rng.bernoulli(0.5) ? sep : ''}${localWritten}` : `${area}${sep || '-'}${localWritten}`;
  } else if (kind === 'id') {
    digits = idNumber(rng);
    written = groups(digits, rng.choice([[6, 8, 4], [6, 4, 4, 4], [18], [3, 3, 4, 4, 4]])).join(sep);
    if (rng.bernoulli(0.3)) written = written.toLowerCase();
  } else {
    digits = card(rng);
    written = groups(digits, rng.choice([[4, 4, 4, 4, 4], [4, 4, 4, 4, 3], [6, 13], [digits.length]])).join(sep);
  }
  if (rng.bernoulli(0.15)) written = widen(written);
  return { written, digits };
}

/** A narrative with one personal number written some way, a date elsewhere, and a unit or word after it. */
export function writtenPersonalNumber(rng: Rng): WrittenNumber {
  const kind = rng.choice(['mobile', 'mobile', 'landline', 'id', 'card'] as const);
  const { written, digits } = writeNumber(rng, kind);
  const filler = rng.choice(FILLERS).replace('{date}', rng.choice(DATES));
  const number = `${rng.choice(BEFORE)}${rng.bernoulli(0.2) ? rng.choice(WRITTEN_SEPARATORS) : ''}${written}${rng.choice(AFTER)}`;
  const text = rng.bernoulli(0.5) ? `${filler}${number}请核实` : `投诉人称${number}，${filler}`;
  return { text, digits, kind };
}

/** Text that holds numbers which are not personal: dates, times, amounts, ticket numbers, run ids, short numbers. */
export function writtenNonPersonal(rng: Rng): string {
  const pick = (): string =>
    rng.choice([
      () => `${rng.int(2000, 2030)}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`,
      () => `${rng.int(2000, 2030)}年${rng.int(1, 12)}月${rng.int(1, 28)}日`,
      () => `${rng.int(2000, 2030)}${pad(rng.int(1, 12), 2)}${pad(rng.int(1, 28), 2)}`,
      () => `${rng.int(2000, 2030)}/${rng.int(1, 12)}/${rng.int(1, 28)}`,
      () => `${rng.int(2000, 2030)}.${rng.int(1, 12)}.${rng.int(1, 28)}`,
      () => `${pad(rng.int(0, 23), 2)}:${pad(rng.int(0, 59), 2)}:${pad(rng.int(0, 59), 2)}`,
      () => `${rng.int(2000, 2030)}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)} ${pad(rng.int(0, 23), 2)}:${pad(rng.int(0, 59), 2)}`,
      () => `${rng.int(1, 999)},${pad(rng.int(0, 999), 3)}.${pad(rng.int(0, 99), 2)}元`,
      () => `${rng.int(1, 99)}.${rng.int(1, 9)}万`,
      () => `${rng.int(1000, 9999999)}元`,
      () => `${rng.int(1, 99)}.${rng.int(0, 9)}%`,
      () => `TS${rng.int(2020, 2030)}${pad(rng.int(1, 12), 2)}${pad(rng.int(1, 9999), 4)}`,
      () => `${rng.int(2020, 2030)}${pad(rng.int(1, 12), 2)}${pad(rng.int(1, 28), 2)}T${randomDigits(rng, 9)}Z-${randomDigits(rng, 6)}`,
      () => String(rng.int(1, 999999)),
      () => `${rng.int(1, 36)}期`,
      () => `${rng.int(1, 12)}月${rng.int(1, 28)}日`,
    ])();
  const parts = Array.from({ length: rng.int(1, 4) }, pick);
  return rng.choice(['本人于{0}借款，', '{0}，合同{1}', '{0}至{1}期间共还款{2}', '工单{0}，{1}受理', '时间{0} 金额{1}']).replace(/\{(\d)\}/g, (_, i: string) => parts[Number(i)] ?? parts[0]!);
}
