// Closed-form estimators and intervals around N̂: Chao's (1987) lower bound and log-normal interval,
// Chapman's (1951) two-list estimator with Seber's variance, and the χ² tail used by the stepwise
// likelihood-ratio test.

export const Z95 = 1.959963984540054;
export const CHI2_1_95 = 3.841458820694124;

/** Chao (1987) lower bound n + f1²/(2 f2); with f2 = 0 the bias-corrected form n + f1(f1 − 1)/2. */
export function chaoLowerBound(n: number, f1: number, f2: number): number {
  return f2 > 0 ? n + (f1 * f1) / (2 * f2) : n + (f1 * (f1 - 1)) / 2;
}

/**
 * Chao's (1987) log-normal interval: f0 = N̂ − n is taken as log-normal, so
 * [n + f0/C, n + f0·C] with C = exp(z·sqrt(log(1 + Var(N̂)/f0²))). Never below n.
 */
export function logNormalInterval(n: number, N: number, variance: number, z = Z95): [number, number] | null {
  const f0 = N - n;
  if (!(f0 > 0) || !(variance >= 0) || !Number.isFinite(variance)) return null;
  const c = Math.exp(z * Math.sqrt(Math.log(1 + variance / (f0 * f0))));
  return [n + f0 / c, n + f0 * c];
}

export interface Chapman {
  N: number;
  variance: number;
}

/**
 * Chapman (1951): N̂ = (n1 + 1)(n2 + 1)/(m + 1) − 1, with Seber's (1970, 1982) variance
 * (n1 + 1)(n2 + 1)(n1 − m)(n2 − m) / ((m + 1)²(m + 2)).
 */
export function chapman(n1: number, n2: number, m: number): Chapman {
  return {
    N: ((n1 + 1) * (n2 + 1)) / (m + 1) - 1,
    variance: ((n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m)) / ((m + 1) ** 2 * (m + 2)),
  };
}

/** erfc(x) for x ≥ 0 (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Upper tail of χ² with one degree of freedom. */
export function chiSq1Tail(x: number): number {
  if (!(x > 0)) return 1;
  return erfc(Math.sqrt(x / 2));
}
