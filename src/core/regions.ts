// Provincial-level divisions (GB/T 2260) and every spelling of them the loader accepts: Chinese full
// and short names (simplified and traditional), pinyin, English, ISO 3166-2 and 2- or 6-digit codes.
// `region` is stored as the 2-digit code and `city_code` as the 6-digit code of the city below it when
// the value names one (divisions.ts holds the GB/T 2260 names below the province); this module is
// the one place that decides what maps to them.
import { divisionIndex, type Division } from './divisions.js';
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

/** What a raw region value means: a province and, when the value names one, the city below it. */
export type RegionMatch =
  | { readonly code: string; readonly cityCode: string | null }
  | { readonly ambiguous: readonly Division[] };

/** How many candidates an ambiguity message lists before "…". */
const MAX_CANDIDATES = 6;

/**
 * The 2-digit code for a raw region value, or undefined (unknown, or a name in several provinces).
 * See resolveRegion for the rules.
 */
export function regionCode(raw: string): string | undefined {
  const match = resolveRegion(raw);
  return match && 'code' in match ? match.code : undefined;
}

/**
 * What a raw region value means, in this order:
 *   1. an accepted spelling of a province (广东省, 广东, Guangdong, 44, 440000, CN-GD): no city;
 *   2. a 6-digit GB/T 2260 code: a city (440300) or a district, county or county-level city
 *      (440305, whose city is 440300); an unknown code of a known province (449999) gives the
 *      province alone;
 *   3. the name of a city or district, full (深圳市, 南山区, 浦东新区) or short, without 市, 区, 县,
 *      新区, 地区, 盟, 旗 or the ethnic part of an autonomous prefecture (苏州, 南山, 延边);
 *      full names are tried before short forms, and a prefecture-level city before districts of the
 *      same name (西安 is 西安市, not 西安区 of 辽源; 朝阳 is 辽宁省朝阳市; write 北京朝阳 for the district);
 *   4. a city followed by one of its districts (深圳南山, 苏州市姑苏区);
 *   5. a province followed by any of the above within that province (广东省深圳市南山区, 北京朝阳区);
 *      a province followed by anything else gives the province alone (广东省某某 → 44), as before.
 * A name whose candidates lie in one province gives that province (and the city when they share
 * one); candidates in several provinces make the value ambiguous (朝阳区: 北京市朝阳区 and
 * 吉林省长春市朝阳区), and the caller rejects it naming them. Never a guess beyond that.
 */
export function resolveRegion(raw: string): RegionMatch | undefined {
  const key = lookupKey(raw);
  if (key === '') return undefined;
  const exact = LOOKUP.get(key);
  if (exact !== undefined) return { code: exact, cityCode: null };
  if (/^[0-9]{6}$/.test(key)) return fromCode(key);
  const named = decide(namedDivisions(key));
  if (named) return named;
  for (const [prefix, code] of REGION_PREFIXES) {
    if (!key.startsWith(prefix)) continue;
    const within = namedDivisions(key.slice(prefix.length)).filter((d) => d.province === code);
    return decide(within) ?? { code, cityCode: null };
  }
  return undefined;
}

function fromCode(key: string): RegionMatch | undefined {
  const province = key.slice(0, 2);
  if (!CODES.has(province)) return undefined;
  const { byCode } = divisionIndex();
  const division = byCode.get(key);
  if (division) return { code: division.province, cityCode: division.city };
  const city = byCode.get(`${key.slice(0, 4)}00`);
  return { code: province, cityCode: city?.level === 'city' ? city.code : null };
}

/** Divisions a key names: by full name, else by short form, else as a city followed by its district. */
function namedDivisions(key: string): readonly Division[] {
  if (key === '') return [];
  const { byName, byShort } = divisionIndex();
  const full = byName.get(key);
  if (full) return citiesFirst(full);
  const short = byShort.get(key);
  if (short) return citiesFirst(short);
  const found = new Set<Division>();
  for (let at = 2; at <= key.length - 2; at++) {
    const head = key.slice(0, at);
    const cities = [...(byName.get(head) ?? []), ...(byShort.get(head) ?? [])].filter((d) => d.level === 'city');
    if (cities.length === 0) continue;
    const tail = key.slice(at);
    const districts = byName.get(tail) ?? byShort.get(tail) ?? [];
    for (const city of cities) for (const d of districts) if (d.city === city.code) found.add(d);
  }
  return [...found];
}

/** A prefecture-level city wins over districts of the same name: 西安 is 西安市, not 西安区 of 辽源 or 牡丹江. */
function citiesFirst(candidates: readonly Division[]): readonly Division[] {
  const cities = candidates.filter((d) => d.level === 'city');
  return cities.length > 0 ? cities : candidates;
}

/** One province among the candidates: that province (and their city if they share one); several: ambiguous. */
function decide(candidates: readonly Division[]): RegionMatch | undefined {
  if (candidates.length === 0) return undefined;
  const provinces = new Set(candidates.map((d) => d.province));
  if (provinces.size > 1) {
    return { ambiguous: [...candidates].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)) };
  }
  const cities = new Set(candidates.map((d) => d.city));
  return { code: candidates[0]!.province, cityCode: cities.size === 1 ? candidates[0]!.city : null };
}

/** The reject reason's tail for an ambiguous name: the candidates with their provinces, and the fix. */
export function ambiguityDetail(candidates: readonly Division[]): string {
  const shown = candidates.slice(0, MAX_CANDIDATES).map((d) => `${d.path} (${d.province})`);
  const more = candidates.length > MAX_CANDIDATES ? `, and ${candidates.length - MAX_CANDIDATES} more` : '';
  return `${shown.join(', ')}${more} — write the province too, e.g. ${candidates[0]!.path}`;
}
