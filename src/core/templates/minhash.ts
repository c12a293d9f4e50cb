// MinHash signatures by one-permutation hashing (Li, Owen & Zhang 2012) with optimal densification
// (Shrivastava 2017): each shingle is hashed once to a bin and a value, each bin keeps its minimum,
// and an empty bin borrows the value of a bin chosen by a fixed hash sequence. The collision
// probability of one position is the Jaccard similarity, as for k independent hash functions, at
// 1/k of the cost (1M complaints × ~150 shingles × 256 hash functions would not fit the budget).
// A signature is `rounds` independent OPH sketches of 128 bins each: with ~150 shingles a text fills
// most of 128 bins, so densification borrows little and positions stay close to independent.
import { mix } from './hash.js';

const EMPTY = 0xffffffff;
/** Bins per round (a power of two: the bin is the low 7 bits of the hash, the value the rest). */
export const BINS = 128;
const ROUND_SEEDS = [0x27d4eb2f, 0x165667b1, 0x1b873593, 0x85ebca6b, 0xc2b2ae35, 0x9e3779b1, 0x61c88647, 0x7f4a7c15];
const DENSIFY_SEED = 0x2545f491;

/** Writes the signature (length `out.length`, a multiple of 128) of `shingles[from..to)` into `out`. */
export function signatureInto(shingles: Uint32Array, from: number, to: number, out: Uint32Array, filled: Uint8Array): void {
  const size = out.length;
  if (size % BINS !== 0 || size / BINS > ROUND_SEEDS.length) throw new RangeError(`signature length ${size}: use a multiple of ${BINS} up to ${BINS * ROUND_SEEDS.length}`);
  out.fill(EMPTY);
  filled.fill(0, 0, size);
  for (let r = 0, base = 0; base < size; r++, base += BINS) {
    const seed = ROUND_SEEDS[r]!;
    for (let i = from; i < to; i++) {
      // Within a bin the low 7 bits are equal, so the minimum hash is the minimum value.
      const v = mix(shingles[i]!, seed);
      const bin = base + (v & (BINS - 1));
      filled[bin] = 1;
      if (v < out[bin]!) out[bin] = v;
    }
  }
  if (to <= from) return;
  for (let base = 0; base < size; base += BINS) {
    for (let bin = 0; bin < BINS; bin++) {
      if (filled[base + bin]) continue;
      // The same probe sequence for every document: two documents borrow from the same bins.
      for (let attempt = 1; ; attempt++) {
        const source = base + (mix(bin * 0x10000 + attempt, DENSIFY_SEED) & (BINS - 1));
        if (filled[source]) {
          out[base + bin] = out[source]!;
          break;
        }
      }
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

/** The key of band `band` (rows `rows`): a hash of its values, equal when all of them are. */
export function bandKey(sig: Uint32Array, band: number, rows: number): number {
  let h = mix(band, 0x2545f491);
  for (let i = band * rows; i < (band + 1) * rows; i++) h = mix((h ^ sig[i]!) >>> 0, 0x9e3779b9 + i);
  return h;
}
