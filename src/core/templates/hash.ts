// 32-bit hashing for shingles and MinHash: murmur3's finaliser as the mixer (a full-avalanche
// bijection on 32 bits), so a shingle hash, a bin and a value can be derived with a few multiplies.

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** murmur3-style hash of `length` UTF-16 code units from `start`, with a seed. */
export function hashUnits(units: Uint16Array, start: number, length: number, seed = 0x9747b28c): number {
  let h = seed;
  for (let i = start; i < start + length; i++) {
    let c = Math.imul(units[i]!, 0xcc9e2d51);
    c = (c << 15) | (c >>> 17);
    h ^= Math.imul(c, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix32(h ^ length);
}

/** Mixes a 32-bit value with a seed: an independent-looking hash function per seed. */
export function mix(x: number, seed: number): number {
  return fmix32((x ^ Math.imul(seed, 0x9e3779b1)) >>> 0);
}
