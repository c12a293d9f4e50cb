// A small dense two-phase simplex method for linear programs in standard form, maximise c'x subject
// to Ax = b, x ≥ 0. It exists for the existence check of MSE models (existence.ts), whose linear
// programs have a handful of rows: a dependency for that would be heavier than these lines.
// Bland's rule (smallest index enters and leaves) rules out cycling; the problems are small enough
// that its slower progress does not matter.

/** stalled: the pivot cap was reached (Bland's rule terminates, so only rounding can get here); no answer. */
export type LpStatus = 'optimal' | 'infeasible' | 'unbounded' | 'stalled';

export interface LpResult {
  status: LpStatus;
  /** A basic optimal (or, for phase 1 only, feasible) point; zeros when infeasible. */
  x: Float64Array;
  /** c'x at x; NaN unless optimal. */
  value: number;
  /**
   * When infeasible: a Farkas certificate w (one entry per row) with w'A ≥ 0 and w'b < 0 (up to the
   * tolerance), read from phase 1's final prices, so no x ≥ 0 can have Ax = b.
   */
  farkas?: Float64Array;
}

export interface LpProblem {
  /** Constraint matrix, row-major, m × n. */
  A: ArrayLike<number>;
  m: number;
  n: number;
  b: ArrayLike<number>;
  /** Objective to maximise; omitted, the problem is a feasibility question (phase 1 only). */
  c?: ArrayLike<number>;
  /** Tolerance on reduced costs, pivots and the phase-1 residual, relative to the data's scale. */
  tol?: number;
  /** Pivots allowed in each phase (default 50,000). */
  maxPivots?: number;
}

/** Solves max c'x s.t. Ax = b, x ≥ 0 by the two-phase simplex method on a dense tableau. */
export function simplex(problem: LpProblem): LpResult {
  const { A, m, n, b, c } = problem;
  const tol = problem.tol ?? 1e-9;
  // Tolerances in the units they compare: pivots and phase-1 prices against A's entries, levels and
  // the phase-1 residual against b's, phase-2 reduced costs against c's. One tolerance scaled by the
  // largest of all of them made a feasible LP with b in the billions "infeasible" (no pivot of A's
  // 0/1 entries passed an eps of 10), and missed infeasibilities of tiny right-hand sides.
  // Tableau rows 0..m−1 are the constraints, row m the objective; columns 0..n−1 the variables,
  // n..n+m−1 the artificials of phase 1, and the last one the right-hand side.
  const w = n + m + 1;
  const rhs = n + m;
  const T = new Float64Array((m + 1) * w);
  const basis = new Int32Array(m);
  let scaleA = 0;
  let scaleB = 0;
  for (let i = 0; i < m; i++) {
    const sign = (b[i] ?? 0) < 0 ? -1 : 1;
    for (let j = 0; j < n; j++) {
      const v = sign * (A[i * n + j] ?? 0);
      T[i * w + j] = v;
      scaleA = Math.max(scaleA, Math.abs(v));
    }
    T[i * w + n + i] = 1;
    T[i * w + rhs] = sign * (b[i] ?? 0);
    scaleB = Math.max(scaleB, Math.abs(b[i] ?? 0));
    basis[i] = n + i;
  }
  // The artificials' columns are identity columns: A's scale is at least 1 in the tableau. Levels are
  // judged against b, or against A when b is smaller (a b of rounding noise, 1e-16 beside A's 1, is 0).
  const pivotEps = tol * Math.max(scaleA, 1);
  const levelEps = tol * Math.max(scaleB, scaleA, 1);
  const phase1: Eps = { cost: pivotEps, pivot: pivotEps, ratio: levelEps / Math.max(scaleA, 1) };
  // Phase 1: maximise −Σ artificials. Priced out against the artificial basis, the objective row
  // holds −Σ_i T[i][j] for the variables and −Σ b for its value.
  const obj = m * w;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) T[obj + j] = T[obj + j]! - T[i * w + j]!;
    T[obj + rhs] = T[obj + rhs]! - T[i * w + rhs]!;
  }
  const cap = problem.maxPivots ?? 50_000;
  const first = iterate(T, basis, m, w, n, phase1, cap);
  // A phase 1 cut short has prices that certify nothing: no verdict rather than a wrong one.
  if (first === 'stalled') return { status: 'stalled', x: new Float64Array(n), value: Number.NaN };
  if (first === 'unbounded') {
    // Phase 1 is bounded by 0; this only guards against numerical nonsense.
    return { status: 'infeasible', x: new Float64Array(n), value: Number.NaN };
  }
  if (-T[obj + rhs]! > levelEps * Math.max(1, m)) {
    // Phase 1's prices y = c_B B⁻¹ (c = −1 on the artificials) sit under the artificial columns as
    // y_i + 1; optimality gives y'A ≥ 0 on the sign-flipped rows and y'b = −Σ artificials < 0.
    const farkas = new Float64Array(m);
    for (let i = 0; i < m; i++) farkas[i] = ((b[i] ?? 0) < 0 ? -1 : 1) * (T[obj + n + i]! - 1);
    return { status: 'infeasible', x: new Float64Array(n), value: Number.NaN, farkas };
  }
  // Drive artificials still in the basis (at level zero) out of it; a row with no usable pivot is
  // redundant and keeps its artificial at zero.
  for (let i = 0; i < m; i++) {
    if (basis[i]! < n) continue;
    for (let j = 0; j < n; j++) {
      if (Math.abs(T[i * w + j]!) > pivotEps) {
        pivot(T, basis, m, w, i, j);
        break;
      }
    }
  }
  const x = new Float64Array(n);
  if (!c) {
    readX(T, basis, m, w, n, x);
    return { status: 'optimal', x, value: 0 };
  }
  // Phase 2: the objective row is −c priced out against the current basis; artificials never enter.
  for (let j = 0; j < w; j++) T[obj + j] = 0;
  for (let j = 0; j < n; j++) T[obj + j] = -(c[j] ?? 0);
  for (let i = 0; i < m; i++) {
    const bj = basis[i]!;
    const cb = bj < n ? (c[bj] ?? 0) : 0;
    if (cb === 0) continue;
    for (let j = 0; j < w; j++) T[obj + j] = T[obj + j]! + cb * T[i * w + j]!;
  }
  let scaleC = 0;
  for (let j = 0; j < n; j++) scaleC = Math.max(scaleC, Math.abs(c[j] ?? 0));
  const phase2: Eps = { ...phase1, cost: tol * (scaleC > 0 ? scaleC : 1) };
  const second = iterate(T, basis, m, w, n, phase2, cap);
  if (second === 'stalled') return { status: 'stalled', x, value: Number.NaN };
  if (second === 'unbounded') return { status: 'unbounded', x, value: Number.NaN };
  readX(T, basis, m, w, n, x);
  return { status: 'optimal', x, value: T[obj + w - 1]! };
}

/** Tolerances of the pivoting: a reduced cost below −cost enters, a pivot must pass `pivot`, ratios within `ratio` tie. */
interface Eps {
  cost: number;
  pivot: number;
  ratio: number;
}

/** Pivots until no column 0..enterable−1 has a negative reduced cost. */
function iterate(T: Float64Array, basis: Int32Array, m: number, w: number, enterable: number, eps: Eps, cap: number): 'done' | 'unbounded' | 'stalled' {
  const obj = m * w;
  const rhs = w - 1;
  // Bland's rule terminates; the cap only turns a numerical loop into a refusal to answer.
  for (let pivots = 0; ; pivots++) {
    let enter = -1;
    for (let j = 0; j < enterable; j++) {
      if (T[obj + j]! < -eps.cost) {
        enter = j;
        break;
      }
    }
    if (enter < 0) return 'done';
    if (pivots >= cap) return 'stalled';
    let leave = -1;
    let best = Infinity;
    for (let i = 0; i < m; i++) {
      const a = T[i * w + enter]!;
      if (a <= eps.pivot) continue;
      const ratio = T[i * w + rhs]! / a;
      if (ratio < best - eps.ratio || (Math.abs(ratio - best) <= eps.ratio && leave >= 0 && basis[i]! < basis[leave]!)) {
        best = ratio;
        leave = i;
      }
    }
    if (leave < 0) return 'unbounded';
    pivot(T, basis, m, w, leave, enter);
  }
}

function pivot(T: Float64Array, basis: Int32Array, m: number, w: number, row: number, col: number): void {
  const p = T[row * w + col]!;
  for (let j = 0; j < w; j++) T[row * w + j] = T[row * w + j]! / p;
  for (let i = 0; i <= m; i++) {
    if (i === row) continue;
    const f = T[i * w + col]!;
    if (f === 0) continue;
    for (let j = 0; j < w; j++) T[i * w + j] = T[i * w + j]! - f * T[row * w + j]!;
  }
  basis[row] = col;
}

function readX(T: Float64Array, basis: Int32Array, m: number, w: number, n: number, x: Float64Array): void {
  x.fill(0);
  for (let i = 0; i < m; i++) if (basis[i]! < n) x[basis[i]!] = Math.max(0, T[i * w + w - 1]!);
}
