import { describe, expect, it } from 'vitest';
import { lookupKey } from '../../src/core/lookup-key.js';
import { CATEGORIES, CATEGORY_LOOKUP, type CategoryCode, categoryCode, categoryLabel } from '../../src/core/taxonomy.js';

// The taxonomy of DESIGN.md ("Data contracts"), written out here so a change to CATEGORIES that
// drops a required synonym fails.
const DESIGN: ReadonlyArray<readonly [code: CategoryCode, zh: string, synonyms: readonly string[]]> = [
  ['debt_evasion', '恶意逃废债', ['反催收', '债务优化', '停息挂账', '逃废债']],
  ['credit_repair', '征信修复', ['征信洗白', '征信异议代理']],
  ['illegal_agency', '非法代理维权', ['代理投诉', '代理维权', '代理退保']],
  ['false_litigation', '虚假诉讼', []],
  ['money_laundering', '洗钱', ['跑分', '地下钱庄', '帮信']],
  ['info_theft', '信息窃取', ['侵犯公民个人信息', '数据买卖']],
  ['fraud_other', '其他', []],
];

const EN: Record<CategoryCode, string> = {
  debt_evasion: 'Debt evasion',
  credit_repair: 'Illegal credit repair',
  illegal_agency: 'Illegal complaint/surrender agency',
  false_litigation: 'False litigation',
  money_laundering: 'Money laundering',
  info_theft: 'Personal-information theft',
  fraud_other: 'Other',
};

describe('CATEGORIES', () => {
  it('has exactly the seven codes of DESIGN.md, in its order', () => {
    expect(CATEGORIES.map((c) => c.code)).toEqual(DESIGN.map(([code]) => code));
  });
});

describe('categoryCode', () => {
  it.each(DESIGN)('%s: its Chinese name %s and every DESIGN.md synonym map to it', (code, zh, synonyms) => {
    for (const raw of [zh, ...synonyms]) expect(categoryCode(raw), raw).toBe(code);
  });

  it.each(DESIGN)('%s: the code itself and its English label map to it', (code) => {
    expect(categoryCode(code)).toBe(code);
    expect(categoryCode(code.toUpperCase())).toBe(code);
    expect(categoryCode(EN[code])).toBe(code);
    expect(categoryCode(EN[code].toLowerCase())).toBe(code);
  });

  it.each([
    ['恶意逃废债务', 'debt_evasion'],
    ['反催收联盟', 'debt_evasion'],
    ['信用修复', 'credit_repair'],
    ['征信修复代理', 'credit_repair'],
    ['代理维权投诉', 'illegal_agency'],
    ['帮助信息网络犯罪活动', 'money_laundering'],
    ['洗钱犯罪', 'money_laundering'],
    ['非法获取公民个人信息', 'info_theft'],
    ['其它', 'fraud_other'],
    ['other', 'fraud_other'],
    ['OTHER', 'fraud_other'],
    ['money-laundering', 'money_laundering'],
    ['Personal information theft', 'info_theft'],
  ] as const)('the extra synonym %s → %s', (raw, code) => {
    expect(categoryCode(raw)).toBe(code);
  });

  it('ignores surrounding and inner spaces and folds full-width characters', () => {
    expect(categoryCode(' 反催收 ')).toBe('debt_evasion');
    expect(categoryCode('反 催 收')).toBe('debt_evasion');
    expect(categoryCode('\u3000跑分\u3000')).toBe('money_laundering');
    expect(categoryCode('ＤＥＢＴ＿ＥＶＡＳＩＯＮ')).toBe('debt_evasion');
  });

  it.each(['火星', '', '   ', 'XX', '诈骗', '电信诈骗', '催收', '征信', '代理', 'debt', 'fraud', '恶意逃废债券'])(
    'leaves the unknown value %j unmapped instead of guessing',
    (raw) => {
      expect(categoryCode(raw)).toBeUndefined();
    },
  );
});

describe('CATEGORY_LOOKUP', () => {
  it('has no key that maps to two codes', () => {
    const keys = CATEGORY_LOOKUP.map(([key]) => key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('holds keys already normalised', () => {
    for (const [key] of CATEGORY_LOOKUP) expect(lookupKey(key), key).toBe(key);
  });
});

describe('categoryLabel', () => {
  it.each(DESIGN)('%s is labelled %s in Chinese and with its English label in English', (code, zh) => {
    expect(categoryLabel(code, 'zh')).toBe(zh);
    expect(categoryLabel(code, 'en')).toBe(EN[code]);
  });
});
