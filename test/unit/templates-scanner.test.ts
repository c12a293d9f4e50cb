// The typed-array normaliser against its specification, the regular expressions it replaced
// (below, as they were): the same output on fuzzed text built from every character class the rules
// look at (digits, masks, date characters, institution suffixes, name leads, full-width forms,
// characters whose NFKC is several characters or that compose, text outside the BMP), read from a
// string or from UTF-8. And the per-document sketch: the same from a batch of UTF-8 as from strings.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random.js';
import { DocSketcher, SKETCH_WORDS, TEXT_SEPARATOR } from '../../src/core/templates/doc-sketch.js';
import { chooseBanding } from '../../src/core/templates/lsh.js';
import { bandKey, signature } from '../../src/core/templates/minhash.js';
import { Normaliser, normaliseNarrative } from '../../src/core/templates/normalise.js';
import { shingleSet } from '../../src/core/templates/shingles.js';

// ---- the specification: normalise.ts as regular expressions (grayscope 0.1.0) ----
const SLOT = { number: '\uE000', date: '\uE001', org: '\uE002', name: '\uE003' };
const ORG = /有限责任公司|股份有限公司|有限公司|消费金融|网络小贷|小额贷款|信用卡中心|人寿保险|财产保险|保险公司|融资担保|汽车金融|村镇银行|商业银行|银行|信托|支付|小贷|公司/g;
const BEFORE_NAME = /[在于向对是的了诉被从给据让把将即现时过到]/;
const PERSON = /(我叫|本人|我是|姓名)(\p{Script=Han}{2,4}?)(?=[\s,，.。、:：;；]|于|在|名下)/gu;
const NUMBER = /[0-9*]*[0-9][0-9*,.xX]*|\*{2,}[0-9]*/g;
const DATE = new RegExp(`${SLOT.number}年(?:${SLOT.number}月(?:${SLOT.number}[日号])?)?|${SLOT.number}月${SLOT.number}[日号]`, 'g');
const NOISE = /[^0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\ue000-\ue0ff\uf900-\ufaff]+/g;
const HAN_OR_LATIN = /[\u3400-\u9fffA-Za-z]/;
const COMPANY_CHAR = /[\u3400-\u9fffA-Za-z()（）]/;

function maskOrgs(s: string): string {
  ORG.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let m = ORG.exec(s); m; m = ORG.exec(s)) {
    let start = m.index;
    const company = m[0].endsWith('公司');
    const floor = Math.max(last, m.index - (company ? 14 : 6));
    const nameChar = company ? COMPANY_CHAR : HAN_OR_LATIN;
    while (start > floor && nameChar.test(s[start - 1]!) && !BEFORE_NAME.test(s[start - 1]!)) start--;
    out += s.slice(last, start) + SLOT.org;
    last = m.index + m[0].length;
  }
  return last === 0 ? s : out + s.slice(last);
}

function reference(text: string): string {
  let s = text.normalize('NFKC');
  s = maskOrgs(s);
  s = s.replace(PERSON, (_m, lead: string) => lead + SLOT.name);
  s = s.replace(NUMBER, SLOT.number);
  s = s.replace(DATE, SLOT.date);
  return s.replace(NOISE, '');
}

// Pieces the rules react to, and characters around them.
const PIECES = [
  ...'0123456789０１２３４５６７８９*＊xX,.，。、:：;；!！?？ \u3000\u00a0\t\n()（）-—“”《》【】',
  ...'年月日号于在名下的了是被对向从',
  '银行', '商业银行', '村镇银行', '消费金融', '小贷', '网络小贷', '有限公司', '有限责任公司', '股份有限公司', '公司', '保险公司', '人寿保险', '信用卡中心', '信托', '支付',
  '我叫', '本人', '我是', '姓名', '名下',
  ...'张王李华信北辰农村恒信法务咨询深圳借款还款逾期催收',
  ...'ABCabcＡＢＣａｂｃéÀ',
  'e\u0301', 'か\u3099', 'ｶﾞ', '…', '①', '⑴', '㈱', '℃', '½', '™', 'ﬁ', '㍻', '豈', '⼀', '㐀', '々', '〇',
  '𠀀', '𠮷', '😀', '\uE000', '\uE001', '\uE002', '\uFEFF', '\u2028', '한', 'ᄀ', 'ᅡ', 'Ω', '\u0000', '\u0002', '\uD800',
];

function fuzz(rng: Rng, count: number): string[] {
  return Array.from({ length: count }, () => {
    const n = Math.floor(rng.uniform() * 40);
    let s = '';
    for (let i = 0; i < n; i++) s += rng.choice(PIECES);
    return s;
  });
}

const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

describe('Normaliser', () => {
  it('gives what the regular expressions give, on 20,000 fuzzed texts read as strings', () => {
    const rng = new Rng(42);
    let masked = 0;
    for (const text of fuzz(rng, 20_000)) {
      const want = reference(text);
      expect(normaliseNarrative(text), JSON.stringify(text)).toBe(want);
      if (/[\uE000-\uE003]/.test(want)) masked++;
    }
    // The fuzz reaches the slot rules, not only the noise filter.
    expect(masked).toBeGreaterThan(10_000);
  });

  it('gives the same from UTF-8 (one-at-a-time NFKC where it is exact, whole-text NFKC otherwise)', () => {
    const rng = new Rng(43);
    const n = new Normaliser();
    const encoder = new TextEncoder();
    for (const text of fuzz(rng, 20_000)) {
      const bytes = encoder.encode(text);
      const len = n.fromUtf8(bytes, 0, bytes.length);
      expect(String.fromCharCode(...n.out.subarray(0, len)), JSON.stringify(text)).toBe(reference(decode(bytes)));
    }
  });

  it('keeps up with texts that NFKC lengthens many times over, and with very long texts', () => {
    const n = new Normaliser();
    for (const text of ['\uFDFA'.repeat(300), '…'.repeat(5000), `${'本人张三，'.repeat(3000)}于2024年1月1日在华信银行借款12,000元`]) {
      const bytes = new TextEncoder().encode(text);
      const len = n.fromUtf8(bytes, 0, bytes.length);
      expect(String.fromCharCode(...n.out.subarray(0, len))).toBe(reference(text));
      expect(normaliseNarrative(text)).toBe(reference(text));
    }
  });
});

describe('DocSketcher', () => {
  it('sketches a batch of UTF-8 texts as it sketches each normalised text: same keys, sketches and shingle sets, at the documents given', () => {
    const options = { shingle: 3, hashes: 256, ...chooseBanding(256, 0.7) };
    const texts = [...fuzz(new Rng(44), 300), '', '本人张三，于2024年1月1日在华信银行借款12,000元', '\u0002'];
    const docs = Int32Array.from(texts, (_t, i) => texts.length - 1 - i);
    const target = () => ({ docs: texts.length, keys: new Uint32Array(texts.length * options.bands), sketch: new Uint32Array(texts.length * SKETCH_WORDS) });
    const fromBytes = target();
    const encoded = texts.map((t) => new TextEncoder().encode(t));
    const bytes = new Uint8Array(encoded.reduce((s, b) => s + b.length + 1, -1));
    let at = 0;
    encoded.forEach((b, i) => {
      bytes.set(b, at);
      at += b.length;
      if (i < encoded.length - 1) bytes[at++] = TEXT_SEPARATOR;
    });
    const batch = new DocSketcher(options, fromBytes).batch(bytes, docs.slice());
    const fromStrings = target();
    const normal = new DocSketcher(options, fromStrings).normalised(texts.map(normaliseNarrative), docs.slice());
    expect(batch.lens).toEqual(normal.lens);
    expect(batch.shingles).toEqual(normal.shingles);
    expect(fromBytes.keys).toEqual(fromStrings.keys);
    expect(fromBytes.sketch).toEqual(fromStrings.sketch);

    // And they are the documented quantities: the sorted shingle set, the band keys of the signature.
    let offset = 0;
    texts.forEach((t, i) => {
      const set = shingleSet(normaliseNarrative(t), 3);
      expect(batch.shingles.subarray(offset, offset + batch.lens[i]!)).toEqual(set);
      offset += batch.lens[i]!;
      if (set.length === 0) return;
      const sig = signature(set, 256);
      for (let b = 0; b < options.bands; b++) expect(fromBytes.keys[b * texts.length + docs[i]!]).toBe(bandKey(sig, b, options.rows));
    });
  });

  it('refuses a batch whose texts and documents do not pair up', () => {
    const options = { shingle: 3, hashes: 256, bands: 36, rows: 7 };
    const sketcher = new DocSketcher(options, { docs: 3, keys: new Uint32Array(3 * 36), sketch: new Uint32Array(3 * SKETCH_WORDS) });
    const bytes = new TextEncoder().encode(`甲乙丙${String.fromCharCode(TEXT_SEPARATOR)}丁戊己`);
    expect(() => sketcher.batch(bytes, Int32Array.of(0))).toThrow(RangeError);
    expect(() => sketcher.batch(bytes, Int32Array.of(0, 1, 2))).toThrow(RangeError);
  });
});
