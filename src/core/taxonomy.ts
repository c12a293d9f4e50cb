// The black/gray-market taxonomy of DESIGN.md: category codes, their Chinese and English labels and
// the synonyms a source may use, plus the labels of the `all` and `ordinary` report segments. An
// unknown value maps to nothing (the loader rejects it): never a guess.
import { lookupKey } from './lookup-key.js';

export type CategoryCode =
  | 'debt_evasion'
  | 'credit_repair'
  | 'illegal_agency'
  | 'false_litigation'
  | 'money_laundering'
  | 'info_theft'
  | 'fraud_other';

export interface Category {
  readonly code: CategoryCode;
  readonly zh: string;
  readonly en: string;
  /** Other values that mean this category, Chinese or English. The code and both labels are accepted too. */
  readonly synonyms: readonly string[];
}

export const CATEGORIES: readonly Category[] = [
  {
    code: 'debt_evasion',
    zh: '恶意逃废债',
    en: 'Debt evasion',
    synonyms: ['反催收', '债务优化', '停息挂账', '逃废债', '恶意逃废债务', '逃废债务', '反催收联盟', '停息挂账代理', '债务优化代理', 'anti-collection'],
  },
  {
    code: 'credit_repair',
    zh: '征信修复',
    en: 'Illegal credit repair',
    synonyms: ['征信洗白', '征信异议代理', '信用修复', '征信修复代理', '非法征信修复', 'credit repair'],
  },
  {
    code: 'illegal_agency',
    zh: '非法代理维权',
    en: 'Illegal complaint/surrender agency',
    synonyms: ['代理投诉', '代理维权', '代理退保', '代理维权投诉', '代理投诉维权', '非法代理投诉', '非法代理退保', 'illegal agency', 'complaint agency', 'surrender agency'],
  },
  {
    code: 'false_litigation',
    zh: '虚假诉讼',
    en: 'False litigation',
    synonyms: ['虚假诉讼罪'],
  },
  {
    code: 'money_laundering',
    zh: '洗钱',
    en: 'Money laundering',
    synonyms: ['跑分', '地下钱庄', '帮信', '帮信罪', '帮助信息网络犯罪活动', '帮助信息网络犯罪活动罪', '洗钱犯罪', '洗钱罪', '跑分平台'],
  },
  {
    code: 'info_theft',
    zh: '信息窃取',
    en: 'Personal-information theft',
    synonyms: ['侵犯公民个人信息', '侵犯公民个人信息罪', '非法获取公民个人信息', '数据买卖', '个人信息买卖', '个人信息窃取', 'personal information theft', 'information theft'],
  },
  {
    code: 'fraud_other',
    zh: '其他',
    en: 'Other',
    synonyms: ['其它', '其他类', '其他类型'],
  },
];

/** Every accepted value, as [lookupKey, code], sorted by key; no key maps to two codes (tested). */
export const CATEGORY_LOOKUP: ReadonlyArray<readonly [key: string, code: CategoryCode]> = (() => {
  const byKey = new Map<string, CategoryCode>();
  for (const category of CATEGORIES) {
    for (const spelling of [category.code, category.zh, category.en, ...category.synonyms]) {
      const key = lookupKey(spelling);
      const earlier = byKey.get(key);
      if (earlier !== undefined && earlier !== category.code) {
        throw new Error(`category key ${key} maps to both ${earlier} and ${category.code}`);
      }
      byKey.set(key, category.code);
    }
  }
  return [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
})();

const LOOKUP = new Map<string, CategoryCode>(CATEGORY_LOOKUP);
const BY_CODE = new Map<CategoryCode, Category>(CATEGORIES.map((category) => [category.code, category]));

/** The category code for a raw value, or undefined when it is not a known code, label or synonym. */
export function categoryCode(raw: string): CategoryCode | undefined {
  return LOOKUP.get(lookupKey(raw));
}

/** The label of a category in Chinese or English. */
export function categoryLabel(code: CategoryCode, lang: 'zh' | 'en'): string {
  const category = BY_CODE.get(code);
  if (category === undefined) throw new Error(`unknown category code ${String(code)}`);
  return lang === 'zh' ? category.zh : category.en;
}

/**
 * Report segments that are not categories: `all` (the total of every category) and `ordinary`
 * (complaints that belong to no operation). They label rows and legends, and are never accepted as a
 * category of an input record, so they stay out of CATEGORY_LOOKUP.
 */
export type SegmentCode = CategoryCode | 'all' | 'ordinary';

const SEGMENT_LABELS: Readonly<Record<Exclude<SegmentCode, CategoryCode>, { readonly zh: string; readonly en: string }>> = {
  all: { zh: '合计', en: 'All' },
  ordinary: { zh: '普通投诉', en: 'Ordinary complaints' },
};

/** The label of a category or of the `all` / `ordinary` segment, in Chinese or English. */
export function segmentLabel(code: SegmentCode, lang: 'zh' | 'en'): string {
  if (code === 'all' || code === 'ordinary') return SEGMENT_LABELS[code][lang];
  return categoryLabel(code, lang);
}
