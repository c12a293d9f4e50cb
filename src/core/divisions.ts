// Divisions below the province (prefecture-level cities and county-level districts, counties and
// county-level cities) from the GB/T 2260 data of the china-area-data package, indexed by name and
// code. regions.ts decides what a raw value means; this module only answers "which divisions are
// called this". The data (about 3,800 names, 108 kB) is read on first use, never at start-up, so
// commands that do not load files (`grayscope --help`) do not pay for it.
import { createRequire } from 'node:module';
import { lookupKey } from './lookup-key.js';

export type DivisionLevel = 'city' | 'district';

export interface Division {
  /** GB/T 2260 six-digit code, e.g. 440305. */
  readonly code: string;
  /** The name as the standard writes it, e.g. 南山区. */
  readonly name: string;
  readonly level: DivisionLevel;
  /** Two-digit province code, e.g. 44. */
  readonly province: string;
  /** Six-digit code of the prefecture-level city (itself for a city, e.g. 440300; 110100 for 北京市朝阳区); null in 香港 and 澳门. */
  readonly city: string | null;
  /** The full path for messages: 广东省深圳市南山区, 北京市朝阳区. */
  readonly path: string;
}

export interface DivisionIndex {
  readonly byCode: ReadonlyMap<string, Division>;
  /** lookupKey of the full name → divisions of that name. */
  readonly byName: ReadonlyMap<string, readonly Division[]>;
  /** lookupKey of a short form (苏州, 浦东, 南山, 延边) → divisions; only forms of two or more characters. */
  readonly byShort: ReadonlyMap<string, readonly Division[]>;
}

type AreaData = Record<string, Record<string, string>>;

/** Rows of the data that group divisions without being one (北京市 → 市辖区, 重庆市 → 县, 湖北 → 省直辖县级行政区划). */
const PLACEHOLDER = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;
/** 香港 and 澳门 list their districts directly under the region, with no city level. */
const NO_CITY_LEVEL = new Set(['81', '82']);

/** Ethnic groups named in autonomous prefectures, counties and banners (延边朝鲜族自治州 → 延边). */
const AUTONOMOUS = /^(\p{Script=Han}{2,}?)(?:\p{Script=Han}{1,4}?族|蒙古|柯尔克孜|哈萨克)+自治(?:州|县|旗)$/u;

/**
 * The short forms of a division's name: the name without its generic suffix, when at least two
 * characters remain (苏州市 → 苏州, 浦东新区 → 浦东, 南山区 → 南山, 昆山市 → 昆山, 神农架林区 →
 * 神农架, 阿里地区 → 阿里, 兴安盟 → 兴安, 延边朝鲜族自治州 → 延边). 东区 has none.
 */
export function shortForms(name: string): string[] {
  const out = new Set<string>();
  const autonomous = AUTONOMOUS.exec(name);
  if (autonomous) return [autonomous[1]!];
  for (const suffix of ['新区', '林区', '特区', '地区', '市', '区', '區', '县', '旗', '盟']) {
    if (name.endsWith(suffix) && name.length - suffix.length >= 2) {
      out.add(name.slice(0, -suffix.length));
      break;
    }
  }
  out.delete(name);
  return [...out];
}

let index: DivisionIndex | undefined;

/** The index, built on first use. */
export function divisionIndex(): DivisionIndex {
  if (index) return index;
  const data = createRequire(import.meta.url)('china-area-data/data.json') as AreaData;
  const byCode = new Map<string, Division>();
  const byName = new Map<string, Division[]>();
  const byShort = new Map<string, Division[]>();
  const add = (map: Map<string, Division[]>, key: string, d: Division) => {
    const list = map.get(key);
    if (list) list.push(d);
    else map.set(key, [d]);
  };
  const put = (d: Division) => {
    byCode.set(d.code, d);
    add(byName, lookupKey(d.name), d);
    for (const short of shortForms(d.name)) add(byShort, lookupKey(short), d);
  };
  for (const [provinceCode, provinceName] of Object.entries(data['86'] ?? {})) {
    const province = provinceCode.slice(0, 2);
    for (const [cityCode, cityName] of Object.entries(data[provinceCode] ?? {})) {
      if (NO_CITY_LEVEL.has(province)) {
        put({ code: cityCode, name: cityName, level: 'district', province, city: null, path: `${provinceName}${cityName}` });
        continue;
      }
      const placeholder = PLACEHOLDER.test(cityName);
      if (!placeholder) put({ code: cityCode, name: cityName, level: 'city', province, city: cityCode, path: `${provinceName}${cityName}` });
      for (const [code, name] of Object.entries(data[cityCode] ?? {})) {
        // Nine-digit codes are towns (东莞, 中山, 儋州 have no districts); the standard stops at counties.
        if (code.length !== 6 || PLACEHOLDER.test(name)) continue;
        const path = placeholder ? `${provinceName}${name}` : `${provinceName}${cityName}${name}`;
        put({ code, name, level: 'district', province, city: cityCode, path });
      }
    }
  }
  index = { byCode, byName, byShort };
  return index;
}
