// A small seeded PRNG (xoshiro128**, seeded through a string hash and splitmix32) with the
// distributions the generator and the bootstrap need. Same seed ⇒ same stream on every platform;
// `fork(label)` derives an independent stream from the seed path, not from the current state, so
// adding draws to one stream never shifts another.

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const LOG_SQRT_2PI = 0.9189385332046728;

/** cyrb53-style 64-bit string hash, returned as two 32-bit halves. */
function hash(text: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/** log Γ(x) for x > 0: recurrence up to 10, then Stirling's series (error < 1e-12 there). */
export function logGamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift += Math.log(x);
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
  return (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI + series - shift;
}

export class Rng {
  /** The seed path this stream was derived from (for fork). */
  readonly key: string;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = Number.NaN;

  constructor(seed: number | string) {
    this.key = String(seed);
    const [a, b] = hash(this.key);
    // splitmix32 expands the 64-bit hash into four non-zero state words.
    let z = (a ^ Math.imul(b, 0x9e3779b9)) >>> 0;
    const next = () => {
      z = (z + 0x9e3779b9) | 0;
      let t = z ^ (z >>> 16);
      t = Math.imul(t, 0x21f0aaad);
      t ^= t >>> 15;
      t = Math.imul(t, 0x735a2d97);
      return (t ^ (t >>> 15)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next() ^ b;
    this.s2 = next();
    this.s3 = next() | 1;
  }

  /** An independent stream named by `label` under this one's seed path. */
  fork(label: string | number): Rng {
    return new Rng(`${this.key}/${label}`);
  }

  /** Next 32-bit unsigned integer (xoshiro128**). */
  nextU32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.s1 = s1 ^ n2;
    this.s0 = s0 ^ n3;
    this.s2 = n2 ^ t;
    this.s3 = (n3 << 11) | (n3 >>> 21);
    return result;
  }

  /** Uniform on [0, 1) with 53 bits of resolution. */
  uniform(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / TWO_POW_53;
  }

  /** Uniform on [0, 1) with 32 bits of resolution: half the cost, for picking among few items. */
  fast(): number {
    return this.nextU32() / TWO_POW_32;
  }

  /** Integer uniform on lo..hi inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.uniform() * (hi - lo + 1));
  }

  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** Standard normal (polar Box–Muller; the second value is kept for the next call). */
  normal(mean = 0, sd = 1): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = Number.NaN;
      return mean + sd * z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return mean + sd * u * f;
  }

  /** exp(N(mu, sigma²)): mean exp(mu + sigma²/2). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  exponential(rate = 1): number {
    return -Math.log(1 - this.uniform()) / rate;
  }

  /** Number of trials up to and including the first success, ≥ 1. */
  geometric(p: number): number {
    if (p >= 1) return 1;
    return 1 + Math.floor(Math.log(1 - this.uniform()) / Math.log(1 - p));
  }

  /** Poisson: multiplication for small λ, Hörmann's PTRS (transformed rejection) for λ ≥ 10. */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda < 10) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let prod = this.uniform();
      while (prod > limit) {
        k++;
        prod *= this.uniform();
      }
      return k;
    }
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logGamma(k + 1)) return k;
    }
  }

  /** Binomial(n, p): inversion for small n·p, Hörmann's BTRS for n·min(p, 1−p) ≥ 10. */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    const q = 1 - p;
    if (n * p < 10) {
      // Inversion by sequential search from 0; expected steps ≈ n·p.
      const s = p / q;
      let f = q ** n;
      let u = this.uniform();
      let k = 0;
      while (u > f && k < n) {
        u -= f;
        f *= (s * (n - k)) / (k + 1);
        k++;
      }
      return k;
    }
    const spq = Math.sqrt(n * p * q);
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const vr = 0.92 - 4.2 / b;
    const alpha = (2.83 + 5.1 / b) * spq;
    const lpq = Math.log(p / q);
    const m = Math.floor((n + 1) * p);
    const h = logGamma(m + 1) + logGamma(n - m + 1);
    for (;;) {
      const u = this.uniform() - 0.5;
      let v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + c);
      if (k < 0 || k > n) continue;
      if (us >= 0.07 && v <= vr) return k;
      v = Math.log((v * alpha) / (a / (us * us) + b));
      if (v <= h - logGamma(k + 1) - logGamma(n - k + 1) + (k - m) * lpq) return k;
    }
  }

  /** One element of a non-empty array, uniformly. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('choice from an empty array');
    return items[Math.floor(this.fast() * items.length)] as T;
  }

  /** Index drawn with probability proportional to weights, given their running sums (ascending). */
  weighted(cumulative: ArrayLike<number>): number {
    const n = cumulative.length;
    const target = this.uniform() * (cumulative[n - 1] ?? 0);
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Fisher–Yates, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

/** Running sums of `weights`, for Rng.weighted. */
export function cumulative(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i] ?? 0;
    out[i] = sum;
  }
  return out;
}
