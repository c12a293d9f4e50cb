// The in-memory index behind `grayscope templates`: documents go in one at a time (normalised
// text → shingles in one shared pool → MinHash → band keys, no signature kept), then `cluster`
// sorts each band's keys, checks candidate pairs by exact Jaccard on the shingle sets and joins
// the pairs at or above the threshold with union-find. Typed arrays only: 1M complaints fit in
// well under 1 GB.
import { bandKey, signatureInto } from './minhash.js';
import { shingleInto, sortUnique } from './shingles.js';
import { UnionFind } from './union-find.js';

export interface IndexOptions {
  /** Shingle length in characters. */
  shingle: number;
  /** Signature length (MinHash values per document). */
  hashes: number;
  bands: number;
  rows: number;
}

export interface ClusterStats {
  /** Candidate pairs rejected by the sketch before the exact check. */
  rejected: number;
  /** Pairs compared by exact Jaccard. */
  checked: number;
  /** Of those, pairs at or above the threshold. */
  matched: number;
}

/** In a bucket of docs that share a band key, each doc is compared with at most this many others. */
const MAX_COMPARE = 24;
/** Sketch: one byte of each of the first 128 MinHash values (b-bit MinHash, Li & König 2010). */
const SKETCH_WORDS = 32;
/**
 * A pair whose sketches agree in fewer than this many of 128 bytes is rejected without the exact
 * check. Agreement is Binomial(128, J + (1 − J)/256): 89.7 ± 5.2 at J = 0.7, so 64 (J ≈ 0.5) loses
 * a pair at the threshold with probability ~1e−6, and spares the exact check of the many pairs at
 * J ≈ 0.2–0.4 that LSH lets through by chance (several million at 1M complaints).
 */
function sketchFloor(threshold: number): number {
  const p = threshold + (1 - threshold) / 256;
  return Math.max(0, Math.floor(128 * p - 5 * Math.sqrt(128 * p * (1 - p))));
}

export class TemplateIndex {
  readonly options: IndexOptions;
  private capacity: number;
  private count = 0;
  private pool: Uint32Array;
  private poolUsed = 0;
  /** start[d]..start[d+1]: doc d's shingles in the pool. */
  private start: Int32Array;
  /** Distinct shingles of doc d once sorted (−1 while unsorted). */
  private distinct: Int32Array;
  private keys: Uint32Array;
  private sketch: Uint32Array;
  private sig: Uint32Array;
  private filled: Uint8Array;

  /** `maxDocs` and `maxChars` (total text length) size the arrays once; `add` never reallocates. */
  constructor(maxDocs: number, maxChars: number, options: IndexOptions) {
    this.options = options;
    this.capacity = Math.max(1, maxDocs);
    this.pool = new Uint32Array(Math.max(1, maxChars));
    this.start = new Int32Array(this.capacity + 1);
    this.distinct = new Int32Array(this.capacity).fill(-1);
    this.keys = new Uint32Array(this.capacity * options.bands);
    this.sketch = new Uint32Array(this.capacity * SKETCH_WORDS);
    this.sig = new Uint32Array(options.hashes);
    this.filled = new Uint8Array(options.hashes);
  }

  get size(): number {
    return this.count;
  }

  /** Adds one normalised text and returns its document number (0, 1, 2 … in order of adding). */
  add(normalised: string): number {
    const doc = this.count;
    if (doc >= this.capacity) throw new RangeError(`TemplateIndex: more than ${this.capacity} documents`);
    if (this.poolUsed + Math.max(1, normalised.length) > this.pool.length) this.grow(normalised.length);
    const from = this.poolUsed;
    const n = shingleInto(normalised, this.options.shingle, this.pool, from);
    this.poolUsed += n;
    this.start[doc + 1] = this.poolUsed;
    this.count++;
    if (n > 0) {
      signatureInto(this.pool, from, from + n, this.sig, this.filled);
      const { bands, rows } = this.options;
      for (let b = 0; b < bands; b++) this.keys[b * this.capacity + doc] = bandKey(this.sig, b, rows);
      const sig = this.sig;
      for (let w = 0; w < SKETCH_WORDS; w++) {
        const i = w * 4;
        // Bits 7–14 of each value (the low 7 bits name the bin and are the same in every document).
        this.sketch[doc * SKETCH_WORDS + w] =
          ((sig[i]! >>> 7) & 0xff) | (((sig[i + 1]! >>> 7) & 0xff) << 8) | (((sig[i + 2]! >>> 7) & 0xff) << 16) | (((sig[i + 3]! >>> 7) & 0xff) << 24);
      }
    }
    return doc;
  }

  private grow(need: number): void {
    const next = new Uint32Array(Math.max(this.pool.length * 2, this.poolUsed + need + 1));
    next.set(this.pool.subarray(0, this.poolUsed));
    this.pool = next;
  }

  /** The distinct shingle hashes of doc d, sorted (sorted lazily, once, in place). */
  shingles(d: number): Uint32Array {
    const from = this.start[d]!;
    let n = this.distinct[d]!;
    if (n < 0) {
      n = sortUnique(this.pool.subarray(from, this.start[d + 1]!)).length;
      this.distinct[d] = n;
    }
    return this.pool.subarray(from, from + n);
  }

  /** Exact Jaccard of two docs' shingle sets (inlined merge: this is the hot loop of clustering). */
  jaccard(a: number, b: number): number {
    const x = this.shingles(a);
    const y = this.shingles(b);
    const nx = x.length;
    const ny = y.length;
    let i = 0;
    let j = 0;
    let both = 0;
    while (i < nx && j < ny) {
      const u = x[i]!;
      const v = y[j]!;
      if (u === v) {
        both++;
        i++;
        j++;
      } else if (u < v) i++;
      else j++;
    }
    return both / (nx + ny - both);
  }

  /** How many of the 128 sketch bytes of two docs agree. */
  sketchAgreement(a: number, b: number): number {
    const s = this.sketch;
    let same = 0;
    for (let w = 0; w < SKETCH_WORDS; w++) {
      const x = s[a * SKETCH_WORDS + w]! ^ s[b * SKETCH_WORDS + w]!;
      // High bit set in each byte of x that is zero (the classic zero-byte test), then counted.
      const y = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
      same += Math.imul((y >>> 7) & 0x01010101, 0x01010101) >>> 24;
    }
    return same;
  }

  /** The exact check, behind the sketch's cheap rejection. */
  private similar(a: number, b: number, threshold: number, floor: number, stats: ClusterStats): boolean {
    if (this.sketchAgreement(a, b) < floor) {
      stats.rejected++;
      return false;
    }
    stats.checked++;
    if (this.jaccard(a, b) < threshold) return false;
    stats.matched++;
    return true;
  }

  isEmpty(d: number): boolean {
    return this.start[d + 1] === this.start[d];
  }

  /** Clusters the documents added so far. `onBand(done, total)` reports progress over the bands. */
  cluster(threshold: number, onBand: (done: number, total: number) => void = () => {}): { sets: UnionFind; stats: ClusterStats } {
    const n = this.count;
    const sets = new UnionFind(n);
    const stats: ClusterStats = { rejected: 0, checked: 0, matched: 0 };
    const floor = sketchFloor(threshold);
    const order = new Int32Array(n);
    const tmp = new Int32Array(n);
    const counts = new Int32Array(65537);
    const reps = new Int32Array(MAX_COMPARE);
    const { bands } = this.options;
    for (let b = 0; b < bands; b++) {
      const keys = this.keys.subarray(b * this.capacity, b * this.capacity + n);
      radixOrder(keys, order, tmp, counts);
      let s = 0;
      while (s < n) {
        const key = keys[order[s]!]!;
        let e = s + 1;
        while (e < n && keys[order[e]!] === key) e++;
        if (e - s >= 2) this.bucket(order, s, e, threshold, floor, sets, reps, stats);
        s = e;
      }
      onBand(b + 1, bands);
    }
    return { sets, stats };
  }

  /**
   * One bucket of docs that agree on a band. Each doc is checked against one representative of
   * every cluster met so far in the bucket (up to MAX_COMPARE) and against its predecessor, but
   * never against a doc already in its own cluster: transitivity makes those checks useless.
   */
  private bucket(order: Int32Array, s: number, e: number, threshold: number, floor: number, sets: UnionFind, reps: Int32Array, stats: ClusterStats): void {
    let nreps = 0;
    let prev = -1;
    for (let i = s; i < e; i++) {
      const d = order[i]!;
      if (this.isEmpty(d)) continue;
      let represented = false;
      for (let r = 0; r < nreps; r++) {
        const rep = reps[r]!;
        if (sets.find(rep) === sets.find(d)) {
          represented = true;
          continue;
        }
        if (this.similar(d, rep, threshold, floor, stats)) {
          sets.union(d, rep);
          represented = true;
        }
      }
      if (prev >= 0 && sets.find(prev) !== sets.find(d)) {
        if (this.similar(d, prev, threshold, floor, stats)) sets.union(d, prev);
      }
      if (!represented && nreps < MAX_COMPARE) reps[nreps++] = d;
      prev = d;
    }
  }
}

/** Doc numbers in ascending order of their 32-bit keys: LSD radix sort, two passes of 16 bits. */
export function radixOrder(keys: Uint32Array, order: Int32Array, tmp: Int32Array, counts: Int32Array): void {
  const n = keys.length;
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[(keys[i]! & 0xffff) + 1]!++;
  for (let i = 1; i < 65537; i++) counts[i]! += counts[i - 1]!;
  for (let i = 0; i < n; i++) tmp[counts[keys[i]! & 0xffff]!++] = i;
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[(keys[i]! >>> 16) + 1]!++;
  for (let i = 1; i < 65537; i++) counts[i]! += counts[i - 1]!;
  for (let i = 0; i < n; i++) {
    const d = tmp[i]!;
    order[counts[keys[d]! >>> 16]!++] = d;
  }
}
