// PNG tEXt chunks: inserted after IHDR with a correct CRC-32, read back, and bad input refused.
import { describe, expect, it } from 'vitest';
import { addPngText, readPngText } from '../../src/adapters/png-text.js';

/** A 1×1 white RGBA PNG (IHDR, sBIT, sRGB, IDAT, IEND), as @napi-rs/canvas encodes it. */
const ONE_PIXEL = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489' +
    '0000000473424954080808087c086488000000017352474200aece1ce9' +
    '0000000d49444154089963f8ffffff7f0009fb03fd08d1e81e0000000049454e44ae426082',
  'hex',
);

describe('png-text', () => {
  it('inserts a tEXt chunk right after IHDR that reads back, with the CRC the PNG spec gives', () => {
    const png = addPngText(ONE_PIXEL, 'grayscope-run-id', 'R-1');
    expect(png.length).toBe(ONE_PIXEL.length + 12 + 'grayscope-run-id'.length + 1 + 3);
    expect(png.toString('latin1', 37, 41)).toBe('tEXt');
    expect(readPngText(png)).toEqual({ 'grayscope-run-id': 'R-1' });
    // The CRC of "tEXt" + "Software\0grayscope", computed independently (zlib.crc32 of the same bytes).
    const known = addPngText(ONE_PIXEL, 'Software', 'grayscope');
    const chunkEnd = 33 + 12 + 'Software\0grayscope'.length;
    expect(known.readUInt32BE(chunkEnd - 4)).toBe(0x36335010);
  });

  it('detects a corrupted chunk by its CRC', () => {
    const png = addPngText(ONE_PIXEL, 'grayscope-run-id', 'R-1');
    png[45] = 0x58; // a byte of the keyword
    expect(() => readPngText(png)).toThrow(/wrong CRC/);
  });

  it('refuses keywords and text that tEXt cannot hold, and non-PNG input', () => {
    expect(() => addPngText(ONE_PIXEL, '', 'x')).toThrow(/keyword/);
    expect(() => addPngText(ONE_PIXEL, 'k'.repeat(80), 'x')).toThrow(/keyword/);
    expect(() => addPngText(ONE_PIXEL, 'run', '运行')).toThrow(/Latin-1/);
    expect(() => addPngText(Buffer.from('GIF89a'), 'run', 'x')).toThrow(/not a PNG/);
  });
});
