// Per-document work of `grayscope templates`, the part that runs on worker threads: normalised
// text → k-shingle hashes → MinHash signature → LSH band keys and a byte sketch (written straight
// into the index's shared arrays at the document's number) → the sorted, distinct shingle set
// (returned, for the exact Jaccard checks). Pure and deterministic: a document's results depend
// on its text only, never on the batch or thread that computed them.
import { bandKey, signatureInto } from './minhash.js';
import { Normaliser } from './normalise.js';
import { codeUnits, shingleUnits, sortUniqueRange } from './shingles.js';

export interface IndexOptions {
  /** Shingle length in characters. */
  shingle: number;
  /** Signature length (MinHash values per document). */
  hashes: number;
  bands: number;
  rows: number;
}

/** One byte of each of the first 128 MinHash values (b-bit MinHash, Li & König 2010), four to a word. */
export const SKETCH_WORDS = 32;

/** The index arrays a sketcher writes into: band-major keys (bands × docs) and SKETCH_WORDS per doc. */
export interface SketchTargets {
  docs: number;
  keys: Uint32Array;
  sketch: Uint32Array;
}

/** A batch's shingle sets: lens[i] distinct shingles of the batch's i-th document, one after another. */
export interface BatchShingles {
  lens: Int32Array;
  shingles: Uint32Array;
}

/** Separates the texts of a batch (UTF-8 never holds this byte inside a character). */
export const TEXT_SEPARATOR = 0x01;

export class DocSketcher {
  private sh = new Uint32Array(4096);
  private readonly sig: Uint32Array;
  private readonly filled: Uint8Array;
  private readonly normaliser = new Normaliser();
  private out = new Uint32Array(4096);
  private used = 0;

  constructor(
    readonly options: IndexOptions,
    private readonly targets: SketchTargets,
  ) {
    this.sig = new Uint32Array(options.hashes);
    this.filled = new Uint8Array(options.hashes);
  }

  /**
   * Sketches the texts of a batch, `bytes` = UTF-8 texts separated by TEXT_SEPARATOR, the i-th
   * being document `docs[i]`; returns their shingle sets.
   */
  batch(bytes: Uint8Array, docs: Int32Array): BatchShingles {
    const lens = new Int32Array(docs.length);
    this.begin(bytes.length);
    let from = 0;
    let i = 0;
    for (;;) {
      const sep = bytes.indexOf(TEXT_SEPARATOR, from);
      const end = sep < 0 ? bytes.length : sep;
      if (i >= docs.length) throw new RangeError(`a batch of ${docs.length} documents holds more texts`);
      const n = this.normaliser.fromUtf8(bytes, from, end);
      lens[i] = this.add(this.normaliser.out, n, docs[i]!);
      i++;
      if (sep < 0) break;
      from = sep + 1;
    }
    if (i !== docs.length) throw new RangeError(`a batch of ${docs.length} documents holds ${i} texts`);
    return { lens, shingles: this.end() };
  }

  /** Sketches texts that are normalised already (tests and small inputs), the i-th being document `docs[i]`. */
  normalised(texts: readonly string[], docs: Int32Array): BatchShingles {
    const lens = new Int32Array(texts.length);
    this.begin(texts.reduce((s, t) => s + t.length, 0));
    texts.forEach((t, i) => {
      lens[i] = this.add(codeUnits(t), t.length, docs[i]!);
    });
    return { lens, shingles: this.end() };
  }

  private begin(capacity: number): void {
    this.out = new Uint32Array(Math.max(16, capacity));
    this.used = 0;
  }

  /** The batch's shingles in an array of their own: on shared memory when the targets are (worker threads cluster on them). */
  private end(): Uint32Array {
    const shared = this.targets.keys.buffer instanceof SharedArrayBuffer;
    const result = shared ? new Uint32Array(new SharedArrayBuffer(Math.max(1, this.used) * 4), 0, this.used) : new Uint32Array(this.used);
    result.set(this.out.subarray(0, this.used));
    this.out = new Uint32Array(0);
    return result;
  }

  /** One document: keys and sketch into the targets, distinct shingles appended; returns their count. */
  private add(units: Uint16Array, n: number, doc: number): number {
    const { shingle: k, bands, rows } = this.options;
    const { keys, sketch, docs } = this.targets;
    if (this.sh.length < n + 1) this.sh = new Uint32Array(2 * n + 1);
    const sh = this.sh;
    const m = shingleUnits(units, n, k, sh, 0);
    if (m === 0) {
      // No shingles: never a candidate (the index skips empty documents).
      for (let b = 0; b < bands; b++) keys[b * docs + doc] = 0;
      sketch.fill(0, doc * SKETCH_WORDS, (doc + 1) * SKETCH_WORDS);
      return 0;
    }
    const sig = this.sig;
    signatureInto(sh, 0, m, sig, this.filled);
    for (let b = 0; b < bands; b++) keys[b * docs + doc] = bandKey(sig, b, rows);
    const at = doc * SKETCH_WORDS;
    for (let w = 0; w < SKETCH_WORDS; w++) {
      const i = w * 4;
      // Bits 7–14 of each value (the low 7 bits name the bin and are the same in every document).
      sketch[at + w] = ((sig[i]! >>> 7) & 0xff) | (((sig[i + 1]! >>> 7) & 0xff) << 8) | (((sig[i + 2]! >>> 7) & 0xff) << 16) | (((sig[i + 3]! >>> 7) & 0xff) << 24);
    }
    const distinct = sortUniqueRange(sh, 0, m);
    if (this.used + distinct > this.out.length) {
      const grown = new Uint32Array(Math.max(2 * this.out.length, this.used + distinct));
      grown.set(this.out.subarray(0, this.used));
      this.out = grown;
    }
    this.out.set(sh.subarray(0, distinct), this.used);
    this.used += distinct;
    return distinct;
  }
}
