// Provincial-level divisions (GB/T 2260) and every spelling of them the loader accepts: Chinese full
// and short names (simplified and traditional), pinyin, English, ISO 3166-2 and 2- or 6-digit codes.
// `region` is stored as the 2-digit code; this module is the one place that decides what maps to it.
import { lookupKey } from './lookup-key.js';

export type RegionKind = 'province' | 'municipality' | 'autonomous_region' | 'sar';

export interface Region {
  /** GB/T 2260 two-digit code, e.g. '44'. */
  readonly code: string;
  /** Full Chinese name, e.g. 广东省, 内蒙古自治区. */
  readonly name: string;
  /** Short Chinese name, e.g. 广东, 内蒙古. */
  readonly short: string;
  readonly pinyin: string;
  readonly en: string;
  readonly kind: RegionKind;
  /** false for 台湾, 香港, 澳门: accepted, but outside the mainland totals if a report wants that. */
  readonly mainland: boolean;
  /** ISO 3166-2 subdivision code, e.g. CN-GD. */
  readonly iso: string;
  /** Other accepted spellings (traditional characters, older romanisations, official English forms). */
  readonly aliases: readonly string[];
}

function r(
  code: string,
  name: string,
  short: string,
  pinyin: string,
  en: string,
  kind: RegionKind,
  iso: string,
  aliases: readonly string[] = [],
  mainland = true,
): Region {
  return { code, name, short, pinyin, en, kind, mainland, iso, aliases };
}

export const REGIONS: readonly Region[] = [
  r('11', '北京市', '北京', 'Beijing', 'Beijing', 'municipality', 'CN-BJ', ['Peking']),
  r('12', '天津市', '天津', 'Tianjin', 'Tianjin', 'municipality', 'CN-TJ'),
  r('13', '河北省', '河北', 'Hebei', 'Hebei', 'province', 'CN-HE'),
  r('14', '山西省', '山西', 'Shanxi', 'Shanxi', 'province', 'CN-SX', ['Shānxī']),
  r('15', '内蒙古自治区', '内蒙古', 'Neimenggu', 'Inner Mongolia', 'autonomous_region', 'CN-NM', [
    '内蒙', '內蒙古', '內蒙古自治區', 'Nei Mongol', 'Nei Menggu', 'Nei Monggol', 'Nei Mongol Zizhiqu',
    'Inner Mongolia Autonomous Region',
  ]),
  r('21', '辽宁省', '辽宁', 'Liaoning', 'Liaoning', 'province', 'CN-LN', ['遼寧', '遼寧省']),
  r('22', '吉林省', '吉林', 'Jilin', 'Jilin', 'province', 'CN-JL'),
  r('23', '黑龙江省', '黑龙江', 'Heilongjiang', 'Heilongjiang', 'province', 'CN-HL', ['黑龍江', '黑龍江省']),
  r('31', '上海市', '上海', 'Shanghai', 'Shanghai', 'municipality', 'CN-SH'),
  r('32', '江苏省', '江苏', 'Jiangsu', 'Jiangsu', 'province', 'CN-JS', ['江蘇', '江蘇省']),
  r('33', '浙江省', '浙江', 'Zhejiang', 'Zhejiang', 'province', 'CN-ZJ'),
  r('34', '安徽省', '安徽', 'Anhui', 'Anhui', 'province', 'CN-AH'),
  r('35', '福建省', '福建', 'Fujian', 'Fujian', 'province', 'CN-FJ'),
  r('36', '江西省', '江西', 'Jiangxi', 'Jiangxi', 'province', 'CN-JX'),
  r('37', '山东省', '山东', 'Shandong', 'Shandong', 'province', 'CN-SD', ['山東', '山東省']),
  r('41', '河南省', '河南', 'Henan', 'Henan', 'province', 'CN-HA'),
  r('42', '湖北省', '湖北', 'Hubei', 'Hubei', 'province', 'CN-HB'),
  r('43', '湖南省', '湖南', 'Hunan', 'Hunan', 'province', 'CN-HN'),
  r('44', '广东省', '广东', 'Guangdong', 'Guangdong', 'province', 'CN-GD', ['廣東', '廣東省']),
  r('45', '广西壮族自治区', '广西', 'Guangxi', 'Guangxi', 'autonomous_region', 'CN-GX', [
    '广西自治区', '廣西', '廣西壯族自治區', 'Guangxi Zhuang', 'Guangxi Zhuangzu Zizhiqu',
    'Guangxi Zhuang Autonomous Region',
  ]),
  r('46', '海南省', '海南', 'Hainan', 'Hainan', 'province', 'CN-HI'),
  r('50', '重庆市', '重庆', 'Chongqing', 'Chongqing', 'municipality', 'CN-CQ', ['重慶', '重慶市']),
  r('51', '四川省', '四川', 'Sichuan', 'Sichuan', 'province', 'CN-SC'),
  r('52', '贵州省', '贵州', 'Guizhou', 'Guizhou', 'province', 'CN-GZ', ['貴州', '貴州省']),
  r('53', '云南省', '云南', 'Yunnan', 'Yunnan', 'province', 'CN-YN', ['雲南', '雲南省']),
  r('54', '西藏自治区', '西藏', 'Xizang', 'Tibet', 'autonomous_region', 'CN-XZ', [
    '西藏自治區', 'Tibet Autonomous Region', 'Xizang Autonomous Region',
  ]),
  r('61', '陕西省', '陕西', 'Shaanxi', 'Shaanxi', 'province', 'CN-SN', ['陝西', '陝西省', 'Shǎnxī']),
  r('62', '甘肃省', '甘肃', 'Gansu', 'Gansu', 'province', 'CN-GS', ['甘肅', '甘肅省']),
  r('63', '青海省', '青海', 'Qinghai', 'Qinghai', 'province', 'CN-QH'),
  r('64', '宁夏回族自治区', '宁夏', 'Ningxia', 'Ningxia', 'autonomous_region', 'CN-NX', [
    '宁夏自治区', '寧夏', '寧夏回族自治區', 'Ningxia Hui', 'Ningxia Huizu Zizhiqu', 'Ningxia Hui Autonomous Region',
  ]),
  r('65', '新疆维吾尔自治区', '新疆', 'Xinjiang', 'Xinjiang', 'autonomous_region', 'CN-XJ', [
    '新疆自治区', '新疆維吾爾自治區', 'Xinjiang Uygur', 'Xinjiang Uyghur', 'Xinjiang Uighur', "Xinjiang Weiwu'er Zizhiqu",
    'Xinjiang Uygur Autonomous Region', 'Xinjiang Uyghur Autonomous Region', 'Xinjiang Uighur Autonomous Region',
  ]),
  r('71', '台湾省', '台湾', 'Taiwan', 'Taiwan', 'province', 'CN-TW', ['台灣', '臺灣', '台灣省', '臺灣省', '台湾地区', 'Taiwan Province'], false),
  r('81', '香港特别行政区', '香港', 'Xianggang', 'Hong Kong', 'sar', 'CN-HK', [
    '香港特別行政區', '香港特区', 'Hongkong', 'Hong Kong SAR', 'HKSAR', 'Hong Kong Special Administrative Region',
  ], false),
  r('82', '澳门特别行政区', '澳门', 'Aomen', 'Macau', 'sar', 'CN-MO', [
    '澳門', '澳門特別行政區', '澳门特区', 'Macao', 'Macau SAR', 'Macao SAR', 'Macao Special Administrative Region',
    'Macau Special Administrative Region',
  ], false),
];

/** The same normalisation as every reference lookup (see lookup-key.ts). */
export const regionKey = lookupKey;
/** DuckDB twin of regionKey: a SQL expression over `expr` (SQL we wrote, never input text). */

const SUFFIXES: Record<RegionKind, readonly string[]> = {
  province: ['sheng', 'province'],
  municipality: ['shi', 'city', 'municipality'],
  autonomous_region: ['zizhiqu', 'autonomous region', 'AR'],
  sar: ['tebie xingzhengqu', 'SAR', 'special administrative region'],
};

function spellings(region: Region): string[] {
  const romanised = [...new Set([region.pinyin, region.en])];
  return [
    region.code,
    `${region.code}0000`,
    region.iso,
    `CN-${region.code}`,
    region.name,
    region.short,
    ...region.aliases,
    ...romanised,
    ...romanised.flatMap((base) => SUFFIXES[region.kind].map((suffix) => `${base} ${suffix}`)),
  ];
}

/** Every accepted spelling, as [lookupKey, code], sorted by key; no key maps to two codes (tested). */
export const REGION_LOOKUP: ReadonlyArray<readonly [key: string, code: string]> = (() => {
  const byKey = new Map<string, string>();
  for (const region of REGIONS) {
    for (const spelling of spellings(region)) {
      const key = lookupKey(spelling);
      const earlier = byKey.get(key);
      if (earlier !== undefined && earlier !== region.code) {
        throw new Error(`region key ${key} maps to both ${earlier} and ${region.code}`);
      }
      byKey.set(key, region.code);
    }
  }
  return [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
})();

const LOOKUP = new Map<string, string>(REGION_LOOKUP);
const CODES = new Set(REGIONS.map((region) => region.code));

/**
 * Chinese-name prefixes for values like 广东省深圳市 or 广东深圳, longest first so that 内蒙古自治区
 * wins over 内蒙古 and 内蒙. A few places outside a province carry its name (海南藏族自治州 and
 * 河南蒙古族自治县 are in 青海), so they are listed as longer prefixes of their own province.
 */
export const REGION_PREFIXES: ReadonlyArray<readonly [prefix: string, code: string]> = (() => {
  const pairs = new Map<string, string>();
  const cjk = /^\p{Script=Han}+$/u;
  for (const region of REGIONS) {
    for (const name of [region.name, region.short, ...region.aliases]) {
      if (cjk.test(name)) pairs.set(lookupKey(name), region.code);
    }
  }
  for (const place of ['海南藏族', '海南州', '河南蒙古族', '河南县']) pairs.set(place, '63');
  return [...pairs].sort(([a], [b]) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
})();

/**
 * The 2-digit code for a raw region value, or undefined: (1) an accepted spelling; (2) a 6-digit
 * GB/T 2260 code of a city or county whose first two digits are a known province (440300 → 44);
 * (3) a Chinese province name followed by more (广东省深圳市, 广东 深圳 → 44). Never a guess beyond that.
 */
export function regionCode(raw: string): string | undefined {
  const key = lookupKey(raw);
  if (key === '') return undefined;
  const exact = LOOKUP.get(key);
  if (exact !== undefined) return exact;
  if (/^[0-9]{6}$/.test(key)) {
    const province = key.slice(0, 2);
    return CODES.has(province) ? province : undefined;
  }
  for (const [prefix, code] of REGION_PREFIXES) if (key.startsWith(prefix)) return code;
  return undefined;
}
