// The one key normalisation for reference-data lookups (regions, categories), in TypeScript and as
// its DuckDB SQL twin, so a value maps the same way in a TS check and in a set-based SQL load.
// test/integration/lookup-key-sql.test.ts runs both on tricky inputs and keeps them equal.

// Both sides do exactly, code point by code point:
//   1. NFC (DuckDB nfc_normalize);
//   2. lower-case with Unicode simple case mapping (DuckDB lower(); in JS toLowerCase() per code
//      point, whose only difference from the simple mapping is İ U+0130 → i, handled by hand);
//   3. delete whitespace, hyphens/dashes, apostrophes and dots, including their Unicode look-alikes
//      (listed one by one: RE2's \s and DuckDB's trim() are ASCII-only, JS's \s is not);
//   4. fold full-width ASCII U+FF01–U+FF5E to U+0021–U+007E. DuckDB has no NFKC; this is the part
//      of it that matters for typed-in names and codes. translate() costs time per row in proportion
//      to its character list, so SQL runs it only when a full-width character is present.
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

/** A SQL string literal for our own constants (lookup tables); input values are always bound instead. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

const hex = (cp: number): string => `\\x{${cp.toString(16).toUpperCase()}}`;

/** RE2 character class of the deleted characters. */
const REMOVED_CLASS = `[${REMOVED.map(hex).join('')}]`;

/** translate() lists for the full-width fold; upper-case letters are already lower-cased, and deleted ones gone. */
const FOLD: { from: string; to: string } = (() => {
  let from = '';
  let to = '';
  for (let cp = FULL_WIDTH_FIRST; cp <= FULL_WIDTH_LAST; cp++) {
    if (REMOVED_SET.has(cp) || (cp >= 0xff21 && cp <= 0xff3a)) continue;
    from += String.fromCodePoint(cp);
    to += String.fromCodePoint(cp - FULL_WIDTH_OFFSET);
  }
  return { from, to };
})();

/**
 * The DuckDB SQL twin of lookupKey. With k = regexp_replace(lower(nfc_normalize(CAST(expr AS
 * VARCHAR))), '<deleted class>', '', 'g') it is
 *   CASE WHEN regexp_matches(k, '[\x{FF01}-\x{FF5E}]') THEN translate(k, '！…～', '!…~') ELSE k END
 * NULL stays NULL. `expr` must be SQL we wrote (a column reference, a parameter), never input text.
 * The expression repeats k; DuckDB evaluates a repeated subexpression once.
 */
export function lookupKeySql(expr: string): string {
  const k = `regexp_replace(lower(nfc_normalize(CAST(${expr} AS VARCHAR))), ${sqlString(REMOVED_CLASS)}, '', 'g')`;
  const fullWidth = sqlString(`[${hex(FULL_WIDTH_FIRST)}-${hex(FULL_WIDTH_LAST)}]`);
  return `CASE WHEN regexp_matches(${k}, ${fullWidth}) THEN translate(${k}, ${sqlString(FOLD.from)}, ${sqlString(FOLD.to)}) ELSE ${k} END`;
}
