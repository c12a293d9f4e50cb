// Character k-shingles (never words: Chinese has no spaces and templates differ inside words) as
// 32-bit hashes, and the exact Jaccard similarity of two shingle sets, the check behind every pair.
import { fmix32, hashChars } from './hash.js';

const BASE = 0x01000193;

/** BASE^(k−1) mod 2^32, to take the outgoing character off the rolling hash. */
function basePower(k: number): number {
  let p = 1;
  for (let i = 1; i < k; i++) p = Math.imul(p, BASE);
  return p;
}

/**
 * Writes the hashes of the k-shingles of `text` into `out` from `at` and returns how many were
 * written (with repeats). A text shorter than k is one shingle; an empty text has none.
 */
export function shingleInto(text: string, k: number, out: Uint32Array, at: number): number {
  const n = text.length;
  if (n === 0) return 0;
  if (n <= k) {
    out[at] = hashChars(text, 0, n);
    return 1;
  }
  // A rolling polynomial hash over the UTF-16 code units, finalised by fmix32: two multiplies per
  // shingle whatever k is (the index hashes ~150M shingles at 1M complaints).
  const count = n - k + 1;
  const top = basePower(k);
  let h = 0;
  for (let i = 0; i < k; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  out[at] = fmix32(h ^ k);
  for (let i = 1; i < count; i++) {
    h = (Math.imul((h - Math.imul(text.charCodeAt(i - 1), top)) | 0, BASE) + text.charCodeAt(i + k - 1)) | 0;
    out[at + i] = fmix32(h ^ k);
  }
  return count;
}

/** The shingle set of `text`: sorted, without repeats. */
export function shingleSet(text: string, k: number): Uint32Array {
  const buf = new Uint32Array(Math.max(1, text.length));
  return sortUnique(buf.subarray(0, shingleInto(text, k, buf, 0)));
}

/** Sorts in place and moves the distinct values to the front; returns that prefix. */
export function sortUnique(values: Uint32Array): Uint32Array {
  values.sort();
  let w = 0;
  for (let i = 0; i < values.length; i++) {
    if (i === 0 || values[i] !== values[w - 1]) values[w++] = values[i]!;
  }
  return values.subarray(0, w);
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
