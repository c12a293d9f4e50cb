// Does a Poisson log-linear model's maximum likelihood estimate exist for these counts, and is the
// model identifiable? Checked before any fitting, exactly, by linear algebra and one small linear
// program, instead of waiting for an iterative fit to wander off towards ±∞.
//
// The condition (Haberman 1974; Fienberg & Rinaldo 2012, Ann. Statist. 40, 996–1023; Chan, Silverman
// & Vincent 2021, JASA 116, 1297–1306, and their R package SparseMSE's `checkident`):
// with design X over the cells and counts y, the MLE of β exists iff the sufficient statistics X'y
// lie in the relative interior of the marginal cone {X'x : x ≥ 0}, i.e. iff some x > 0 (every cell)
// has X'x = X'y. Equivalently, there is no direction d = Xγ ≠ 0 with d ≥ 0 on every cell and d = 0 on
// the cells with y > 0: along such a direction the likelihood rises for ever, and the fitted values
// of the cells where d > 0 go to zero. SparseMSE solves Fienberg and Rinaldo's LP
// max s s.t. X'x = X'y, x ≥ s over all cells. Here the same question is put on the zero cells only,
// which keeps the LP small when 2^k is large:
//   1. a term whose statistic (cases seen by all its lists) is zero: no MLE (the zero-overlap pair
//      of Chan, Silverman & Vincent 2021); a cheap special case, reported as such;
//   2. no zero cells, or X restricted to the positive cells of full column rank: the MLE exists;
//   3. otherwise, with N a basis of null(X_P) and B = X_Z N over the zero cells Z, a direction exists
//      iff Bu ≥ 0, Bu ≠ 0 for some u, and by Stiemke's lemma that fails iff B'w = 0 for some w > 0
//      (w ≥ 1 after scaling): a phase-1 simplex with one row per null-space dimension.
// Identifiability: X over all the cells has full column rank (SparseMSE's rank check). With all
// 2^k − 1 observable cells and no k-way term this always holds; it is checked anyway, once per model.
import { latticeModel, subsetSums, supersetSums } from './lattice.js';
import { simplex } from './simplex.js';

export type Existence = 'ok' | 'mle_does_not_exist' | 'not_identifiable';

export interface ExistenceCheck {
  status: Existence;
  /** Which test decided: rank of X, a zero statistic, the rank of X on the positive cells, the LP. */
  reason: 'rank' | 'zero_statistic' | 'interior' | 'lp';
  /** With reason zero_statistic: the term (mask) with no cases. */
  term?: number;
}

/** Relative tolerance for ranks and the LP; the designs are 0/1 and the Gram entries integers. */
const TOL = 1e-9;

/** One checker per model (cells and terms); `check(y)` allocates only when the LP is needed. */
export class ExistenceChecker {
  readonly cells: Int32Array;
  /** Terms with the intercept (mask 0) first. */
  readonly terms: Int32Array;
  private readonly p: number;
  private readonly span: number;
  private readonly work: Float64Array;
  private readonly gram: Float64Array;
  private readonly perm: Int32Array;
  private rank = 0;
  private identifiable: boolean | undefined;

  constructor(cells: ArrayLike<number>, terms: ArrayLike<number>) {
    ({ cells: this.cells, terms: this.terms, span: this.span } = latticeModel(cells, terms));
    this.p = this.terms.length;
    this.work = new Float64Array(this.span);
    this.gram = new Float64Array(this.p * this.p);
    this.perm = new Int32Array(this.p);
  }

  check(y: ArrayLike<number>): ExistenceCheck {
    if (this.identifiable === undefined) {
      this.identifiable = this.gramRank((c) => c >= 0) === this.p;
    }
    if (!this.identifiable) return { status: 'not_identifiable', reason: 'rank' };
    const { work, cells, terms, p } = this;
    // Statistics Σ_{c ⊇ t} y_c of every term, by a superset-sum transform.
    work.fill(0);
    for (let c = 0; c < cells.length; c++) work[cells[c]!] = y[c] ?? 0;
    supersetSums(work, this.span);
    for (let j = 1; j < p; j++) if (!(work[terms[j]!]! > 0)) return { status: 'mle_does_not_exist', reason: 'zero_statistic', term: terms[j]! };
    let zeros = 0;
    for (let c = 0; c < cells.length; c++) if (!((y[c] ?? 0) > 0)) zeros++;
    if (zeros === 0) return { status: 'ok', reason: 'interior' };
    if (this.gramRank((c) => (y[c] ?? 0) > 0) === p) return { status: 'ok', reason: 'interior' };
    const zero: number[] = [];
    for (let c = 0; c < cells.length; c++) if (!((y[c] ?? 0) > 0)) zero.push(c);
    return { status: this.stiemke(zero) ? 'ok' : 'mle_does_not_exist', reason: 'lp' };
  }

  /**
   * Builds X_S'X_S over the cells S that `keep` selects ((s,t) entry: cells of S containing s ∪ t),
   * factors it by pivoted Cholesky and returns its rank; the factor stays for nullSpace().
   */
  private gramRank(keep: (cellIndex: number) => boolean): number {
    const { work, cells, terms, p, gram } = this;
    work.fill(0);
    for (let c = 0; c < cells.length; c++) if (keep(c)) work[cells[c]!] = 1;
    supersetSums(work, this.span);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) gram[i * p + j] = work[terms[i]! | terms[j]!]!;
    this.rank = pivotedCholesky(gram, p, this.perm, TOL);
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
   * Stiemke's alternative on the zero cells: true iff B'w = 0 has a solution w ≥ 1, B = X_Z N, which
   * is exactly when no direction d = Xγ ≥ 0, d ≠ 0, vanishes on the positive cells (the MLE exists).
   */
  private stiemke(zero: number[]): boolean {
    const { work, cells, terms, p } = this;
    const basis = this.nullSpace();
    const r = basis.length;
    if (r === 0) return true;
    const B = new Float64Array(zero.length * r);
    for (let j = 0; j < r; j++) {
      const v = basis[j]!;
      // (Xγ)_c = Σ_{t ⊆ c} γ_t: a subset-sum transform of γ placed at the term masks.
      work.fill(0);
      for (let i = 0; i < p; i++) work[terms[i]!] = v[i]!;
      subsetSums(work, this.span);
      let big = 0;
      for (let z = 0; z < zero.length; z++) big = Math.max(big, Math.abs(work[cells[zero[z]!]!]!));
      // A null vector of X_P that also vanishes on the zero cells would be a rank defect of X, ruled
      // out above; scaling each column to max 1 keeps the LP's tolerance meaningful.
      for (let z = 0; z < zero.length; z++) B[z * r + j] = big > 0 ? work[cells[zero[z]!]!]! / big : 0;
    }
    // w = 1 + v, v ≥ 0: B'v = −B'1, r rows and one column per zero cell.
    const A = new Float64Array(r * zero.length);
    const b = new Float64Array(r);
    for (let j = 0; j < r; j++) {
      let s = 0;
      for (let z = 0; z < zero.length; z++) {
        A[j * zero.length + z] = B[z * r + j]!;
        s += B[z * r + j]!;
      }
      b[j] = -s;
    }
    return simplex({ A, m: r, n: zero.length, b, tol: TOL }).status !== 'infeasible';
  }
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
