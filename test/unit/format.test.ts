// The one formatting module (src/render/format.ts): amounts in 元/万元/亿元 in Chinese and English with
// the same digits, rounding, signs, missing values, percentages, percentage points, intervals, labels.
import { describe, expect, it } from 'vitest';
import { CATEGORIES, type SegmentCode } from '../../src/core/taxonomy.js';
import { amount, amountScale, amountUnit, count, decimal, interval, label, MISSING, pct, pickUnit, pp, seconds, signedPct } from '../../src/render/format.js';

describe('amount', () => {
  it.each([
    ['yuan', 1_234_567.891, 2, '1,234,567.89 元', 'CNY 1,234,567.89'],
    ['wan', 1_234_567.891, 2, '123.46 万元', '123.46 (CNY 10,000)'],
    ['yi', 250_630_000_000, 1, '2,506.3 亿元', '2,506.3 (CNY 100 million)'],
    ['yi', 1_974_234_567_890, 1, '19,742.3 亿元', '19,742.3 (CNY 100 million)'],
  ] as const)('in %s: %d yuan with %d decimals reads %s in Chinese and %s in English', (unit, yuan, decimals, zh, en) => {
    expect(amount(yuan, { unit, decimals, lang: 'zh' })).toBe(zh);
    expect(amount(yuan, { unit, decimals, lang: 'en' })).toBe(en);
  });

  it('names the unit in Chinese by default and leaves it out for a table cell', () => {
    expect(amount(250_630_000_000, { unit: 'yi', decimals: 1 })).toBe('2,506.3 亿元');
    expect(amount(250_630_000_000, { unit: 'yi', decimals: 1, showUnit: false })).toBe('2,506.3');
  });

  it('gives the same digits in both languages: only the unit word differs', () => {
    for (const yuan of [0, 1, 49_999, 123_456_789, 987_654_321_012.5, -3_141_592_653]) {
      for (const unit of ['yuan', 'wan', 'yi'] as const) {
        for (const decimals of [0, 1, 2]) {
          const zh = amount(yuan, { unit, decimals, lang: 'zh' });
          const en = amount(yuan, { unit, decimals, lang: 'en' });
          // The digits are what remains once the unit words (and the brackets or CNY prefix of English) are taken away.
          const figure = (text: string) => text.replace(/ ?(亿元|万元|元)$/, '').replace(/ \(CNY [0-9a-z, ]+\)$/, '').replace(/^CNY /, '');
          expect(figure(zh), `${yuan} ${unit} ${decimals}`).toBe(figure(en));
          expect(figure(zh)).toMatch(/^-?[0-9,]+(\.[0-9]+)?$/);
        }
      }
    }
  });

  it('fixes the decimals per call and rounds half away from zero', () => {
    expect(amount(125_000_000, { unit: 'yi', decimals: 1 })).toBe('1.3 亿元');
    expect(amount(-125_000_000, { unit: 'yi', decimals: 1 })).toBe('-1.3 亿元');
    expect(amount(100_000_000, { unit: 'yi', decimals: 2 })).toBe('1.00 亿元');
    expect(amount(276_840_000_000, { unit: 'yi', decimals: 0 })).toBe('2,768 亿元');
    expect(amount(15_000, { unit: 'wan', decimals: 0, lang: 'en' })).toBe('2 (CNY 10,000)');
  });

  it('keeps the sign of a negative amount in front of the grouped digits', () => {
    expect(amount(-250_630_000_000, { unit: 'yi', decimals: 1, lang: 'en' })).toBe('-2,506.3 (CNY 100 million)');
    expect(amount(-1_234.5, { unit: 'yuan', decimals: 1 })).toBe('-1,234.5 元');
  });

  it('prints a missing amount as — with no unit, and -0 as 0', () => {
    expect(amount(null, { unit: 'yi', decimals: 1 })).toBe('—');
    expect(amount(undefined, { unit: 'wan', decimals: 2, lang: 'en' })).toBe('—');
    expect(amount(-0, { unit: 'yi', decimals: 1 })).toBe('0.0 亿元');
  });
});

describe('pickUnit and amountScale: one unit for figures read together, by magnitude', () => {
  it('picks 元 below 1 万, 万元 below 1 亿, 亿元 from 1 亿, by the largest figure of the set', () => {
    expect(pickUnit([350, 9_999.4])).toBe('yuan');
    expect(pickUnit([350, 12_345])).toBe('wan');
    expect(pickUnit([3_500_000, -99_999_999])).toBe('wan');
    expect(pickUnit([12_345, 250_630_000_000])).toBe('yi');
    expect(pickUnit([null, undefined, Number.NaN])).toBe('yuan');
  });

  it("prints an institution's figures in 万元, not as 0.0 亿元, and the market's in 亿元", () => {
    const bank = amountScale([1_234_567, 345_678]);
    expect(bank.label).toBe('万元');
    expect(bank.cell(1_234_567)).toBe('123.5');
    expect(bank.text(345_678)).toBe('34.6 万元');
    const market = amountScale([250_630_000_000, 1_234_567]);
    expect(market.text(250_630_000_000)).toBe('2,506.3 亿元');
    expect(market.cell(1_234_567)).toBe('0.0'); // shares the column's unit
    expect(amountScale([870]).text(870)).toBe('870 元');
  });

  it('keeps a fixed unit (--unit) whatever the magnitude, with English unit words', () => {
    expect(amountScale([250_630_000_000], { unit: 'wan' }).text(250_630_000_000)).toBe('25,063,000.0 万元');
    expect(amountScale([1_234], { unit: 'yi', lang: 'en' }).text(1_234)).toBe('0.0 (CNY 100 million)');
    expect(amountScale([1_234], { unit: 'auto', lang: 'en' }).label).toBe('CNY');
    expect(amountScale([1_234], { unit: 'auto', lang: 'en' }).text(1_234)).toBe('CNY 1,234');
  });
});

describe('amountUnit', () => {
  it.each([
    ['yuan', '元', 'CNY'],
    ['wan', '万元', 'CNY 10,000'],
    ['yi', '亿元', 'CNY 100 million'],
  ] as const)('%s is %s in Chinese and %s in English', (unit, zh, en) => {
    expect(amountUnit(unit, 'zh')).toBe(zh);
    expect(amountUnit(unit, 'en')).toBe(en);
  });
});

describe('decimal and count', () => {
  it('groups digits and fixes the decimals', () => {
    expect(decimal(1234.567, 2)).toBe('1,234.57');
    expect(decimal(1234.5, 1)).toBe('1,234.5');
    expect(decimal(-9_876_543.21, 0)).toBe('-9,876,543');
    expect(decimal(2.5, 0)).toBe('3');
    expect(decimal(-2.5, 0)).toBe('-3');
    expect(decimal(null, 2)).toBe(MISSING);
  });

  it('rounds a count to a whole number', () => {
    expect(count(20_000)).toBe('20,000');
    expect(count(461.5)).toBe('462');
    expect(count(1_234_567)).toBe('1,234,567');
    expect(count(-1_234)).toBe('-1,234');
    expect(count(null)).toBe('—');
    expect(count(undefined)).toBe('—');
  });
});

describe('percentages', () => {
  it('shows a fraction as a percentage with one decimal by default', () => {
    expect(pct(0.377)).toBe('37.7%');
    expect(pct(0.3774)).toBe('37.7%');
    expect(pct(1)).toBe('100.0%');
    expect(pct(0.125, 0)).toBe('13%');
    expect(pct(-0.21)).toBe('-21.0%');
    expect(pct(null)).toBe('—');
  });

  it('does not group the digits of a percentage', () => {
    expect(pct(12.345)).toBe('1234.5%');
  });

  it('signs a change, zero counting as a rise', () => {
    expect(signedPct(0.377)).toBe('+37.7%');
    expect(signedPct(-0.21)).toBe('-21.0%');
    expect(signedPct(0)).toBe('+0.0%');
    expect(signedPct(-0)).toBe('+0.0%');
    expect(signedPct(2.164, 0)).toBe('+216%');
    expect(signedPct(undefined)).toBe('—');
  });

  it('writes percentage points as "pp" in English and 个百分点 in Chinese', () => {
    expect(pp(0.04, { lang: 'en' })).toBe('+4.0 pp');
    expect(pp(0.04, { lang: 'zh' })).toBe('+4.0个百分点');
    expect(pp(0.04)).toBe('+4.0个百分点');
    expect(pp(-0.0125, { lang: 'en', decimals: 2 })).toBe('-1.25 pp');
    expect(pp(null, { lang: 'en' })).toBe('—');
  });
});

describe('interval', () => {
  const yi = (x: number) => amount(x, { unit: 'yi', decimals: 1, showUnit: false });

  it('joins the two ends with an en dash', () => {
    expect(interval([201_230_000_000, 620_910_000_000], yi)).toBe('2,012.3–6,209.1');
    expect(interval([420, 639], count)).toBe('420–639');
  });

  it('puts spaces round the dash when asked, for ends with their own sign', () => {
    expect(interval([-0.668, 0.764], signedPct, { spaced: true })).toBe('-66.8% – +76.4%');
  });

  it('is — when there is no interval', () => {
    expect(interval(null, yi)).toBe('—');
    expect(interval(undefined, count, { spaced: true })).toBe('—');
  });
});

describe('seconds', () => {
  it('prints a duration with fixed decimals and an s', () => {
    expect(seconds(0.1234, 2)).toBe('0.12s');
    expect(seconds(12.05, 1)).toBe('12.1s');
    expect(seconds(1234.5, 1)).toBe('1234.5s');
  });
});

describe('label', () => {
  const LABELS: ReadonlyArray<readonly [SegmentCode, string, string]> = [
    ['debt_evasion', '恶意逃废债', 'Debt evasion'],
    ['credit_repair', '征信修复', 'Illegal credit repair'],
    ['illegal_agency', '非法代理维权', 'Illegal complaint/surrender agency'],
    ['false_litigation', '虚假诉讼', 'False litigation'],
    ['money_laundering', '洗钱', 'Money laundering'],
    ['info_theft', '信息窃取', 'Personal-information theft'],
    ['fraud_other', '其他', 'Other'],
    ['all', '合计', 'All'],
    ['ordinary', '普通投诉', 'Ordinary complaints'],
  ];

  it('covers every category of the taxonomy', () => {
    expect(LABELS.map(([code]) => code).filter((code) => code !== 'all' && code !== 'ordinary')).toEqual(CATEGORIES.map((c) => c.code));
  });

  it.each(LABELS)('%s is %s in Chinese and %s in English', (code, zh, en) => {
    expect(label(code, 'zh')).toBe(zh);
    expect(label(code, 'en')).toBe(en);
  });

  it('refuses a code that is not in the taxonomy instead of printing it', () => {
    expect(() => label('fraud' as SegmentCode, 'en')).toThrow(/unknown category code fraud/);
  });
});
