// The in-memory index behind `grayscope templates`: band keys and sketches of every document (in
// typed arrays that worker threads fill in place, see doc-sketch.ts) and the shingle sets that
// come back batch by batch; `cluster` sorts each band's keys, checks candidate pairs by exact
// Jaccard on the shingle sets and joins the pairs at or above the threshold with union-find.
// Documents are numbered by the caller (grayscope numbers them in complaint_id order), and the
// clusters depend on those numbers only, never on the order batches were computed in.
import { DocSketcher, type IndexOptions, SKETCH_WORDS } from './doc-sketch.js';
import { UnionFind } from './union-find.js';

export type { IndexOptions } from './doc-sketch.js';

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
/**
 * A pair whose sketches agree in fewer than floor(n) of n bytes is rejected without the exact
 * check. Agreement is Binomial(n, J + (1 − J)/256): 89.7 ± 5.2 of 128 at J = 0.7, so the floor of
 * 5 standard deviations below (63, J ≈ 0.5) loses a pair at the threshold with probability ~1e−6,
 * and spares the exact check of the many pairs at J ≈ 0.2–0.4 that LSH lets through by chance
 * (several million at 1M complaints). The first 64 bytes (one cache line) are checked on their own
 * first, with their own floor (26 at J = 0.7): most chance pairs stop there.
 */
function sketchFloor(threshold: number, bytes: number): number {
  const p = threshold + (1 - threshold) / 256;
  return Math.max(0, Math.floor(bytes * p - 5 * Math.sqrt(bytes * p * (1 - p))));
}

/** How many bytes agree in words [from, to) of two sketches (a and b: word offsets). */
function agreement(s: Uint32Array, a: number, b: number, from: number, to: number): number {
  let same = 0;
  for (let w = from; w < to; w++) {
    const x = s[a + w]! ^ s[b + w]!;
    // High bit set in each byte of x that is zero (the classic zero-byte test), then counted.
    const y = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
    same += Math.imul((y >>> 7) & 0x01010101, 0x01010101) >>> 24;
  }
  return same;
}

interface Floors {
  half: number;
  all: number;
}

/** A zeroed typed array, on a SharedArrayBuffer when worker threads will use it. */
function allocate(length: number, shared: boolean): Uint32Array {
  return shared ? new Uint32Array(new SharedArrayBuffer(Math.max(1, length) * 4)) : new Uint32Array(length);
}

function allocateInt(length: number, shared: boolean): Int32Array {
  return shared ? new Int32Array(new SharedArrayBuffer(Math.max(1, length) * 4)) : new Int32Array(length);
}

/**
 * The bands are clustered in this many groups, each with union-find of its own, and the groups'
 * joins merged: two worker threads take one group each. Fixed, so the clusters do not depend on
 * the number of threads.
 */
export const BAND_GROUPS = 2;

/** The bands of group g: [from, to). */
export function bandGroup(bands: number, g: number): { from: number; to: number } {
  return { from: Math.floor((g * bands) / BAND_GROUPS), to: Math.floor(((g + 1) * bands) / BAND_GROUPS) };
}

/** Everything the index holds, as typed arrays that can be sent to (and shared with) a worker thread. */
export interface IndexLayout {
  docs: number;
  options: IndexOptions;
  keys: Uint32Array;
  sketch: Uint32Array;
  chunks: Uint32Array[];
  chunkOf: Int32Array;
  start: Int32Array;
  count: Int32Array;
}

/** The joins a group of bands found: pairs (edges[2i], edges[2i + 1]) at or above the threshold. */
export interface GroupResult {
  edges: Int32Array;
  stats: ClusterStats;
}

export class TemplateIndex {
  readonly docs: number;
  readonly options: IndexOptions;
  /** Band-major: keys[b × docs + d] is doc d's key in band b. */
  readonly keys: Uint32Array;
  readonly sketch: Uint32Array;
  /** Doc d's distinct shingles, sorted: chunks[chunkOf[d]][start[d] .. start[d] + count[d]). */
  private readonly chunks: Uint32Array[];
  private readonly chunkOf: Int32Array;
  private readonly start: Int32Array;
  private readonly count: Int32Array;
  private added = 0;

  /** `shared`: every array on SharedArrayBuffers, for worker threads to fill and read. */
  constructor(docs: number, options: IndexOptions, shared = false, layout?: IndexLayout) {
    this.docs = docs;
    this.options = options;
    this.keys = layout?.keys ?? allocate(docs * options.bands, shared);
    this.sketch = layout?.sketch ?? allocate(docs * SKETCH_WORDS, shared);
    this.chunks = layout?.chunks ?? [];
    this.chunkOf = layout?.chunkOf ?? allocateInt(docs, shared).fill(-1);
    this.start = layout?.start ?? allocateInt(docs, shared);
    this.count = layout?.count ?? allocateInt(docs, shared);
    if (layout) this.added = docs;
  }

  /** An index over the arrays of another (in a worker thread, on shared memory), complete. */
  static fromLayout(layout: IndexLayout): TemplateIndex {
    return new TemplateIndex(layout.docs, layout.options, false, layout);
  }

  get layout(): IndexLayout {
    const { docs, options, keys, sketch, chunks, chunkOf, start, count } = this;
    return { docs, options, keys, sketch, chunks, chunkOf, start, count };
  }

  /** Whether worker threads can share the arrays. */
  get shared(): boolean {
    return this.keys.buffer instanceof SharedArrayBuffer;
  }

  /** An index of texts that are normalised already, doc i = texts[i] (tests and small inputs). */
  static fromNormalised(texts: readonly string[], options: IndexOptions): TemplateIndex {
    const index = new TemplateIndex(texts.length, options);
    const docs = Int32Array.from(texts, (_t, i) => i);
    const { lens, shingles } = new DocSketcher(options, index).normalised(texts, docs);
    index.addShingles(docs, lens, shingles);
    return index;
  }

  /** Documents whose shingle sets have arrived. */
  get size(): number {
    return this.added;
  }

  /** Takes a batch's shingle sets (its keys and sketches are written already): docs[i] has lens[i] of them. */
  addShingles(docs: Int32Array, lens: Int32Array, shingles: Uint32Array): void {
    const chunk = this.chunks.push(shingles) - 1;
    let at = 0;
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      if (this.chunkOf[d] !== -1) throw new RangeError(`TemplateIndex: document ${d} was added twice`);
      this.chunkOf[d] = chunk;
      this.start[d] = at;
      this.count[d] = lens[i]!;
      at += lens[i]!;
    }
    if (at !== shingles.length) throw new RangeError(`TemplateIndex: a batch of ${shingles.length} shingles, ${at} counted`);
    this.added += docs.length;
  }

  /** The distinct shingle hashes of doc d, sorted. */
  shingles(d: number): Uint32Array {
    const from = this.start[d]!;
    return this.chunks[this.chunkOf[d]!]!.subarray(from, from + this.count[d]!);
  }

  /**
   * Whether the exact Jaccard of two docs' shingle sets reaches `threshold` (an inlined merge that
   * stops as soon as the rest cannot reach it: this is the hot loop of clustering).
   */
  similar(a: number, b: number, threshold: number): boolean {
    const x = this.chunks[this.chunkOf[a]!]!;
    const y = this.chunks[this.chunkOf[b]!]!;
    const nx = this.count[a]!;
    const ny = this.count[b]!;
    // J = both / (nx + ny − both) ≥ t  ⇔  both ≥ t (nx + ny) / (1 + t).
    const need = Math.ceil((threshold * (nx + ny)) / (1 + threshold) - 1e-9);
    if (need > Math.min(nx, ny)) return false;
    let i = this.start[a]!;
    let j = this.start[b]!;
    const ei = i + nx;
    const ej = j + ny;
    let both = 0;
    while (i < ei && j < ej) {
      // Without branches on the values (which side is smaller is a coin toss): twice as fast.
      const u = x[i]!;
      const v = y[j]!;
      both += +(u === v);
      i += +(u <= v);
      j += +(u >= v);
      // Every shared value still to come is in both remainders.
      if (both + Math.min(ei - i, ej - j) < need) return false;
    }
    return both / (nx + ny - both) >= threshold;
  }

  /** How many of the 128 sketch bytes of two docs agree. */
  sketchAgreement(a: number, b: number): number {
    return agreement(this.sketch, a * SKETCH_WORDS, b * SKETCH_WORDS, 0, SKETCH_WORDS);
  }

  /** The exact check, behind the sketch's cheap rejection (first half, then all of it). */
  private check(a: number, b: number, threshold: number, floors: Floors, stats: ClusterStats): boolean {
    const s = this.sketch;
    const half = agreement(s, a * SKETCH_WORDS, b * SKETCH_WORDS, 0, SKETCH_WORDS / 2);
    if (half < floors.half || half + agreement(s, a * SKETCH_WORDS, b * SKETCH_WORDS, SKETCH_WORDS / 2, SKETCH_WORDS) < floors.all) {
      stats.rejected++;
      return false;
    }
    stats.checked++;
    if (!this.similar(a, b, threshold)) return false;
    stats.matched++;
    return true;
  }

  /**
   * Clusters the documents in this thread: every group of bands, then their joins merged (what
   * worker threads do in parallel, with the same result). `onBand` reports progress over the bands.
   */
  cluster(threshold: number, onBand: (done: number, total: number) => void = () => {}): { sets: UnionFind; stats: ClusterStats } {
    const { bands } = this.options;
    let done = 0;
    const groups = Array.from({ length: BAND_GROUPS }, (_, g) => this.clusterGroup(g, threshold, () => onBand(++done, bands)));
    return mergeGroups(this.docs, groups);
  }

  /**
   * Clusters on the bands of group g with a union-find of its own; returns the joins it made (a
   * spanning forest of its clusters). `onBand` is called after each band.
   */
  clusterGroup(g: number, threshold: number, onBand: () => void = () => {}): GroupResult {
    const n = this.docs;
    if (this.added !== n) throw new RangeError(`TemplateIndex: ${this.added} of ${n} documents added`);
    const sets = new UnionFind(n);
    const stats: ClusterStats = { rejected: 0, checked: 0, matched: 0 };
    const edges = new EdgeList();
    const floors: Floors = { half: sketchFloor(threshold, 2 * SKETCH_WORDS), all: sketchFloor(threshold, 4 * SKETCH_WORDS) };
    const order = new Int32Array(n);
    const sorted = new Uint32Array(n);
    const radix = new RadixScratch(n);
    const reps = new Int32Array(MAX_COMPARE);
    // One byte a document (1 MB at 1M, cache-resident), read at every visit to a bucket.
    const empty = new Uint8Array(n);
    for (let d = 0; d < n; d++) empty[d] = this.count[d] === 0 ? 1 : 0;
    const { from, to } = bandGroup(this.options.bands, g);
    for (let b = from; b < to; b++) {
      radixOrder(this.keys.subarray(b * n, (b + 1) * n), order, sorted, radix);
      let s = 0;
      while (s < n) {
        const key = sorted[s]!;
        let e = s + 1;
        while (e < n && sorted[e] === key) e++;
        if (e - s >= 2) this.bucket(order, s, e, empty, threshold, floors, sets, reps, stats, edges);
        s = e;
      }
      onBand();
    }
    return { edges: edges.toArray(), stats };
  }

  /**
   * One bucket of docs that agree on a band, in ascending doc order. Each doc is checked against
   * one representative of every cluster met so far in the bucket (up to MAX_COMPARE) and against
   * its predecessor, but never against a doc already in its own cluster: transitivity makes those
   * checks useless.
   */
  private bucket(order: Int32Array, s: number, e: number, empty: Uint8Array, threshold: number, floors: Floors, sets: UnionFind, reps: Int32Array, stats: ClusterStats, edges: EdgeList): void {
    let nreps = 0;
    let prev = -1;
    /** Whether prev became a representative: then d was just compared with it. */
    let prevIsRep = false;
    for (let i = s; i < e; i++) {
      const d = order[i]!;
      if (empty[d] === 1) continue;
      let represented = false;
      let root = sets.find(d);
      for (let r = 0; r < nreps; r++) {
        const rep = reps[r]!;
        if (sets.find(rep) === root) {
          represented = true;
          continue;
        }
        if (this.check(d, rep, threshold, floors, stats)) {
          sets.union(d, rep);
          edges.push(d, rep);
          root = sets.find(d);
          represented = true;
        }
      }
      if (prev >= 0 && !prevIsRep && sets.find(prev) !== root) {
        if (this.check(d, prev, threshold, floors, stats)) {
          sets.union(d, prev);
          edges.push(d, prev);
        }
      }
      prevIsRep = !represented && nreps < MAX_COMPARE;
      if (prevIsRep) reps[nreps++] = d;
      prev = d;
    }
  }
}

/** The groups' joins in one union-find, group by group (the partition does not depend on the order). */
export function mergeGroups(docs: number, groups: readonly GroupResult[]): { sets: UnionFind; stats: ClusterStats } {
  const sets = new UnionFind(docs);
  const stats: ClusterStats = { rejected: 0, checked: 0, matched: 0 };
  for (const { edges, stats: s } of groups) {
    for (let i = 0; i < edges.length; i += 2) sets.union(edges[i]!, edges[i + 1]!);
    stats.rejected += s.rejected;
    stats.checked += s.checked;
    stats.matched += s.matched;
  }
  return { sets, stats };
}

/** A growable list of pairs of doc numbers. */
class EdgeList {
  private data = new Int32Array(1024);
  private length = 0;

  push(a: number, b: number): void {
    if (this.length + 2 > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = a;
    this.data[this.length++] = b;
  }

  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Work arrays of radixOrder, allocated once for all bands. */
export class RadixScratch {
  readonly keys: Uint32Array;
  readonly docs: Int32Array;
  readonly low = new Int32Array(0x10000);
  readonly high = new Int32Array(0x10000);
  constructor(n: number) {
    this.keys = new Uint32Array(n);
    this.docs = new Int32Array(n);
  }
}

/**
 * Doc numbers in ascending order of their 32-bit keys, ties in ascending doc order (`order`), and
 * the keys in that order (`sorted`, so buckets are found by reading it straight through): LSD radix
 * sort, two passes of 16 bits that carry key and doc together, so every read is sequential.
 */
export function radixOrder(keys: Uint32Array, order: Int32Array, sorted: Uint32Array, scratch: RadixScratch): void {
  const n = keys.length;
  const { low, high } = scratch;
  low.fill(0);
  high.fill(0);
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    low[k & 0xffff]!++;
    high[k >>> 16]!++;
  }
  let lowAt = 0;
  let highAt = 0;
  for (let v = 0; v < 0x10000; v++) {
    const l = low[v]!;
    low[v] = lowAt;
    lowAt += l;
    const h = high[v]!;
    high[v] = highAt;
    highAt += h;
  }
  const tk = scratch.keys;
  const td = scratch.docs;
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    const at = low[k & 0xffff]!++;
    tk[at] = k;
    td[at] = i;
  }
  for (let i = 0; i < n; i++) {
    const k = tk[i]!;
    const at = high[k >>> 16]!++;
    sorted[at] = k;
    order[at] = td[i]!;
  }
}
