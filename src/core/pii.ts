// Personal data inside free text (narratives, institution names, a rejected row's original text,
// messages): phone, ID and card numbers, plain or grouped with spaces, dashes or brackets, are
// masked to their first three and last four digits (only the last two below 11 digits). Dates and
// amounts are left alone. The loader calls this from SQL (a DuckDB scalar function) on the rows a
// cheap SQL prefilter picks out; the terminal and error output pass everything through it too.

const DIGIT = '[0-9\uFF10-\uFF19]';
/** Separators people put inside numbers; SEPARATOR_CLASS_RE2 in sql/normalise.sql lists the same. */
const SEP = '[\\s\\-()\uFF08\uFF09\u2010-\u2015\u2212\uFF0D]';
/** A run of at least 7 digits with at most two separator characters between neighbours, an ID's X at the end. */
const CANDIDATE = new RegExp(`(?:\\+?86${SEP}{0,2})?[(\uFF08]?${DIGIT}(?:${SEP}{0,2}${DIGIT}){6,}(?:[Xx\uFF38\uFF58](?![A-Za-z]))?`, 'g');
const AMOUNT_AFTER = /^\s*(?:[.．]\d|元|块|万|亿|%|％|人民币|美元)/;

function asciiDigits(text: string): string {
  return text.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/** A date, or what is meant as one (2025-13-45 is a bad date, not a phone number). */
function isDate(digits: string, raw: string): boolean {
  if (/^\d{4}[-./\s]\d{1,2}[-./\s]\d{1,2}$/.test(raw.trim())) return true;
  if (digits.length !== 8) return false;
  if (/^\d{8}$/.test(raw.trim())) {
    const y = Number(digits.slice(0, 4));
    const m = Number(digits.slice(4, 6));
    const d = Number(digits.slice(6, 8));
    return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
  }
  return false;
}

/** 138****5678: the first three and last four digits, as the SQL fast path in sql/normalise.sql writes them. */
export function maskDigits(digits: string): string {
  return digits.length <= 10 ? `****${digits.slice(-2)}` : `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/**
 * Digit runs that are never personal data and would otherwise look like one: grayscope's own run ids
 * (20261125T122325827Z-7532a3) and a date with its time of day (2026-11-25 13:05:57), which the
 * terminal and error output carry.
 */
const NOT_PERSONAL = /\d{8}T\d{9}Z(?:-[0-9a-f]{1,16})?|\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?/g;

export function maskText(text: string): string {
  let out = '';
  let from = 0;
  for (const keep of text.matchAll(NOT_PERSONAL)) {
    out += maskPart(text.slice(from, keep.index)) + keep[0];
    from = keep.index + keep[0].length;
  }
  return from === 0 ? maskPart(text) : out + maskPart(text.slice(from));
}

function maskPart(text: string): string {
  return text.replace(CANDIDATE, (match, offset: number) => {
    let raw = match;
    let lead = '';
    // A leading country code is personal data's prefix, not part of the number's digits.
    const cc = /^\+?86[\s\-]{0,2}(?=[(\uFF08]?1)/.exec(raw);
    if (cc && asciiDigits(raw).replace(/\D/g, '').length >= 13) {
      lead = cc[0];
      raw = raw.slice(cc[0].length);
    }
    const folded = asciiDigits(raw).replace(/[\uFF38\uFF58]/g, 'X');
    const digits = folded.replace(/[^0-9Xx]/g, '').toUpperCase();
    if (isDate(digits, folded)) return match;
    if (AMOUNT_AFTER.test(text.slice(offset + match.length))) return match;
    return `${lead}${maskDigits(digits)}`;
  });
}
