// How a source's own category label (服务态度, 信用卡停息挂账代理, 代理退保（疑似）…) becomes a taxonomy
// code or `ordinary`: the project's `categories:` map first, then the built-in codes, labels and
// synonyms, then a built-in synonym contained in the label. A label nothing maps is a reject whose
// reason shows the YAML that would map it: never a guess.
//
// The rule, in order (labels and map keys compared after lookupKey: NFC, lower case, spaces,
// hyphens and dots removed, full-width folded):
//   1. the label is a key of grayscope.yaml `categories:` → that value (a code or `ordinary`);
//   2. the label is a taxonomy code, label or synonym (taxonomy.ts) → that code;
//   3. the label contains built-in synonyms (Chinese of two characters or more, Latin of five or
//      more; 其他 and the other spellings of fraud_other never count, nor 反洗钱, which is a bank's
//      anti-money-laundering checks, not money laundering): a synonym inside another found one is
//      dropped (停息挂账 inside 停息挂账代理: the longest wins); what is left must name one category,
//      else the label is ambiguous and a reject naming both;
//   4. `categories.default` → that value;
//   5. otherwise a reject.
// Incidents and enforcement cases are always about an actor: `ordinary` is refused for them.
import { lookupKey } from './lookup-key.js';
import { maskText } from './pii.js';
import { CATEGORIES, type CategoryCode, categoryCode } from './taxonomy.js';

/** A value of the `categories:` map: a taxonomy code or `ordinary` (complaints only). */
export type CategoryValue = CategoryCode | 'ordinary';

export const CATEGORY_VALUES: readonly CategoryValue[] = [...CATEGORIES.map((c) => c.code), 'ordinary'];

/** The key of the map's fallback entry. */
export const DEFAULT_KEY = 'default';

/** Spellings that are never searched for inside a label: too generic to mean a category. */
const NOT_CONTAINED: ReadonlySet<CategoryCode> = new Set(['fraud_other']);
/** Phrases removed from a label before the search, because they contain a synonym but mean something else. */
const CONTAINMENT_EXCEPTIONS: readonly string[] = ['反洗钱'].map(lookupKey);

const HAN = /\p{Script=Han}/u;

/** [key, code] of every spelling a label may contain, longest first. */
const CONTAINED: ReadonlyArray<readonly [key: string, code: CategoryCode]> = (() => {
  const out = new Map<string, CategoryCode>();
  for (const category of CATEGORIES) {
    if (NOT_CONTAINED.has(category.code)) continue;
    for (const spelling of [category.zh, category.en, ...category.synonyms]) {
      const key = lookupKey(spelling);
      const long = HAN.test(key) ? [...key].length >= 2 : key.length >= 5;
      if (long) out.set(key, category.code);
    }
  }
  return [...out].sort(([a], [b]) => b.length - a.length || (a < b ? -1 : 1));
})();

export type Containment =
  | { kind: 'none' }
  | { kind: 'one'; code: CategoryCode; synonym: string }
  | { kind: 'ambiguous'; found: ReadonlyArray<{ code: CategoryCode; synonym: string }> };

/** Step 3 of the rule: the built-in synonyms a label contains. */
export function containedCategory(label: string): Containment {
  let key = lookupKey(label);
  for (const phrase of CONTAINMENT_EXCEPTIONS) key = key.replaceAll(phrase, '\u0000');
  const found: Array<{ code: CategoryCode; synonym: string }> = [];
  for (const [synonym, code] of CONTAINED) {
    if (!key.includes(synonym)) continue;
    // Longest first: a synonym inside one already found is part of it (停息挂账 in 停息挂账代理).
    if (found.some((f) => f.synonym.includes(synonym))) continue;
    found.push({ code, synonym });
  }
  if (found.length === 0) return { kind: 'none' };
  const codes = new Set(found.map((f) => f.code));
  if (codes.size === 1) return { kind: 'one', code: found[0]!.code, synonym: found[0]!.synonym };
  return { kind: 'ambiguous', found };
}

/** What a label maps to, and why; `code` is undefined for a reject, and then `reason` says why. */
export interface CategoryResolution {
  code: CategoryValue | undefined;
  via: 'map' | 'builtin' | 'contained' | 'default' | 'none';
  reason?: string;
}

export interface CategoryMapper {
  (label: string): CategoryResolution;
}

/** A YAML mapping key for a label: plain when YAML reads it back as the same string, else double-quoted. */
export function yamlKey(label: string): string {
  const plain = /^[\p{L}\p{N}][^:#{}[\],&*!|>'"%@`\n\r\t]*$/u.test(label) && label === label.trim() && !/^(true|false|null|yes|no|on|off|~|[-+]?[\d.]+)$/i.test(label);
  return plain ? label : JSON.stringify(label);
}

const CODE_LIST = CATEGORIES.map((c) => `${c.code} ${c.zh}`).join(', ');

/**
 * The mapper for one source, from the project's `categories:` map (keys as the user wrote them).
 * Labels are echoed in reasons masked (a label is data too) and shortened past 60 characters.
 */
export function categoryMapper(
  map: Readonly<Record<string, CategoryValue>> | undefined,
  // config.ts's Source, spelled out: config.ts imports this module.
  source: 'complaints' | 'incidents' | 'enforcement',
): CategoryMapper {
  const entries = new Map<string, { value: CategoryValue; key: string }>();
  let fallback: CategoryValue | undefined;
  for (const [key, value] of Object.entries(map ?? {})) {
    if (key === DEFAULT_KEY) fallback = value;
    else entries.set(lookupKey(key), { value, key });
  }
  const complaints = source === 'complaints';
  return (label: string): CategoryResolution => {
    const shown = maskText(label.trim());
    const echo = `"${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}"`;
    const hint = (value: string, lead = 'To map it') => `${lead}, add to grayscope.yaml:\n  categories:\n    ${yamlKey(shown)}: ${value}`;
    const refuseOrdinary = (resolution: CategoryResolution, where: string): CategoryResolution => {
      if (complaints || resolution.code !== 'ordinary') return resolution;
      return {
        code: undefined,
        via: resolution.via,
        reason: `category ${echo} is mapped to ordinary by ${where}, but ${source} need a taxonomy category (ordinary is for complaints only). ${hint('fraud_other')}\n  (or another code: ${CODE_LIST})`,
      };
    };
    const entry = entries.get(lookupKey(label));
    if (entry) return refuseOrdinary({ code: entry.value, via: 'map' }, `grayscope.yaml (categories: ${yamlKey(entry.key)})`);
    const exact = categoryCode(label);
    if (exact) return { code: exact, via: 'builtin' };
    const contained = containedCategory(label);
    if (contained.kind === 'one') return { code: contained.code, via: 'contained' };
    if (contained.kind === 'ambiguous') {
      const named = contained.found.map((f) => `${f.code} (${f.synonym})`).join(' and ');
      return {
        code: undefined,
        via: 'contained',
        reason: `category ${echo} is ambiguous: it contains synonyms of ${named}. ${hint(contained.found[0]!.code, 'To say which it is')}`,
      };
    }
    if (fallback !== undefined) return refuseOrdinary({ code: fallback, via: 'default' }, 'grayscope.yaml (categories: default)');
    const value = complaints ? 'ordinary' : 'fraud_other';
    const others = complaints ? 'ordinary or a taxonomy code' : 'a taxonomy code (ordinary is for complaints only)';
    return {
      code: undefined,
      via: 'none',
      reason: `category ${echo} is not a taxonomy category. ${hint(value)}\n  (the value may be ${others}: ${CODE_LIST}; \`default: ${value}\` maps every label not listed)`,
    };
  };
}
