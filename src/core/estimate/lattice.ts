// The mask lattice that MSE designs live on: a cell (capture history) and a term are bit masks, and
// the design entry x_t(c) = [c ⊇ t] (terms.ts), so products with the design are zeta transforms
// over the lattice (subset and superset sums, O(k·2^k)) instead of matrix products. Shared by the
// Poisson fitter and the existence check.

/** A model's cells and terms as the fitter and the existence check hold them. */
export interface LatticeModel {
  cells: Int32Array;
  /** The terms with the intercept (mask 0) first. */
  terms: Int32Array;
  /** Size of the mask lattice the cells and terms live in (a power of two). */
  span: number;
}

export function latticeModel(cells: ArrayLike<number>, terms: ArrayLike<number>): LatticeModel {
  const c = Int32Array.from(cells);
  const t = Int32Array.from([0, ...Array.from(terms).filter((x) => x !== 0)]);
  let all = 0;
  for (const x of c) all |= x;
  for (const x of t) all |= x;
  return { cells: c, terms: t, span: 2 ** (32 - Math.clz32(all)) };
}

/** work[u] ← Σ_{v ⊇ u} work[v]. */
export function supersetSums(work: Float64Array, span: number): void {
  for (let b = 1; b < span; b *= 2) {
    for (let hi = 0; hi < span; hi += 2 * b) {
      for (let u = hi; u < hi + b; u++) work[u] = work[u]! + work[u + b]!;
    }
  }
}

/** work[u] ← Σ_{v ⊆ u} work[v]. */
export function subsetSums(work: Float64Array, span: number): void {
  for (let b = 1; b < span; b *= 2) {
    for (let hi = 0; hi < span; hi += 2 * b) {
      for (let u = hi + b; u < hi + 2 * b; u++) work[u] = work[u]! + work[u - b]!;
    }
  }
}
