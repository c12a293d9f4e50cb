// PNG tEXt chunks, so a rendered chart carries the run id it came from (issue 12): insert one right
// after IHDR, and read them back. Written by hand because it is small and fixed by the PNG spec
// (chunk = length, type, data, CRC-32 of type + data); zlib.crc32 needs Node ≥ 20.15.

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let crcTable: Uint32Array | undefined;

function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function assertPng(png: Buffer): void {
  if (png.length < 33 || !png.subarray(0, 8).equals(SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file (no signature or no IHDR chunk first)');
  }
}

/**
 * A copy of `png` with a tEXt chunk `keyword`=`text` after IHDR. tEXt is Latin-1: the keyword must be
 * 1–79 printable Latin-1 characters and the text Latin-1 without NUL (a run id is ASCII).
 */
export function addPngText(png: Buffer, keyword: string, text: string): Buffer {
  assertPng(png);
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword) || /^ | $| {2}/.test(keyword)) {
    throw new Error(`PNG tEXt keyword ${JSON.stringify(keyword)} is not 1-79 Latin-1 characters without leading, trailing or double spaces`);
  }
  if (!/^[\x0a\x20-\x7e\xa0-\xff]*$/.test(text)) throw new Error(`PNG tEXt text ${JSON.stringify(text)} is not Latin-1`);
  const data = Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]);
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8);
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}

/** Every tEXt chunk of `png` as keyword → text, checking each chunk's CRC. */
export function readPngText(png: Buffer): Record<string, string> {
  assertPng(png);
  const out: Record<string, string> = {};
  for (let at = 8; at + 12 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (end > png.length) throw new Error(`PNG chunk ${type} at byte ${at} runs past the end of the file`);
    if (type === 'tEXt') {
      if (crc32(png.subarray(at + 4, at + 8 + length)) !== png.readUInt32BE(at + 8 + length)) {
        throw new Error(`PNG tEXt chunk at byte ${at} has a wrong CRC`);
      }
      const data = png.subarray(at + 8, at + 8 + length);
      const nul = data.indexOf(0);
      if (nul > 0) out[data.toString('latin1', 0, nul)] = data.toString('latin1', nul + 1);
    }
    if (type === 'IEND') break;
    at = end;
  }
  return out;
}
