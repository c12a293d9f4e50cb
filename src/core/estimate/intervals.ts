// Closed-form estimators and intervals around N̂: Chao's (1987) lower bound and log-normal interval,
// Chapman's (1951) two-list estimator with Seber's variance, and the Poisson tails of the stepwise
// test (Chan, Silverman & Vincent 2021).
import { logGamma } from '../random.js';

export const Z95 = 1.959963984540054;
export const CHI2_1_95 = 3.841458820694124;

/**
 * Chao's (1987) lower bound for t lists (capture occasions): n + ((t − 1)/t)·f1²/(2 f2), where f1 and
 * f2 are the cases seen by exactly one and exactly two lists; with f2 = 0 the bias-corrected form
 * n + ((t − 1)/t)·f1(f1 − 1)/(2(f2 + 1)). The factor (t − 1)/t is Chao's finite-t correction (Chao 1987,
 * eq. 6; Chao 1989's incidence form, SpadeR's Chao2; Rcapture's closedp.bc, m = "Mh", h = "Chao",
 * uses the bias-corrected form throughout); without it, n + f1²/(2 f2) is the t → ∞ limit, which
 * overstates the bound by a third with 4 lists (the HIV table of Rome: 15,579 instead of 12,158).
 */
export function chaoLowerBound(n: number, f1: number, f2: number, t: number): number {
  const c = (t - 1) / t;
  return f2 > 0 ? n + (c * f1 * f1) / (2 * f2) : n + (c * f1 * (f1 - 1)) / (2 * (f2 + 1));
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
 * A percentile level as a percentage whose tail (the distance to 0% or 100%) keeps two significant
 * digits: 0.00016%, 2.5%, 33%, 98.7%, 99.99984%.
 */
export function levelText(x: number): string {
  const tail = (100 * Math.min(x, 1 - x)).toPrecision(2);
  if (x <= 0.5) return `${Number(tail)}%`;
  const decimals = Math.max(0, (String(Number(tail)).split('.')[1] ?? '').length);
  return `${(100 - Number(tail)).toFixed(decimals)}%`;
}

/** Standard normal distribution function (Marsaglia 2004's series; absolute error ~1e-15). */
export function normalCdf(x: number): number {
  if (x < -38) return 0;
  if (x > 38) return 1;
  let s = x;
  let t = 0;
  let b = x;
  const q = x * x;
  for (let i = 1; s !== t; ) {
    t = s;
    i += 2;
    b *= q / i;
    s = t + b;
  }
  return 0.5 + s * Math.exp(-0.5 * q - 0.9189385332046728);
}

/**
 * Regularised incomplete gamma functions P(a, x) (lower) and Q(a, x) = 1 − P(a, x), each computed
 * directly where it is small so that tails keep their relative accuracy: the series for x < a + 1,
 * Lentz's continued fraction otherwise (Numerical Recipes, §6.2). Both need about 9·sqrt(a) terms
 * when x is near a, so past a = 1e5 (a pair's overlap when lists hold millions of cases) Temme's
 * uniform asymptotic expansion takes over: with 10,000 terms the series gave P(X ≥ λ) = 0.004 for
 * λ = 1e12, a "significant" p-value for a perfect fit.
 */
function incompleteGamma(a: number, x: number): { P: number; Q: number } {
  if (!(x > 0)) return { P: 0, Q: 1 };
  if (a > 1e5) return temme(a, x);
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

/**
 * Temme's uniform asymptotic expansion (Temme 1979; DiDonato & Morris 1986, as in Cephes' igam), first
 * term: with λ = x/a and η = sign(λ − 1)·sqrt(2(λ − 1 − log λ)),
 *   Q(a, x) = ½ erfc(η sqrt(a/2)) + R,  P(a, x) = ½ erfc(−η sqrt(a/2)) − R,
 *   R = exp(−aη²/2) / sqrt(2πa) · (1/(λ − 1) − 1/η),
 * with absolute error of order a^{-3/2} (3e-8 at a = 1e5). Near λ = 1 both 1/(λ − 1) and 1/η are
 * large: their difference is taken from its series −1/3 + η/12 − 2η²/135 + η³/864.
 */
function temme(a: number, x: number): { P: number; Q: number } {
  const mu = (x - a) / a;
  // λ − 1 − log λ = μ − log(1 + μ), by its series where the subtraction would cancel.
  const phi = Math.abs(mu) < 1e-3 ? mu * mu * (1 / 2 - mu * (1 / 3 - mu * (1 / 4 - mu * (1 / 5 - mu / 6)))) : mu - Math.log1p(mu);
  const eta = (mu < 0 ? -1 : 1) * Math.sqrt(2 * phi);
  const c0 = Math.abs(eta) < 1e-3 ? -1 / 3 + eta * (1 / 12 - eta * (2 / 135 - eta / 864)) : 1 / mu - 1 / eta;
  const r = (Math.exp(-a * phi) / Math.sqrt(2 * Math.PI * a)) * c0;
  const s = eta * Math.sqrt(a);
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return { P: clamp(normalCdf(s) - r), Q: clamp(normalCdf(-s) + r) };
}

/** Upper tail P(X ≥ x) of a chi-square with df degrees of freedom: Q(df/2, x/2); null for df ≤ 0. */
export function chiSquareUpper(x: number, df: number): number | null {
  if (!(df > 0) || !Number.isFinite(x)) return null;
  return incompleteGamma(df / 2, Math.max(0, x) / 2).Q;
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
