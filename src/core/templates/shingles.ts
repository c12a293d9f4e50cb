// Character k-shingles (never words: Chinese has no spaces and templates differ inside words) as
// 32-bit hashes, and the exact Jaccard similarity of two shingle sets, the check behind every pair.
import { fmix32, hashUnits } from './hash.js';

const BASE = 0x01000193;

/** BASE^(k−1) mod 2^32, to take the outgoing character off the rolling hash. */
function basePower(k: number): number {
  let p = 1;
  for (let i = 1; i < k; i++) p = Math.imul(p, BASE);
  return p;
}

/** The UTF-16 code units of a string (never its code points, which Array.from would give). */
export function codeUnits(text: string): Uint16Array {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return units;
}

/**
 * Writes the hashes of the k-shingles of the text `units[0..n)` (UTF-16 code units) into `out`
 * from `at` and returns how many were written (with repeats). A text shorter than k is one
 * shingle; an empty text has none.
 */
export function shingleUnits(units: Uint16Array, n: number, k: number, out: Uint32Array, at: number): number {
  if (n === 0) return 0;
  if (n <= k) {
    out[at] = hashUnits(units, 0, n);
    return 1;
  }
  // A rolling polynomial hash over the code units, finalised by fmix32: two multiplies per
  // shingle whatever k is (the index hashes ~100M shingles at 1M complaints).
  const count = n - k + 1;
  const top = basePower(k);
  let h = 0;
  for (let i = 0; i < k; i++) h = (Math.imul(h, BASE) + units[i]!) | 0;
  out[at] = fmix32(h ^ k);
  for (let i = 1; i < count; i++) {
    h = (Math.imul((h - Math.imul(units[i - 1]!, top)) | 0, BASE) + units[i + k - 1]!) | 0;
    out[at + i] = fmix32(h ^ k);
  }
  return count;
}

/** The shingle set of `text`: sorted, without repeats. */
export function shingleSet(text: string, k: number): Uint32Array {
  const buf = new Uint32Array(Math.max(1, text.length));
  return sortUnique(buf.subarray(0, shingleUnits(codeUnits(text), text.length, k, buf, 0)));
}

/** Sorts in place and moves the distinct values to the front; returns that prefix. */
export function sortUnique(values: Uint32Array): Uint32Array {
  return values.subarray(0, sortUniqueRange(values, 0, values.length));
}

const SORT_COUNTS = new Int32Array(257);
let sortTmp = new Uint32Array(1024);

/**
 * Sorts `values[from..to)` in place, moves its distinct values to the front and returns how many
 * there are. Shingle hashes are uniform, so a counting pass on the top 8 bits leaves buckets of
 * about one value each and an insertion sort finishes in linear time: three times faster than
 * TypedArray.prototype.sort on the ~100 shingles of a complaint. Long texts use the built-in sort.
 */
export function sortUniqueRange(values: Uint32Array, from: number, to: number): number {
  const n = to - from;
  if (n <= 0) return 0;
  if (n > 2048) {
    values.subarray(from, to).sort();
  } else {
    if (sortTmp.length < n) sortTmp = new Uint32Array(2048);
    const tmp = sortTmp;
    const counts = SORT_COUNTS;
    counts.fill(0);
    for (let i = from; i < to; i++) counts[(values[i]! >>> 24) + 1]!++;
    for (let b = 1; b <= 256; b++) counts[b]! += counts[b - 1]!;
    for (let i = from; i < to; i++) {
      const v = values[i]!;
      tmp[counts[v >>> 24]!++] = v;
    }
    for (let i = 1; i < n; i++) {
      const v = tmp[i]!;
      let j = i - 1;
      while (j >= 0 && tmp[j]! > v) {
        tmp[j + 1] = tmp[j]!;
        j--;
      }
      tmp[j + 1] = v;
    }
    values.set(tmp.subarray(0, n), from);
  }
  let w = from;
  for (let i = from; i < to; i++) {
    if (i === from || values[i] !== values[w - 1]) values[w++] = values[i]!;
  }
  return w - from;
}

/** |A ∩ B| / |A ∪ B| of two sorted, distinct arrays (1 for two empty sets). */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  const na = a.length;
  const nb = b.length;
  if (na === 0 && nb === 0) return 1;
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < na && j < nb) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      both++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return both / (na + nb - both);
}
