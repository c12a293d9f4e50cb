// Maps the distinct raw values of a file's reference-data columns (region, category, authority)
// with the TypeScript rules, so one definition decides and SQL only joins the answer back.
import { AUTHORITIES } from '../contract.js';
import { lookupKey } from '../lookup-key.js';
import { regionCode } from '../regions.js';
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

/** Excel hands numbers such as 44 or 440300 over as 44.0; a region code is an integer. */
function regionFromRaw(raw: string): string | undefined {
  return regionCode(/^\d+\.0+$/.test(raw.trim()) ? raw.trim().replace(/\.0+$/, '') : raw);
}

export const REFERENCE_MAPPERS: Record<string, (raw: string) => string | undefined> = {
  region: regionFromRaw,
  category: categoryCode,
  authority: authorityCode,
};
