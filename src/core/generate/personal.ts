// Synthetic personal data and linkage keys: phone, ID and card numbers with the real structure, and
// agency names. Operation keys come from bijections of the operation index, so they are unique by
// construction and never collide with consumers' values (disjoint phone prefixes, a separate index space).
import type { Rng } from '../random.js';
import {
  BRAND_CHARS,
  BUSINESS_TYPES,
  CARD_BINS,
  CITIES,
  CONSUMER_PHONE_PREFIXES,
  GIVEN_CHARS,
  LATIN_BRANDS,
  OPERATION_PHONE_PREFIXES,
  PROVINCES,
  SURNAMES,
} from './reference.js';

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** x ↦ (a·x + b) mod m, a bijection on [0, m) when gcd(a, m) = 1. Products stay below 2^53. */
export function affinePermutation(m: number, seedA: number, b: number): (x: number) => number {
  let a = seedA % m;
  while (gcd(a, m) !== 1) a++;
  if (a * m >= Number.MAX_SAFE_INTEGER) throw new RangeError('affine permutation out of safe range');
  return (x) => (a * x + b) % m;
}

const E8 = 100_000_000;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A 4-round Feistel network on [0, 1e8) (two 4-digit halves): a bijection that looks random. */
export function scramble8(x: number, key: number): number {
  let left = Math.floor(x / 10_000);
  let right = x % 10_000;
  for (let round = 0; round < 4; round++) {
    const f = (Math.imul(right ^ (key + round * 0x9e37), 0x2c1b3c6d) >>> 7) % 10_000;
    [left, right] = [right, (left + f) % 10_000];
  }
  return left * 10_000 + right;
}

/** The k-th phone number of the operation space (index = operation·4 + k). */
export function operationPhone(index: number): string {
  const prefix = OPERATION_PHONE_PREFIXES[index % OPERATION_PHONE_PREFIXES.length]!;
  return prefix + pad(scramble8(index, 0x51ed), 8);
}

/** A consumer's phone, unique per consumer index (< 1e8). */
export function consumerPhone(index: number): string {
  const prefix = CONSUMER_PHONE_PREFIXES[index % CONSUMER_PHONE_PREFIXES.length]!;
  return prefix + pad(scramble8(index, 0x2a7f), 8);
}

export function randomConsumerPhone(rng: Rng): string {
  return rng.choice(CONSUMER_PHONE_PREFIXES) + pad(Math.floor(rng.fast() * E8), 8);
}

function luhnDigit(body: string): string {
  let sum = 0;
  let double = true;
  for (let i = body.length - 1; i >= 0; i--) {
    let d = body.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}

const E9 = 1_000_000_000;
const cardPerm = affinePermutation(E9, 7_654_321, 123_456_789);

/** The k-th bank card of the operation space: 16 or 19 digits with a Luhn check digit, unique per index. */
export function operationCard(index: number, long: boolean): string {
  const bin = CARD_BINS[index % CARD_BINS.length]!;
  const core = pad(cardPerm(index), 9);
  const body = long ? bin + core + pad((index * 7919) % 1000, 3) : bin + core;
  return body + luhnDigit(body);
}

export function randomCard(rng: Rng): string {
  const bin = rng.choice(CARD_BINS);
  let body = bin;
  const len = rng.fast() < 0.6 ? 18 : 15;
  while (body.length < len) body += String(Math.floor(rng.fast() * 10));
  return body + luhnDigit(body);
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** An 18-character resident ID: 6-digit area, birth date, sequence, ISO 7064 MOD 11-2 check character. */
export function idNumber(rng: Rng, province: number): string {
  const area = PROVINCES[province]!.code + pad(1 + Math.floor(rng.fast() * 12), 2) + pad(1 + Math.floor(rng.fast() * 20), 2);
  const year = 1958 + Math.floor(rng.fast() * 46);
  const month = 1 + Math.floor(rng.fast() * 12);
  const day = 1 + Math.floor(rng.fast() * 28);
  const body = area + year + pad(month, 2) + pad(day, 2) + pad(Math.floor(rng.fast() * 1000), 3);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (body.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return body + ID_CHECK[sum % 11];
}

export function personName(rng: Rng): string {
  const given = rng.fast() < 0.6 ? rng.choice(GIVEN_CHARS) + rng.choice(GIVEN_CHARS) : rng.choice(GIVEN_CHARS);
  return rng.choice(SURNAMES) + given;
}

/** A name fixed by a key (a record id), drawing no random numbers: for columns only messy files write. */
export function personNameFor(key: string): string {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  const given = GIVEN_CHARS[h % GIVEN_CHARS.length]! + (h % 5 < 3 ? GIVEN_CHARS[(h >>> 8) % GIVEN_CHARS.length]! : '');
  return SURNAMES[(h >>> 16) % SURNAMES.length]! + given;
}

/** Pieces of an agency's name; the canonical name and every variant are built from them. */
export interface AgencyName {
  city: string;
  brand: string;
  business: string;
  /** 'A': 深圳恒信法务咨询有限公司; 'B': 恒信法务咨询（深圳）有限公司. */
  form: 'A' | 'B';
  province: number;
}

const BRANDS: readonly string[] = [...BRAND_CHARS.flatMap((a) => BRAND_CHARS.map((b) => a + b)), ...LATIN_BRANDS];
const NAME_SPACE = CITIES.length * BRANDS.length * BUSINESS_TYPES.length;
const namePerm = affinePermutation(NAME_SPACE, 1_234_567, 7_777);

/** The operation's agency name pieces: distinct indices give distinct (city, brand, business) triples. */
export function agencyName(index: number, form: 'A' | 'B'): AgencyName {
  let x = namePerm(index);
  const business = BUSINESS_TYPES[x % BUSINESS_TYPES.length]!;
  x = Math.floor(x / BUSINESS_TYPES.length);
  const brand = BRANDS[x % BRANDS.length]!;
  x = Math.floor(x / BRANDS.length);
  const [city, province] = CITIES[x]!;
  return { city, brand, business, form, province };
}

export function canonicalAgencyName(n: AgencyName): string {
  return n.form === 'A' ? `${n.city}${n.brand}${n.business}有限公司` : `${n.brand}${n.business}（${n.city}）有限公司`;
}

const FULL_WIDTH_OFFSET = 0xfee0;
function toFullWidth(text: string): string {
  return text.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + FULL_WIDTH_OFFSET));
}

/**
 * A spelling of the agency name as a source might write it. Every variant normalises back to the
 * same key by: NFKC (full-width → half-width, （）→ (), ideographic space → space), removing all
 * whitespace, dropping a trailing 有限责任公司 / 有限公司 / 公司, and upper-casing ASCII letters.
 */
export function agencyVariant(rng: Rng, n: AgencyName): string {
  const u = rng.fast();
  if (u < 0.55) return canonicalAgencyName(n);
  const suffix = u < 0.7 ? '公司' : u < 0.78 ? '有限责任公司' : '有限公司';
  let brand = n.brand;
  if (/[A-Za-z0-9]/.test(brand) && rng.fast() < 0.5) brand = toFullWidth(brand);
  if (/[A-Z]/.test(brand) && rng.fast() < 0.2) brand = brand.toLowerCase();
  const space = rng.fast() < 0.25 ? (rng.fast() < 0.5 ? ' ' : '\u3000') : '';
  if (n.form === 'A') return `${n.city}${space}${brand}${n.business}${suffix}`;
  const [open, close] = rng.fast() < 0.4 ? ['(', ')'] : ['（', '）'];
  const trailing = rng.fast() < 0.05 ? ' ' : '';
  return `${brand}${n.business}${space}${open}${n.city}${close}${suffix}${trailing}`;
}

/** The normalisation the loader applies to agency names (documented in truth.json; used by tests). */
export function normaliseAgencyName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/(有限责任公司|有限公司|公司)$/, '')
    .toUpperCase();
}
