// MinHash signatures by one-permutation hashing (Li, Owen & Zhang 2012) with optimal densification
// (Shrivastava 2017): each shingle is hashed once to a bin and a value, each bin keeps its minimum,
// and an empty bin borrows the value of a bin chosen by a fixed hash sequence. The collision
// probability of one position is the Jaccard similarity, as for k independent hash functions, at
// 1/k of the cost (1M complaints × ~150 shingles × 256 hash functions would not fit the budget).
// A signature is `rounds` independent OPH sketches of 128 bins each: with ~150 shingles a text fills
// most of 128 bins, so densification borrows little and positions stay close to independent.
import { fmix32, mix } from './hash.js';

const EMPTY = 0xffffffff;
/** Bins per round (a power of two: the bin is the low 7 bits of the hash, the value the rest). */
export const BINS = 128;
const ROUND_SEEDS = [0x27d4eb2f, 0x165667b1, 0x1b873593, 0x85ebca6b, 0xc2b2ae35, 0x9e3779b1, 0x61c88647, 0x7f4a7c15];
/**
 * Round r hashes a shingle with mix(x, seed r) = fmix32(x ^ SEED_MUL[r]), the multiply done once;
 * round 0 takes the shingle's hash as it is (already an fmix32 output, so as good a hash).
 */
const SEED_MUL = Int32Array.from(ROUND_SEEDS, (s) => Math.imul(s, 0x9e3779b1));
const DENSIFY_SEED = 0x2545f491;
/** Probe sequence of empty bin b: attempt a (from 1) borrows from bin mix(b·2¹⁶ + a) mod 128. */
function probe(bin: number, attempt: number): number {
  return mix(bin * 0x10000 + attempt, DENSIFY_SEED) & (BINS - 1);
}
/** The first four probes of every bin, a byte each. */
const FIRST_PROBES = Int32Array.from({ length: BINS }, (_, bin) => probe(bin, 1) | (probe(bin, 2) << 8) | (probe(bin, 3) << 16) | (probe(bin, 4) << 24));

/** Writes the signature (length `out.length`, a multiple of 128) of `shingles[from..to)` into `out`. */
export function signatureInto(shingles: Uint32Array, from: number, to: number, out: Uint32Array, filled: Uint8Array): void {
  const size = out.length;
  if (size % BINS !== 0 || size / BINS > ROUND_SEEDS.length) throw new RangeError(`signature length ${size}: use a multiple of ${BINS} up to ${BINS * ROUND_SEEDS.length}`);
  out.fill(EMPTY);
  filled.fill(0, 0, size);
  if (size === 2 * BINS) {
    // The default signature: both rounds in one pass over the shingles.
    const m1 = SEED_MUL[1]!;
    for (let i = from; i < to; i++) {
      const x = shingles[i]!;
      const v0 = x;
      const b0 = v0 & (BINS - 1);
      filled[b0] = 1;
      if (v0 < out[b0]!) out[b0] = v0;
      const v1 = fmix32((x ^ m1) >>> 0);
      const b1 = BINS + (v1 & (BINS - 1));
      filled[b1] = 1;
      if (v1 < out[b1]!) out[b1] = v1;
    }
  } else {
    for (let r = 0, base = 0; base < size; r++, base += BINS) {
      const m = SEED_MUL[r]!;
      for (let i = from; i < to; i++) {
        // Within a bin the low 7 bits are equal, so the minimum hash is the minimum value.
        const v = r === 0 ? shingles[i]! : fmix32((shingles[i]! ^ m) >>> 0);
        const bin = base + (v & (BINS - 1));
        filled[bin] = 1;
        if (v < out[bin]!) out[bin] = v;
      }
    }
  }
  if (to <= from) return;
  for (let base = 0; base < size; base += BINS) {
    for (let bin = 0; bin < BINS; bin++) {
      // The same probe sequence for every document: two documents borrow from the same bins. A bin
      // that is filled keeps its value (it "borrows" from itself); otherwise the first filled of its
      // first four probes, chosen without branches (whether a bin is filled is a coin toss, and a
      // mispredicted branch per bin cost more than the rest of the signature).
      const p = FIRST_PROBES[bin]!;
      const s0 = base + bin;
      const s1 = base + (p & 0x7f);
      const s2 = base + ((p >>> 8) & 0x7f);
      const s3 = base + ((p >>> 16) & 0x7f);
      const s4 = base + (p >>> 24);
      const f0 = filled[s0]!;
      const f1 = filled[s1]!;
      const f2 = filled[s2]!;
      const f3 = filled[s3]!;
      const f4 = filled[s4]!;
      if ((f0 | f1 | f2 | f3 | f4) === 0) {
        for (let attempt = 5; ; attempt++) {
          const source = base + probe(bin, attempt);
          if (filled[source]) {
            out[s0] = out[source]!;
            break;
          }
        }
        continue;
      }
      let src = s4;
      src += (s3 - src) * f3;
      src += (s2 - src) * f2;
      src += (s1 - src) * f1;
      src += (s0 - src) * f0;
      out[s0] = out[src]!;
    }
  }
}

/** The signature of one shingle set (allocating; for tests and small inputs). */
export function signature(shingles: Uint32Array, hashes: number): Uint32Array {
  const out = new Uint32Array(hashes);
  signatureInto(shingles, 0, shingles.length, out, new Uint8Array(hashes));
  return out;
}

/** The share of positions where two signatures agree: an unbiased estimate of Jaccard. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * The key of band `band` (rows `rows`): its values folded by multiply-xorshift, seeded by the band
 * and finalised by fmix32; equal when all of them are (and, by chance, for about 1 in 4 billion
 * other pairs, which the checks reject).
 */
export function bandKey(sig: Uint32Array, band: number, rows: number): number {
  let h = mix(band, 0x2545f491);
  for (let i = band * rows; i < (band + 1) * rows; i++) {
    h = Math.imul(h ^ sig[i]!, 0x9e3779b1);
    h ^= h >>> 15;
  }
  return fmix32(h ^ rows);
}
