// Narrative normalisation for templated-complaint detection: two complaints filled in from one
// template with different slot values (dates, amounts, masked phone and ID numbers, institutions,
// names) must come out alike, so slots become placeholder characters and layout noise disappears.
// Written as passes over UTF-16 code units in typed arrays, straight from the UTF-8 bytes DuckDB
// hands over: no string per narrative, and faster than the regular expressions it replaces
// (test/unit/templates-scanner.test.ts holds those as the specification and checks both agree).
import { codeUnits } from './shingles.js';

/** Placeholders from the Private Use Area: never in real text, never stripped as punctuation. */
export const SLOT = { number: '\uE000', date: '\uE001', org: '\uE002', name: '\uE003' } as const;
const NUM = 0xe000;
const DATE = 0xe001;
const ORG = 0xe002;
const NAME = 0xe003;

const code = (ch: string) => ch.charCodeAt(0);
const YEAR = code('年');
const MONTH = code('月');
const DAY = code('日');
const DAY2 = code('号');
const STAR = 0x2a;

/**
 * A 4K filter of the low 12 bits of the code units in `chars`: it stays in the L1 cache where a 64K
 * table would not (CJK text touches all of 0x4E00–0x9FFF), and a hit is confirmed exactly after.
 */
function filter(chars: string): Uint8Array {
  const t = new Uint8Array(0x1000);
  for (const ch of chars) t[code(ch) & 0xfff] = 1;
  return t;
}

/** A 64K table of the code units in `chars` and in the [from, to] ranges. */
function table(chars: string, ranges: Array<[number, number]> = []): Uint8Array {
  const t = new Uint8Array(0x10000);
  for (const ch of chars) t[code(ch)] = 1;
  for (const [from, to] of ranges) t.fill(1, from, to + 1);
  return t;
}

// Suffixes that end an institution's or a company's name, tried in this order at each position
// (longest first, so 人寿保险 beats 保险, 有限责任公司 beats 公司).
const ORG_SUFFIXES = ['有限责任公司', '股份有限公司', '有限公司', '消费金融', '网络小贷', '小额贷款', '信用卡中心', '人寿保险', '财产保险', '保险公司', '融资担保', '汽车金融', '村镇银行', '商业银行', '银行', '信托', '支付', '小贷', '公司'].map((s) => ({
  units: codeUnits(s),
  company: s.endsWith('公司'),
}));
/** The suffixes to try where the low 12 bits of a character are i: ORG_TRY[ORG_FIRST[i] − 1], in order. */
const ORG_TRY: Array<typeof ORG_SUFFIXES> = [];
const ORG_FIRST = new Uint8Array(0x1000);
for (const suffix of ORG_SUFFIXES) {
  const slot = suffix.units[0]! & 0xfff;
  if (ORG_FIRST[slot] === 0) ORG_FIRST[slot] = ORG_TRY.push([]);
  ORG_TRY[ORG_FIRST[slot]! - 1]!.push(suffix);
}
/** At most this many characters before a suffix are taken as the name (华信, 北辰农村); more for companies. */
const ORG_NAME_MAX = 6;
const COMPANY_NAME_MAX = 14;
/** Characters that end the words before a name (在华信银行 → 在 + name); rare inside names themselves. */
const BEFORE_NAME = table('在于向对是的了诉被从给据让把将即现时过到');
const HAN_OR_LATIN = table('', [[0x3400, 0x9fff], [0x41, 0x5a], [0x61, 0x7a]]);
/** A company's name may hold its city in brackets: 恒信法务咨询(深圳)有限公司. */
const COMPANY_CHAR = table('()（）', [[0x3400, 0x9fff], [0x41, 0x5a], [0x61, 0x7a]]);

// A person's name (2–4 Han characters) after 我叫/本人/我是/姓名, when followed by a pause or 于/在/名下.
const PERSON_LEADS = ['我叫', '本人', '我是', '姓名'].map((s) => code(s[0]!) * 0x10000 + code(s[1]!));
const PERSON_FIRST = filter('我本姓');
const PAUSE = table(',，.。、:：;；');
const YU = code('于');
const ZAI = code('在');
const MING = code('名');
const XIA = code('下');

const DIGIT = table('0123456789');
/** Inside a number slot, after its first digit: separators, decimal points and masks (138****5678). */
const NUMBER_TAIL = table('0123456789*,.xX');
/**
 * What survives: letters, digits and placeholders (Han, Latin, Greek, Cyrillic, kana, Hangul);
 * spaces, punctuation and symbols go. Code units, so a character outside the BMP goes too.
 */
const KEEP = table('', [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a], [0xc0, 0x24f], [0x370, 0x3ff], [0x400, 0x4ff], [0x3040, 0x30ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xac00, 0xd7af], [0xe000, 0xe0ff], [0xf900, 0xfaff]]);

/** Unicode tables the regular expressions would consult, computed once from the engine itself. */
interface UnicodeTables {
  /** \p{Script=Han} for BMP code units. */
  han: Uint8Array;
  /** \s (Unicode white space) for BMP code units. */
  space: Uint8Array;
  /**
   * NFKC, one character at a time, for the characters where that equals NFKC of the whole text:
   * 0 = not one of them (the text goes to String.prototype.normalize), 1 = maps to `single[c]`,
   * 2 = maps to the units `multi.get(c)`.
   */
  kind: Uint8Array;
  single: Uint16Array;
  multi: Map<number, Uint16Array>;
}

// Blocks whose characters are looked at for the one-at-a-time NFKC table: ASCII, Latin-1, general
// punctuation, letter-like symbols, number forms, enclosed alphanumerics, CJK radicals, CJK symbols
// and punctuation, kana, enclosed CJK and CJK compatibility, CJK ideographs, compatibility
// ideographs, CJK compatibility forms, small forms, half- and full-width forms.
const NFKC_BLOCKS: Array<[number, number]> = [
  [0x0000, 0x00ff], [0x2000, 0x206f], [0x2100, 0x218f], [0x2460, 0x24ff], [0x2e80, 0x2fdf], [0x3000, 0x30ff],
  [0x3200, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff], [0xfe30, 0xfe6f], [0xff00, 0xffef],
];

let tables: UnicodeTables | undefined;

function unicodeTables(): UnicodeTables {
  if (tables) return tables;
  const han = new Uint8Array(0x10000);
  const space = new Uint8Array(0x10000);
  const isHan = /^\p{Script=Han}$/u;
  const isSpace = /^\s$/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    if (isHan.test(ch)) han[c] = 1;
    if (isSpace.test(ch)) space[c] = 1;
  }
  // A character is inert when NFKC leaves it alone and it is no combining mark, so nothing composes
  // with it from either side. NFKC of a text made of characters whose NFKC (and the first unit of
  // whose NFKD) are inert is the concatenation of their NFKCs: each one starts a new segment.
  const mark = /^\p{M}$/u;
  const inBlocks = (c: number) => NFKC_BLOCKS.some(([from, to]) => c >= from && c <= to);
  const inert = (c: number) => inBlocks(c) && !(c >= 0xd800 && c <= 0xdfff) && String.fromCharCode(c).normalize('NFKC') === String.fromCharCode(c) && !mark.test(String.fromCharCode(c));
  const kind = new Uint8Array(0x10000);
  const single = new Uint16Array(0x10000);
  const multi = new Map<number, Uint16Array>();
  for (const [from, to] of NFKC_BLOCKS) {
    for (let c = from; c <= to; c++) {
      const ch = String.fromCharCode(c);
      const nfkc = ch.normalize('NFKC');
      const nfkd = ch.normalize('NFKD');
      if (nfkc.length === 0 || !inert(nfkd.charCodeAt(0))) continue;
      let ok = true;
      for (let i = 0; i < nfkc.length; i++) if (!inert(nfkc.charCodeAt(i))) ok = false;
      if (!ok) continue;
      if (nfkc.length === 1) {
        kind[c] = 1;
        single[c] = nfkc.charCodeAt(0);
      } else {
        kind[c] = 2;
        multi.set(c, codeUnits(nfkc));
      }
    }
  }
  for (let c = 0x4e00; c <= 0x9fff; c++) {
    if (kind[c] !== 1 || single[c] !== c) throw new Error(`NFKC table: U+${c.toString(16)} is not its own NFKC`);
  }
  tables = { han, space, kind, single, multi };
  return tables;
}

const astralHan = new Map<number, boolean>();
function isHanAstral(cp: number): boolean {
  let v = astralHan.get(cp);
  if (v === undefined) {
    v = /^\p{Script=Han}$/u.test(String.fromCodePoint(cp));
    astralHan.set(cp, v);
  }
  return v;
}

/**
 * Normalises narratives into `out` (UTF-16 code units): NFKC (which also folds full-width forms to
 * half-width), then slots → placeholders, then no spaces or punctuation. One instance per thread;
 * its buffers grow with the longest text seen. The same text always gives the same units.
 */
export class Normaliser {
  /** The last result: `out[0..length)`. */
  out = new Uint16Array(1024);
  private a = new Uint16Array(1024);
  private readonly t = unicodeTables();
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** Units still to come from the text being normalised, at most (see putMulti). */
  private room = 0;

  /** Normalises a string; returns the length of the result in `out`. */
  fromString(text: string): number {
    const n = text.length;
    this.reserve(n);
    const { kind, single } = this.t;
    let simple = true;
    for (let i = 0; i < n; i++) {
      if (kind[text.charCodeAt(i)] === 0) {
        simple = false;
        break;
      }
    }
    if (!simple) return this.fromNfkc(text.normalize('NFKC'));
    let w = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (kind[c] === 1) this.a[w++] = single[c]!;
      else w = this.putMulti(c, w);
    }
    return this.finish(w);
  }

  /**
   * Normalises the UTF-8 text `bytes[from..to)`; returns the length of the result in `out`.
   * Decodes as it goes; a text with a character outside the one-at-a-time NFKC table (or bytes
   * that are not plain UTF-8) is decoded and normalised whole instead, with the same result.
   */
  fromUtf8(bytes: Uint8Array, from: number, to: number): number {
    this.reserve(to - from);
    const { kind, single } = this.t;
    const a = this.a;
    let w = 0;
    let i = from;
    while (i < to) {
      const b0 = bytes[i]!;
      let c: number;
      if (b0 < 0x80) {
        c = b0;
        i++;
      } else if (b0 >= 0xc2 && b0 < 0xe0 && i + 1 < to) {
        const b1 = bytes[i + 1]!;
        if ((b1 & 0xc0) !== 0x80) return this.slowUtf8(bytes, from, to);
        c = ((b0 & 0x1f) << 6) | (b1 & 0x3f);
        i += 2;
      } else if (b0 >= 0xe0 && b0 < 0xf0 && i + 2 < to) {
        const b1 = bytes[i + 1]!;
        const b2 = bytes[i + 2]!;
        if ((b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80) return this.slowUtf8(bytes, from, to);
        c = ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
        // Overlong forms and surrogates are not UTF-8; kind[] is 0 for surrogates anyway.
        if (c < 0x800) return this.slowUtf8(bytes, from, to);
        i += 3;
      } else {
        return this.slowUtf8(bytes, from, to);
      }
      if (c >= 0x4e00 && c <= 0x9fff) {
        // CJK ideographs are their own NFKC (checked when the tables are built): no table lookup.
        a[w++] = c;
        continue;
      }
      const k = kind[c]!;
      if (k === 1) a[w++] = single[c]!;
      else if (k === 2) w = this.putMulti(c, w);
      else return this.slowUtf8(bytes, from, to);
    }
    return this.finish(w);
  }

  private slowUtf8(bytes: Uint8Array, from: number, to: number): number {
    return this.fromNfkc(this.decoder.decode(bytes.subarray(from, to)).normalize('NFKC'));
  }

  private fromNfkc(text: string): number {
    const n = text.length;
    this.reserve(n);
    for (let i = 0; i < n; i++) this.a[i] = text.charCodeAt(i);
    return this.finish(n);
  }

  private putMulti(c: number, w: number): number {
    const units = this.t.multi.get(c)!;
    // Single units are written without a bounds check: keep room for all the text that may follow.
    if (w + units.length + this.room > this.a.length) this.grow(w + units.length + this.room, w);
    this.a.set(units, w);
    return w + units.length;
  }

  /** Room for a text of `n` units (NFKC can lengthen a text: putMulti grows further if needed). */
  private reserve(n: number): void {
    this.room = n;
    if (n + 16 > this.a.length) this.grow(n + 16, 0);
  }

  private grow(n: number, keep: number): void {
    const size = Math.max(n * 2, this.a.length * 2);
    const a = new Uint16Array(size);
    a.set(this.a.subarray(0, keep));
    this.a = a;
    this.out = new Uint16Array(size);
  }

  /** The passes after NFKC: `a[0..n)` → organisations → names → numbers → dates and noise, into `out`. */
  private finish(n: number): number {
    if (this.out.length < this.a.length) this.out = new Uint16Array(this.a.length);
    n = maskOrgs(this.a, n, this.out);
    n = maskPersons(this.out, n, this.a, this.t);
    n = maskNumbers(this.a, n, this.out);
    return maskDatesAndNoise(this.out, n);
  }
}

/** Suffix → placeholder, with the name before it: Han or Latin letters back to a word like 在/于/的. */
function maskOrgs(s: Uint16Array, n: number, out: Uint16Array): number {
  let w = 0;
  let last = 0;
  let i = 0;
  while (i < n) {
    const bucket = ORG_FIRST[s[i]! & 0xfff]!;
    if (bucket === 0) {
      i++;
      continue;
    }
    let len = 0;
    let company = false;
    for (const suffix of ORG_TRY[bucket - 1]!) {
      const u = suffix.units;
      if (i + u.length > n) continue;
      let k = 0;
      while (k < u.length && s[i + k] === u[k]) k++;
      if (k === u.length) {
        len = u.length;
        company = suffix.company;
        break;
      }
    }
    if (len === 0) {
      i++;
      continue;
    }
    let start = i;
    const floor = Math.max(last, i - (company ? COMPANY_NAME_MAX : ORG_NAME_MAX));
    const nameChar = company ? COMPANY_CHAR : HAN_OR_LATIN;
    while (start > floor && nameChar[s[start - 1]!] === 1 && BEFORE_NAME[s[start - 1]!] === 0) start--;
    while (last < start) out[w++] = s[last++]!;
    out[w++] = ORG;
    last = i + len;
    i = last;
  }
  while (last < n) out[w++] = s[last++]!;
  return w;
}

/** 我叫/本人/我是/姓名 + a name of 2–4 Han characters (the shortest that is followed by a pause) → lead + placeholder. */
function maskPersons(s: Uint16Array, n: number, out: Uint16Array, t: UnicodeTables): number {
  let w = 0;
  let last = 0;
  let i = 0;
  while (i + 1 < n) {
    if (PERSON_FIRST[s[i]! & 0xfff] === 0 || !PERSON_LEADS.includes(s[i]! * 0x10000 + s[i + 1]!)) {
      i++;
      continue;
    }
    let j = i + 2;
    let end = -1;
    for (let count = 1; count <= 4 && j < n; count++) {
      const c = s[j]!;
      if (c >= 0xd800 && c < 0xdc00 && j + 1 < n && s[j + 1]! >= 0xdc00 && s[j + 1]! < 0xe000) {
        if (!isHanAstral((c - 0xd800) * 0x400 + (s[j + 1]! - 0xdc00) + 0x10000)) break;
        j += 2;
      } else {
        if (t.han[c] === 0) break;
        j++;
      }
      if (count >= 2 && j < n) {
        const next = s[j]!;
        if (t.space[next] === 1 || PAUSE[next] === 1 || next === YU || next === ZAI || (next === MING && j + 1 < n && s[j + 1] === XIA)) {
          end = j;
          break;
        }
      }
    }
    if (end < 0) {
      i++;
      continue;
    }
    while (last < i + 2) out[w++] = s[last++]!;
    out[w++] = NAME;
    last = end;
    i = end;
  }
  while (last < n) out[w++] = s[last++]!;
  return w;
}

/**
 * A number slot: a run of digits with the separators, decimal points and masks inside it
 * (12,000.50, 138****5678, 430****4625X), or a mask of two or more stars.
 */
function maskNumbers(s: Uint16Array, n: number, out: Uint16Array): number {
  let w = 0;
  let i = 0;
  while (i < n) {
    const c = s[i]!;
    if (DIGIT[c] === 0 && c !== STAR) {
      out[w++] = c;
      i++;
      continue;
    }
    let j = i;
    let digit = false;
    while (j < n && (DIGIT[s[j]!] === 1 || s[j] === STAR)) {
      if (s[j] !== STAR) digit = true;
      j++;
    }
    if (digit) {
      while (j < n && NUMBER_TAIL[s[j]!] === 1) j++;
    } else if (j - i < 2) {
      out[w++] = c;
      i++;
      continue;
    }
    out[w++] = NUM;
    i = j;
  }
  return w;
}

/** In place: N年[N月[N日]] and N月N日 (N a number slot) → date placeholder; everything not kept goes. */
function maskDatesAndNoise(s: Uint16Array, n: number): number {
  let w = 0;
  let r = 0;
  while (r < n) {
    const c = s[r]!;
    if (c === NUM && r + 1 < n) {
      if (s[r + 1] === YEAR) {
        let e = r + 2;
        if (e + 1 < n && s[e] === NUM && s[e + 1] === MONTH) {
          e += 2;
          if (e + 1 < n && s[e] === NUM && (s[e + 1] === DAY || s[e + 1] === DAY2)) e += 2;
        }
        s[w++] = DATE;
        r = e;
        continue;
      }
      if (r + 3 < n && s[r + 1] === MONTH && s[r + 2] === NUM && (s[r + 3] === DAY || s[r + 3] === DAY2)) {
        s[w++] = DATE;
        r += 4;
        continue;
      }
    }
    // CJK ideographs first: most of the text, and no table lookup.
    if ((c >= 0x4e00 && c <= 0x9fff) || KEEP[c] === 1) s[w++] = c;
    r++;
  }
  return w;
}

let shared: Normaliser | undefined;

/** The normalised text as a string (for tests, examples and small inputs; the index reads `Normaliser.out`). */
export function normaliseNarrative(text: string): string {
  shared ??= new Normaliser();
  const n = shared.fromString(text);
  let s = '';
  for (let i = 0; i < n; i += 4096) s += String.fromCharCode(...shared.out.subarray(i, Math.min(n, i + 4096)));
  return s;
}
