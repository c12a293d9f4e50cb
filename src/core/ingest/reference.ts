// Maps the distinct raw values of a file's reference-data columns (region, category, authority)
// with the TypeScript rules, so one definition decides and SQL only joins the answer back. A mapper
// answers a code, or a ReferenceAnswer when it knows more: the city below a region, or why a value
// cannot be mapped (an ambiguous place name), which the reject reason then carries.
import { AUTHORITIES } from '../contract.js';
import { lookupKey } from '../lookup-key.js';
import { ambiguityDetail, resolveRegion } from '../regions.js';
import { categoryCode } from '../taxonomy.js';

const AUTHORITY_LOOKUP = new Map<string, string>();
for (const [code, names] of Object.entries(AUTHORITIES)) {
  for (const name of [code, ...names]) AUTHORITY_LOOKUP.set(lookupKey(name), code);
}

export function authorityCode(raw: string): string | undefined {
  const key = lookupKey(raw);
  const exact = AUTHORITY_LOOKUP.get(key);
  if (exact) return exact;
  // 深圳市公安局, 广东省人民检察院: the kind of office is named at the end.
  for (const [code, names] of Object.entries(AUTHORITIES)) {
    if (code === 'other') continue;
    if (names.some((n) => /\p{Script=Han}/u.test(n) && n.length >= 2 && key.includes(lookupKey(n)))) return code;
  }
  return undefined;
}

/** A mapper's full answer; the lookup table (raw, code, city_code, reason) holds one row per mapped raw value. */
export interface ReferenceAnswer {
  code: string | null;
  /** The 6-digit GB/T 2260 code of the city, for regions that name one. */
  cityCode?: string | null;
  /** Why the value maps to nothing, written after the quoted value in the reject reason ("is ambiguous: …"). */
  reason?: string | null;
}

export type ReferenceMapper = (raw: string) => string | ReferenceAnswer | undefined;

/** Excel hands numbers such as 44 or 440300 over as 44.0; a region code is an integer. */
function regionFromRaw(raw: string): ReferenceAnswer | undefined {
  const match = resolveRegion(/^\d+\.0+$/.test(raw.trim()) ? raw.trim().replace(/\.0+$/, '') : raw);
  if (match === undefined) return undefined;
  if ('ambiguous' in match) return { code: null, reason: `is ambiguous: ${ambiguityDetail(match.ambiguous)}` };
  return { code: match.code, cityCode: match.cityCode };
}

export const REFERENCE_MAPPERS: Record<string, ReferenceMapper> = {
  region: regionFromRaw,
  category: categoryCode,
  authority: authorityCode,
};

/** A mapper's answer as a row of the lookup table, or undefined when there is nothing to record. */
export function referenceRow(raw: string, answer: string | ReferenceAnswer | undefined): [string, string | null, string | null, string | null] | undefined {
  if (answer === undefined) return undefined;
  if (typeof answer === 'string') return [raw, answer, null, null];
  if (answer.code === null && !answer.reason) return undefined;
  return [raw, answer.code, answer.cityCode ?? null, answer.reason ?? null];
}
