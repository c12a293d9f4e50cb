// The loading connection's normalisers: sql/normalise.sql as temporary macros, plus the session
// variables they read (the hashing salt and the plausible-date range).
import type { Db } from '../ports/db.js';
import { quoteLiteral as lit } from '../ports/db.js';
import { COMPOUND_SURNAMES, maskText, NAME_PATTERNS_RE2, NAME_REPLACEMENT, PERSONAL_NUMBER_RE2 } from '../pii.js';
import { sqlFile, statements } from '../sql-files.js';

export const MIN_DATE = '2000-01-01';

const FOLD = (() => {
  let from = '';
  let to = '';
  for (let cp = 0xff01; cp <= 0xff5e; cp++) {
    from += String.fromCodePoint(cp);
    to += String.fromCodePoint(cp - 0xfee0);
  }
  return { from: `${from}\u3000`, to: `${to} ` };
})();

export async function defineMacros(db: Db, salt: string, today: Date): Promise<void> {
  await db.registerTextFunction('gs_mask_js', maskText);
  const text = sqlFile('normalise.sql')
    .replaceAll(':fold_from', lit(FOLD.from))
    .replaceAll(':fold_to', lit(FOLD.to))
    // The personal-number and name patterns are written once, in pii.ts (constants, never user input).
    .replaceAll(':pii_candidate', lit(PERSONAL_NUMBER_RE2.candidate))
    .replaceAll(':pii_hard', lit(PERSONAL_NUMBER_RE2.hard))
    .replaceAll(':name_gate', lit(NAME_PATTERNS_RE2.gate))
    .replaceAll(':name_pattern', lit(NAME_PATTERNS_RE2.names))
    .replaceAll(':name_replacement', lit(NAME_REPLACEMENT.re2))
    .replaceAll(':name_field', lit(NAME_PATTERNS_RE2.field))
    .replaceAll(':compound_surnames', `[${COMPOUND_SURNAMES.map(lit).join(', ')}]`);
  for (const statement of statements(text)) await db.run(statement);
  const max = new Date(today.getTime() + 366 * 86_400_000).toISOString().slice(0, 10);
  await db.run(`SET VARIABLE gs_salt = ${lit(salt)}`);
  await db.run(`SET VARIABLE gs_min_date = DATE ${lit(MIN_DATE)}`);
  await db.run(`SET VARIABLE gs_max_date = DATE ${lit(max)}`);
}

