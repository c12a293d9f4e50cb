// Log-linear model terms for multiple systems estimation. A term is a bit mask over the lists (bit j =
// list j), so a main effect has one bit, a pairwise interaction two; the intercept is mask 0. A cell
// (capture history) is a mask too, and the design entry of term t in cell c is 1 exactly when c ⊇ t,
// which makes the design matrix implicit and cheap (Cormack 1989).
import { usageError } from '../errors.js';

export const popcount = (x: number): number => {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
};

/** The R-style name of a term: list names joined with ':' in list order. */
export function termName(mask: number, lists: readonly string[]): string {
  const names: string[] = [];
  for (let j = 0; j < lists.length; j++) if (mask & (1 << j)) names.push(lists[j] ?? `L${j}`);
  return names.join(':');
}

/** Terms sorted by order, then mask: main effects first, then pairs, and so on. */
export function sortTerms(terms: Iterable<number>): number[] {
  return [...new Set(terms)].filter((t) => t !== 0).sort((a, b) => popcount(a) - popcount(b) || a - b);
}

export function mainEffects(k: number): number[] {
  return Array.from({ length: k }, (_, j) => 1 << j);
}

/** All pairwise interaction masks of k lists, in a fixed order (A:B, A:C, B:C, …). */
export function allPairs(k: number): number[] {
  const out: number[] = [];
  for (let j = 1; j < k; j++) for (let i = 0; i < j; i++) out.push((1 << i) | (1 << j));
  return out.sort((a, b) => a - b);
}

/** True when every proper sub-term (of order ≥ 1) of every term is also in the model. */
export function isHierarchical(terms: readonly number[]): boolean {
  const set = new Set(terms);
  for (const t of terms) {
    for (let j = 0; j < 31; j++) {
      if (!(t & (1 << j)) || popcount(t) < 2) continue;
      if (!set.has(t & ~(1 << j))) return false;
    }
  }
  return true;
}

/**
 * Parses `--model "A + B + C + A:B"`. Main effects are always in the model (a list's size is never in
 * doubt); interactions must be hierarchical (A:B:C needs A:B, A:C and B:C) and below the k-way term,
 * which the 2^k − 1 observable cells cannot identify.
 */
export function parseModel(spec: string, lists: readonly string[]): number[] {
  const index = new Map(lists.map((name, j) => [name, j] as const));
  const lower = new Map(lists.map((name, j) => [name.toLowerCase(), j] as const));
  const k = lists.length;
  const terms = new Set(mainEffects(k));
  const parts = spec.split('+').map((p) => p.trim());
  if (parts.some((p) => p === '')) {
    throw usageError(`--model "${spec}": an empty term (two '+' in a row, or one at an end).`, 'Write terms as in R, for example --model "A + B + C + A:B".');
  }
  for (const part of parts) {
    let mask = 0;
    for (const raw of part.split(':').map((s) => s.trim())) {
      const j = index.get(raw) ?? lower.get(raw.toLowerCase());
      if (j === undefined) {
        throw usageError(`--model "${spec}": "${raw}" is not a list of this table (lists: ${lists.join(', ')}).`, 'Use the column names of the capture-history table.');
      }
      if (mask & (1 << j)) throw usageError(`--model "${spec}": the term "${part}" names ${raw} twice.`, 'Write each list once per term.');
      mask |= 1 << j;
    }
    if (popcount(mask) >= k) {
      throw usageError(`--model "${spec}": the ${k}-way term ${part} cannot be estimated from ${2 ** k - 1} observable cells.`, `Use interactions of at most ${k - 1} lists.`);
    }
    terms.add(mask);
  }
  const sorted = sortTerms(terms);
  if (!isHierarchical(sorted)) {
    const missing: string[] = [];
    const set = new Set(sorted);
    for (const t of sorted) for (let j = 0; j < k; j++) if (t & (1 << j) && popcount(t) > 1 && !set.has(t & ~(1 << j))) missing.push(termName(t & ~(1 << j), lists));
    throw usageError(`--model "${spec}" is not hierarchical: it lacks ${[...new Set(missing)].join(', ')}.`, 'Add every lower-order interaction contained in a term (A:B:C needs A:B, A:C and B:C).');
  }
  return sorted;
}
