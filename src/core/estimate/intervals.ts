// Closed-form estimators and intervals around N̂: Chao's (1987) lower bound and log-normal interval,
// Chapman's (1951) two-list estimator with Seber's variance, and the Poisson tails of the stepwise
// test (Chan, Silverman & Vincent 2021).
import { logGamma } from '../random.js';

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

/**
 * Regularised incomplete gamma functions P(a, x) (lower) and Q(a, x) = 1 − P(a, x), each computed
 * directly where it is small so that tails keep their relative accuracy: the series for x < a + 1,
 * Lentz's continued fraction otherwise (Numerical Recipes, §6.2).
 */
function incompleteGamma(a: number, x: number): { P: number; Q: number } {
  if (!(x > 0)) return { P: 0, Q: 1 };
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    const P = Math.min(1, sum * front);
    return { P, Q: 1 - P };
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  const Q = Math.min(1, front * h);
  return { P: 1 - Q, Q };
}

/** P(X ≤ n) for X ~ Poisson(λ): Q(n + 1, λ). */
export function poissonCdf(n: number, lambda: number): number {
  if (n < 0) return 0;
  if (!(lambda > 0)) return 1;
  return incompleteGamma(n + 1, lambda).Q;
}

/** P(X ≥ n) for X ~ Poisson(λ): P(n, λ), and 1 for n ≤ 0. */
export function poissonUpper(n: number, lambda: number): number {
  if (n <= 0) return 1;
  if (!(lambda > 0)) return 0;
  return incompleteGamma(n, lambda).P;
}

/**
 * The stepwise p-value of Chan, Silverman & Vincent (2021) and SparseMSE's `stepwisefit`: the count
 * n* of cases on both lists of a candidate pair is Poisson with the mean λ* that the current model
 * fits to the same cells, and p = min(P(X ≤ n*), P(X ≥ n*)), the smaller one-sided tail.
 */
export function poissonOneSided(nStar: number, lambdaStar: number): number {
  return Math.min(poissonCdf(nStar, lambdaStar), poissonUpper(nStar, lambdaStar));
}
