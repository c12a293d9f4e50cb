import { describe, expect, it } from 'vitest';
import { cumulative, logGamma, Rng } from '../../src/core/random.js';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

const N = 200_000;

describe('Rng', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 50 }, () => a.nextU32());
    const sb = Array.from({ length: 50 }, () => b.nextU32());
    const sc = Array.from({ length: 50 }, () => c.nextU32());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('forks streams that depend on the label and seed path but not on draws made before the fork', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    for (let i = 0; i < 1000; i++) b.uniform();
    expect(a.fork('x').uniform()).toBe(b.fork('x').uniform());
    expect(a.fork('x').uniform()).not.toBe(a.fork('y').uniform());
    expect(new Rng(8).fork('x').uniform()).not.toBe(a.fork('x').uniform());
  });

  it('draws uniforms on [0,1) with mean 1/2 and variance 1/12', () => {
    const rng = new Rng(1);
    let min = 1;
    let max = 0;
    const m = moments(() => {
      const u = rng.uniform();
      min = Math.min(min, u);
      max = Math.max(max, u);
      return u;
    }, N);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(m.mean).toBeCloseTo(0.5, 2);
    expect(m.variance).toBeCloseTo(1 / 12, 2);
  });

  it('draws integers covering lo..hi inclusive, uniformly', () => {
    const rng = new Rng(2);
    const counts = new Map<number, number>();
    for (let i = 0; i < 60_000; i++) {
      const k = rng.int(3, 8);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([3, 4, 5, 6, 7, 8]);
    for (const c of counts.values()) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('draws normals with the requested mean and variance', () => {
    const rng = new Rng(3);
    const m = moments(() => rng.normal(2, 3), N);
    expect(Math.abs(m.mean - 2)).toBeLessThan(0.03);
    expect(Math.abs(m.variance - 9) / 9).toBeLessThan(0.02);
  });

  it('draws lognormals with mean exp(mu + sigma²/2) and the closed-form variance', () => {
    const rng = new Rng(4);
    const mu = -0.045;
    const sigma = 0.3;
    const m = moments(() => rng.lognormal(mu, sigma), N);
    const mean = Math.exp(mu + (sigma * sigma) / 2);
    const variance = (Math.exp(sigma * sigma) - 1) * Math.exp(2 * mu + sigma * sigma);
    expect(Math.abs(m.mean - mean) / mean).toBeLessThan(0.01);
    expect(Math.abs(m.variance - variance) / variance).toBeLessThan(0.05);
  });

  it.each([0.5, 4, 9.9, 10, 37.5, 1000])('draws Poisson(%s) with mean and variance λ', (lambda) => {
    const rng = new Rng(`poisson-${lambda}`);
    const m = moments(() => rng.poisson(lambda), N);
    expect(Math.abs(m.mean - lambda) / lambda).toBeLessThan(0.015);
    expect(Math.abs(m.variance - lambda) / lambda).toBeLessThan(0.04);
  });

  it.each([
    [10, 0.3],
    [50, 0.1],
    [100, 0.5],
    [1000, 0.02],
    [5000, 0.7],
  ])('draws Binomial(%s, %s) with mean np and variance np(1-p), within 0..n', (n, p) => {
    const rng = new Rng(`binomial-${n}-${p}`);
    let outside = 0;
    const m = moments(() => {
      const k = rng.binomial(n, p);
      if (k < 0 || k > n || !Number.isInteger(k)) outside++;
      return k;
    }, N);
    expect(outside).toBe(0);
    expect(Math.abs(m.mean - n * p) / (n * p)).toBeLessThan(0.01);
    expect(Math.abs(m.variance - n * p * (1 - p)) / (n * p * (1 - p))).toBeLessThan(0.04);
  });

  it('draws geometric lifetimes with mean 1/p', () => {
    const rng = new Rng(5);
    const m = moments(() => rng.geometric(0.25), N);
    expect(Math.abs(m.mean - 4) / 4).toBeLessThan(0.02);
    expect(Math.abs(m.variance - 12) / 12).toBeLessThan(0.05);
  });

  it('picks weighted indices in proportion to their weights', () => {
    const rng = new Rng(6);
    const cum = cumulative([1, 0, 3, 6]);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[rng.weighted(cum)]!++;
    expect(counts[1]).toBe(0);
    expect(Math.abs(counts[0]! / 100_000 - 0.1)).toBeLessThan(0.006);
    expect(Math.abs(counts[3]! / 100_000 - 0.6)).toBeLessThan(0.006);
  });

  it('shuffles to a permutation and choice returns members', () => {
    const rng = new Rng(7);
    const items = Array.from({ length: 100 }, (_, i) => i);
    const shuffled = rng.shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(items).toContain(rng.choice(items));
    expect(() => rng.choice([])).toThrow(RangeError);
  });

  it('computes log-gamma to closed forms', () => {
    expect(logGamma(1)).toBeCloseTo(0, 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
    expect(logGamma(21)).toBeCloseTo(Math.log(2432902008176640000), 8);
  });
});
