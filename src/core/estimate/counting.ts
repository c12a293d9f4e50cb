// Counting one segment (DESIGN "From records to estimates", step 2): N̂ of a period × category from
// its capture-history counts by stepwise MSE on the three lists, with the fallbacks the market
// estimate needs when a list is empty or no three-list model identifies N.
import type { CaptureTable } from './history.js';
import type { Interval } from './market-types.js';
import { runMse } from './mse.js';

/** The lists of the capture histories, in bit order: bit 0 complaints, bit 1 incidents, bit 2 enforcement. */
export const LISTS = ['complaints', 'incidents', 'enforcement'] as const;

export interface CountResult {
  N: number;
  ci: Interval | null;
  ci_method: string | null;
  lists: string[];
  terms: string[];
  chao: number | null;
  note: string | null;
  /**
   * N is the observed count, a floor rather than an estimate: one list saw every operation, or two
   * lists never overlap, so capture–recapture has nothing to estimate from (no interval either).
   */
  lower_bound: boolean;
}

/** The note of a segment whose count is only a lower bound. */
export const LOWER_BOUND_NOTE = 'fewer than two lists overlap: the observed count only (a lower bound)';

/** The operations observed: the counts of every observable history (masks 1..7). */
export function observedOperations(counts: readonly number[]): number {
  return counts.slice(1).reduce((a, b) => a + b, 0);
}

/** The capture table of the lists `keep` (indices into LISTS), other lists marginalised out. */
export function subTable(counts: readonly number[], keep: readonly number[]): CaptureTable {
  const out = new Float64Array(2 ** keep.length);
  for (let mask = 1; mask < 8; mask++) {
    let m = 0;
    keep.forEach((j, i) => {
      if (mask & (1 << j)) m |= 1 << i;
    });
    if (m > 0) out[m] = out[m]! + (counts[mask] ?? 0);
  }
  return { lists: keep.map((j) => LISTS[j]!), counts: out };
}

/**
 * N̂ for one capture-history table: stepwise MSE on the three lists (runMse's default model choice,
 * SparseMSE's rule: main effects, then the pairwise interaction with the smallest Poisson p-value
 * (the smaller one-sided tail) of its observed overlap under the current fit, while p < pThreshold
 * and N stays identifiable; extended-MLE fits allowed). A list that saw nobody is dropped; when no
 * three-list model identifies N, complaints × incidents (Chapman) is used; when no two lists overlap
 * or only one list saw anything, the observed count is reported as a lower bound.
 * N̂ is never below the observed count.
 */
export function countOperations(counts: readonly number[], pThreshold = 0.02): CountResult {
  let n = 0;
  const listTotals = [0, 0, 0];
  for (let mask = 1; mask < 8; mask++) {
    const y = counts[mask] ?? 0;
    n += y;
    for (let j = 0; j < 3; j++) if (mask & (1 << j)) listTotals[j]! += y;
  }
  const active = [0, 1, 2].filter((j) => listTotals[j]! > 0);
  const attempt = (keep: number[], note: string | null): CountResult | null => {
    const r = runMse(subTable(counts, keep), { select: 'stepwise', pThreshold });
    const N = r.selected.N;
    if (N === null || !Number.isFinite(N)) return null;
    const ci = r.selected.ci ? ([Math.max(n, r.selected.ci[0]), Math.max(n, r.selected.ci[1])] as Interval) : null;
    return { N: Math.max(n, N), ci, ci_method: r.selected.ci_method, lists: r.lists, terms: r.selected.terms, chao: r.chao_lower_bound, note, lower_bound: false };
  };
  if (active.length === 3) {
    const full = attempt(active, null);
    if (full) return full;
  }
  if (active.length >= 2) {
    const keep = active.length === 3 ? [0, 1] : active;
    const dropped = [0, 1, 2].filter((j) => !keep.includes(j)).map((j) => LISTS[j]);
    const two = attempt(keep, `${dropped.join(', ')} ${active.length === 3 ? 'left out: no three-list model identifies N' : 'saw no operation'}; two lists (Chapman)`);
    if (two) return two;
  }
  return { N: n, ci: null, ci_method: null, lists: active.map((j) => LISTS[j]!), terms: [], chao: null, note: n === 0 ? 'no operations' : LOWER_BOUND_NOTE, lower_bound: n > 0 };
}
