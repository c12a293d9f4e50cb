// Does a Poisson log-linear model's maximum likelihood estimate exist for these counts, and if not,
// on which cells does its extended MLE live and is N still identifiable there? Decided before any
// fitting, exactly, by linear algebra and small linear programs, instead of waiting for an iterative
// fit to wander off towards ±∞.
//
// The condition (Haberman 1974; Fienberg & Rinaldo 2012, Ann. Statist. 40, 996–1023; Chan, Silverman
// & Vincent 2021, JASA 116, 1297–1306, and their R package SparseMSE's `checkident`):
// with design X over the cells and counts y, the MLE of β exists iff the sufficient statistics X'y
// lie in the relative interior of the marginal cone {X'x : x ≥ 0}, i.e. iff some x > 0 (every cell)
// has X'x = X'y. Equivalently, there is no direction d = Xγ ≠ 0 with d ≥ 0 on every cell and d = 0 on
// the cells with y > 0: along −γ the likelihood rises for ever and the fitted values of the cells
// where d > 0 go to zero. When that happens the likelihood still has a supremum, the extended MLE
// (Fienberg & Rinaldo 2012): the ordinary MLE of the same model restricted to the facial set F, the
// cells that are positive in some table x ≥ 0 with the same statistics (equivalently, the cells where
// every such direction d vanishes); the fitted value of every other cell is 0. The check, on the
// zero cells only, which keeps the work small when 2^k is large:
//   1. a term whose statistic (cases seen by all its lists) is zero, such as a pair of lists that
//      never overlap (Chan, Silverman & Vincent 2021): every cell containing it is out of F and the
//      term's parameter is −∞ (SparseMSE's extended MLE, which stops here);
//   2. no zero cell left, or X on the positive cells of the same rank as on the cells still in:
//      nothing more leaves F;
//   3. otherwise, with N a basis of null(X_P) and B = X_Z N over the zero cells Z still in, a
//      direction exists iff Bu ≥ 0, Bu ≠ 0 for some u; by Stiemke's lemma that fails iff B'w = 0 for
//      some w > 0 (w ≥ 1 after scaling): a phase-1 simplex with one row per null-space dimension;
//   4. if it exists, the simplex's Farkas certificate is such a u: the cells where Bu > 0 leave F,
//      their rows leave B (a direction may do anything on cells already out: adding enough of the
//      first direction makes it non-negative there), and step 3 is repeated until Stiemke holds.
//      Each round removes at least one cell and has as many rows as step 3.
// Identifiability: X over all the cells has full column rank (SparseMSE's rank check; with the
// 2^k − 1 observable cells and no k-way term it always holds). Without an MLE, N̂ = n + exp(β̂0) is
// identifiable iff the intercept direction e0 (the design row of the unobserved all-zero cell) lies
// in the row space of X_F: then β0 is the same for every β that fits F, and it stays finite along
// the diverging directions (which lie in null(X_F)). SparseMSE asks for more, full column rank of X
// on the cells it keeps; grayscope asks only what N̂ needs (docs/METHODOLOGY.md). `mse
// --strict-existence` restores SparseMSE's rule in the stepwise choice (Fitted.checkident in mse.ts:
// an 'lp' facial set or a rank-deficient reduced design fails it); of the committed tables only
// fixtures/mse/nested.csv selects another model under it.
import { latticeModel, subsetSums, supersetSums } from './lattice.js';
import { simplex } from './simplex.js';

export type Existence = 'ok' | 'extended' | 'not_identifiable';

export interface ExistenceCheck {
  /**
   * ok: the MLE exists. extended: it does not, and N is identifiable from the extended MLE on the
   * facial set. not_identifiable: X is rank deficient on all cells (reason rank), or the MLE does not
   * exist and the facial set does not identify N.
   */
  status: Existence;
  /**
   * What decided: rank (X over all cells), interior (no empty cell, or X of full rank on the positive
   * cells), zero_statistic (only the cells under zero-statistic terms leave F), lp (the simplex).
   */
  reason: 'rank' | 'interior' | 'zero_statistic' | 'lp';
  /** Terms (masks) whose statistic is zero: their parameters are −∞ in the extended MLE. */
  zeroTerms: number[];
  /** Without an MLE: indices (into the cells) of the facial set, ascending. */
  facial?: Int32Array;
  /** Without an MLE: terms (masks, intercept first) whose columns are a basis of X on F, in model order. */
  kept?: Int32Array;
}

/** Relative tolerance for ranks and the LP; the designs are 0/1 and the Gram entries integers. */
const TOL = 1e-9;
/** d_z above this share of the largest entry of d = Bu: cell z is lifted by the direction. */
const TOL_LIFT = 1e-7;
/** Results that needed a simplex, cached by the zero pattern of y (all that they depend on). */
const CACHE_SIZE = 256;

/** One checker per model (cells and terms); `check(y)` allocates only when an LP is needed. */
export class ExistenceChecker {
  readonly cells: Int32Array;
  /** Terms with the intercept (mask 0) first. */
  readonly terms: Int32Array;
  private readonly p: number;
  private readonly span: number;
  private readonly work: Float64Array;
  private readonly gram: Float64Array;
  private readonly perm: Int32Array;
  private readonly inF: Uint8Array;
  private rank = 0;
  private identifiable: boolean | undefined;
  private readonly cache = new Map<string, ExistenceCheck>();

  constructor(cells: ArrayLike<number>, terms: ArrayLike<number>) {
    ({ cells: this.cells, terms: this.terms, span: this.span } = latticeModel(cells, terms));
    this.p = this.terms.length;
    this.work = new Float64Array(this.span);
    this.gram = new Float64Array(this.p * this.p);
    this.perm = new Int32Array(this.p);
    this.inF = new Uint8Array(this.cells.length);
  }

  check(y: ArrayLike<number>): ExistenceCheck {
    if (this.identifiable === undefined) {
      this.identifiable = this.gramRank((c) => c >= 0) === this.p;
    }
    if (!this.identifiable) return { status: 'not_identifiable', reason: 'rank', zeroTerms: [] };
    const { work, cells, terms, p, inF } = this;
    const m = cells.length;
    // Statistics Σ_{c ⊇ t} y_c of every term, by a superset-sum transform.
    work.fill(0);
    for (let c = 0; c < m; c++) work[cells[c]!] = y[c] ?? 0;
    supersetSums(work, this.span);
    const zeroTerms: number[] = [];
    for (let j = 1; j < p; j++) if (!(work[terms[j]!]! > 0)) zeroTerms.push(terms[j]!);
    // Step 1: the cells under a zero-statistic term are out of F.
    inF.fill(1);
    for (const t of zeroTerms) for (let c = 0; c < m; c++) if ((cells[c]! & t) === t) inF[c] = 0;
    const zero: number[] = [];
    for (let c = 0; c < m; c++) if (inF[c] && !((y[c] ?? 0) > 0)) zero.push(c);
    const reduced = zeroTerms.length > 0;
    // Step 2: nothing more can leave F when X_P has the rank of X on the cells still in F.
    if (zero.length === 0) return reduced ? this.extended(zeroTerms, 'zero_statistic') : { status: 'ok', reason: 'interior', zeroTerms };
    const rankIn = reduced ? this.gramRank((c) => inF[c] === 1) : p;
    if (this.gramRank((c) => (y[c] ?? 0) > 0) === rankIn) return reduced ? this.extended(zeroTerms, 'zero_statistic') : { status: 'ok', reason: 'interior', zeroTerms };
    let key = '';
    for (let c = 0; c < m; c++) key += (y[c] ?? 0) > 0 ? '1' : '0';
    const hit = this.cache.get(key);
    if (hit) return hit;
    // Steps 3 and 4, on the null space of X_P that the last gramRank left.
    const B = this.zeroCellBasis(zero);
    const r = B.length / zero.length;
    let left = zero.map((_, z) => z);
    let lifted = false;
    for (;;) {
      const u = this.stiemke(B, r, left);
      if (!u) break;
      // d = Bu ≥ 0 on the rows left, positive somewhere: those cells leave F.
      const d = left.map((z) => {
        let s = 0;
        for (let j = 0; j < r; j++) s += B[z * r + j]! * u[j]!;
        return s;
      });
      let top = 0;
      for (const v of d) top = Math.max(top, v);
      if (!(top > 0)) break;
      const keep: number[] = [];
      left.forEach((z, i) => {
        if (d[i]! > TOL_LIFT * top) inF[zero[z]!] = 0;
        else keep.push(z);
      });
      lifted = true;
      left = keep;
      if (left.length === 0) break;
    }
    let result: ExistenceCheck;
    if (lifted) result = this.extended(zeroTerms, 'lp');
    else result = reduced ? this.extended(zeroTerms, 'zero_statistic') : { status: 'ok', reason: 'lp', zeroTerms };
    if (this.cache.size >= CACHE_SIZE) this.cache.clear();
    this.cache.set(key, result);
    return result;
  }

  /**
   * The result for a facial set F (the cells with inF = 1): a basis of X_F's columns in model order
   * (R's glm keeps the same ones: it drops an aliased column, never an earlier one) and whether the
   * intercept direction e0 lies in X_F's row space, i.e. rank(X_F'X_F + e0e0') = rank(X_F'X_F).
   */
  private extended(zeroTerms: number[], reason: ExistenceCheck['reason']): ExistenceCheck {
    const { inF, gram, p, terms } = this;
    this.fillGram((c) => inF[c] === 1);
    const kept = inOrderBasis(gram, p, TOL);
    const g = Float64Array.from(gram);
    const rankF = pivotedCholesky(g, p, this.perm, TOL);
    g.set(gram);
    g[0] = g[0]! + 1;
    const identifiable = pivotedCholesky(g, p, this.perm, TOL) === rankF;
    const facial: number[] = [];
    for (let c = 0; c < inF.length; c++) if (inF[c]) facial.push(c);
    return {
      status: identifiable ? 'extended' : 'not_identifiable',
      reason,
      zeroTerms,
      facial: Int32Array.from(facial),
      kept: Int32Array.from(kept, (j) => terms[j]!),
    };
  }

  /** gram ← X_S'X_S over the cells S that `keep` selects ((s,t) entry: cells of S containing s ∪ t). */
  private fillGram(keep: (cellIndex: number) => boolean): void {
    const { work, cells, terms, p, gram } = this;
    work.fill(0);
    for (let c = 0; c < cells.length; c++) if (keep(c)) work[cells[c]!] = 1;
    supersetSums(work, this.span);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) gram[i * p + j] = work[terms[i]! | terms[j]!]!;
  }

  /** Rank of X over the cells `keep` selects, by pivoted Cholesky of X_S'X_S; the factor stays for nullSpace(). */
  private gramRank(keep: (cellIndex: number) => boolean): number {
    this.fillGram(keep);
    this.rank = pivotedCholesky(this.gram, this.p, this.perm, TOL);
    return this.rank;
  }

  /**
   * A basis of null(X_S) from the pivoted Cholesky factor of X_S'X_S (rank r, pivots π): with
   * G[π1,π1] = L1L1' and G[π2,π1] = L2L1', each free index j gives x[π2] = e_j, x[π1] = −L1'⁻¹ L2'e_j.
   */
  private nullSpace(): Float64Array[] {
    const { gram: L, p, perm, rank: r } = this;
    const basis: Float64Array[] = [];
    for (let f = r; f < p; f++) {
      const v = new Float64Array(p);
      v[perm[f]!] = 1;
      // Solve L1' x1 = −(row f of L, first r columns), back substitution.
      const x1 = new Float64Array(r);
      for (let i = r - 1; i >= 0; i--) {
        let s = -L[f * p + i]!;
        for (let k = i + 1; k < r; k++) s -= L[k * p + i]! * x1[k]!;
        x1[i] = s / L[i * p + i]!;
      }
      for (let i = 0; i < r; i++) v[perm[i]!] = x1[i]!;
      basis.push(v);
    }
    return basis;
  }

  /**
   * B = X_Z N (row-major, one row per zero cell, one column per null vector of X_P), each column
   * scaled to largest entry 1 so that the LPs' tolerance is meaningful. A null vector of X_P that
   * vanishes on every zero cell still in F moves only cells already out of F: its column is 0.
   */
  private zeroCellBasis(zero: number[]): Float64Array {
    const { work, cells, terms, p } = this;
    const basis = this.nullSpace();
    const r = basis.length;
    const B = new Float64Array(zero.length * r);
    for (let j = 0; j < r; j++) {
      const v = basis[j]!;
      // (Xγ)_c = Σ_{t ⊆ c} γ_t: a subset-sum transform of γ placed at the term masks.
      work.fill(0);
      for (let i = 0; i < p; i++) work[terms[i]!] = v[i]!;
      subsetSums(work, this.span);
      let big = 0;
      for (let z = 0; z < zero.length; z++) big = Math.max(big, Math.abs(work[cells[zero[z]!]!]!));
      for (let z = 0; z < zero.length; z++) B[z * r + j] = big > TOL ? work[cells[zero[z]!]!]! / big : 0;
    }
    return B;
  }

  /**
   * Stiemke's alternative on the zero cells `rows` of B (r columns): B'w = 0 has a solution w ≥ 1
   * exactly when no direction d = Xγ ≥ 0, d ≠ 0, vanishes on the positive cells (nothing more leaves
   * F); then undefined. Otherwise a u with Bu ≥ 0 and Σ Bu > 0 on those rows, the LP's Farkas
   * certificate.
   */
  private stiemke(B: Float64Array, r: number, rows: number[]): Float64Array | undefined {
    if (r === 0) return undefined;
    const nz = rows.length;
    // w = 1 + v, v ≥ 0: B'v = −B'1, r rows and one column per zero cell.
    const A = new Float64Array(r * nz);
    const b = new Float64Array(r);
    for (let j = 0; j < r; j++) {
      let s = 0;
      rows.forEach((z, col) => {
        A[j * nz + col] = B[z * r + j]!;
        s += B[z * r + j]!;
      });
      b[j] = -s;
    }
    const lp = simplex({ A, m: r, n: nz, b, tol: TOL });
    // y'B' ≥ 0 and −y'B'1 < 0: u = y.
    return lp.status === 'infeasible' ? lp.farkas : undefined;
  }
}

/**
 * Columns of a symmetric positive semi-definite p × p Gram matrix (row-major) that are linearly
 * independent of the columns before them, in order: Cholesky without pivoting that skips a column
 * whose remaining diagonal falls below tol × its original diagonal (or is zero). A copy is factored.
 */
export function inOrderBasis(gram: Float64Array, p: number, tol: number): number[] {
  const kept: number[] = [];
  // L[j][k] for kept k, stored by position in `kept`.
  const L = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    const row = new Float64Array(kept.length);
    let d = gram[j * p + j]!;
    for (let a = 0; a < kept.length; a++) {
      let s = gram[j * p + kept[a]!]!;
      for (let q = 0; q < a; q++) s -= row[q]! * L[a * p + q]!;
      row[a] = s / L[a * p + a]!;
      d -= row[a]! * row[a]!;
    }
    if (!(d > tol * gram[j * p + j]!) || !(d > 0)) continue;
    const at = kept.length;
    for (let q = 0; q < at; q++) L[at * p + q] = row[q]!;
    L[at * p + at] = Math.sqrt(d);
    kept.push(j);
  }
  return kept;
}

/**
 * Pivoted Cholesky of a symmetric positive semi-definite p × p matrix, in place: on return rows
 * 0..rank−1 of the permuted matrix hold L (a[i*p + k], k ≤ i, for i < p) with G[π,π] ≈ LL' on the
 * first `rank` columns, and perm holds π. Stops when the largest remaining diagonal falls below
 * tol × the largest original diagonal (as in Higham 2002): the numerical rank.
 */
export function pivotedCholesky(a: Float64Array, p: number, perm: Int32Array, tol: number): number {
  for (let i = 0; i < p; i++) perm[i] = i;
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, a[i * p + i]!);
  const eps = tol * Math.max(maxDiag, 1e-300);
  const swap = (i: number, j: number): void => {
    if (i === j) return;
    for (let k = 0; k < p; k++) {
      const t = a[i * p + k]!;
      a[i * p + k] = a[j * p + k]!;
      a[j * p + k] = t;
    }
    for (let k = 0; k < p; k++) {
      const t = a[k * p + i]!;
      a[k * p + i] = a[k * p + j]!;
      a[k * p + j] = t;
    }
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  };
  for (let k = 0; k < p; k++) {
    // a[i][i] for i ≥ k holds the Schur complement's diagonal: pick the largest.
    let best = k;
    for (let i = k + 1; i < p; i++) if (a[i * p + i]! > a[best * p + best]!) best = i;
    if (!(a[best * p + best]! > eps)) return k;
    swap(k, best);
    const d = Math.sqrt(a[k * p + k]!);
    a[k * p + k] = d;
    for (let i = k + 1; i < p; i++) a[i * p + k] = a[i * p + k]! / d;
    for (let i = k + 1; i < p; i++) {
      const lik = a[i * p + k]!;
      for (let j = k + 1; j <= i; j++) {
        const v = a[i * p + j]! - lik * a[j * p + k]!;
        a[i * p + j] = v;
        a[j * p + i] = v;
      }
    }
  }
  return p;
}
