// The one key normalisation for reference-data lookups (regions, categories, authorities). The
// loader maps each distinct raw value of a file with it in TypeScript and joins the codes back.

// Code point by code point:
//   1. NFC;
//   2. lower-case per code point (İ U+0130 → i by hand, so one character stays one);
//   3. delete whitespace, hyphens/dashes, apostrophes and dots, including their Unicode look-alikes;
//   4. fold full-width ASCII U+FF01–U+FF5E to U+0021–U+007E (the part of NFKC that matters for
//      typed-in names and codes).
// Accents are kept on purpose: strip_accents would make Shǎnxī (陕西) and Shānxī (山西) collide.

const REMOVED: readonly number[] = [
  // whitespace, ASCII and Unicode (NEL, NBSP, Ogham space, en quad … hair space, ZWSP, line and
  // paragraph separators, narrow NBSP, medium math space, ideographic space, BOM)
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680,
  0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x200b,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
  // hyphens and dashes: - ‐ ‑ ‒ – — ― − ﹘ ﹣ －
  0x2d, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xfe58, 0xfe63, 0xff0d,
  // apostrophes: ' ` ‘ ’ ʼ ＇
  0x27, 0x60, 0x2018, 0x2019, 0x02bc, 0xff07,
  // dots: . · ‧ ・ ･ 。 ．
  0x2e, 0xb7, 0x2027, 0x30fb, 0xff65, 0x3002, 0xff0e,
];

const REMOVED_SET: ReadonlySet<number> = new Set(REMOVED);
const FULL_WIDTH_FIRST = 0xff01;
const FULL_WIDTH_LAST = 0xff5e;
const FULL_WIDTH_OFFSET = 0xfee0;

/** The normalised lookup key of a raw value: NFC, lower-cased, separators removed, full-width folded. */
export function lookupKey(raw: string): string {
  let out = '';
  for (const ch of raw.normalize('NFC')) {
    const lower = ch === '\u0130' ? 'i' : ch.toLowerCase();
    for (const c of lower) {
      const cp = c.codePointAt(0) ?? 0;
      if (REMOVED_SET.has(cp)) continue;
      out += cp >= FULL_WIDTH_FIRST && cp <= FULL_WIDTH_LAST ? String.fromCodePoint(cp - FULL_WIDTH_OFFSET) : c;
    }
  }
  return out;
}
