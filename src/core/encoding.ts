// Which text encoding a file's bytes are in: UTF-8 (with or without BOM) or GBK/GB18030, decided
// from the bytes (a BOM, valid UTF-8, or GB18030 without replacement characters); UTF-16 and binary
// files are refused. Shared by loading (the file's first MiB) and mse (a capture-history file).
import { inputError } from './errors.js';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

/** Bytes read to decide a file's encoding. */
export const ENCODING_SAMPLE = 1 << 20;

/** detectEncoding on bytes already read (the file's first ENCODING_SAMPLE bytes, or all of it). */
export async function detectSampleEncoding(sample: Uint8Array, path: string, named: 'auto' | 'utf-8' | 'gb18030'): Promise<TextEncoding> {
  if (sample.length === 0) throw inputError(`${path}: the file is empty`, 'Load a file with a header row and at least one data row.');
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) {
    throw inputError(`${path}: the file is UTF-16, which grayscope does not read`, 'Save it as UTF-8 (or GB18030) and load it again.');
  }
  const bom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  const nul = sample.indexOf(0);
  if (nul >= 0) {
    throw inputError(`${path}: byte ${nul} is a NUL byte: this is a binary file, not CSV/TSV/JSON Lines text`, 'Check that you named the right file; XLSX and Parquet are recognised by their content.');
  }
  // A sample may end inside a multi-byte character: let the decoder hold the tail back.
  const validUtf8 = (() => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: sample.length === ENCODING_SAMPLE });
      return true;
    } catch {
      return false;
    }
  })();
  if (named === 'utf-8') {
    if (!validUtf8) {
      throw inputError(
        `${path}: the file is not valid UTF-8 (at byte ${firstInvalidUtf8(sample)})`,
        'It may be GBK/GB18030: pass --encoding gb18030, or --encoding auto to detect it.',
      );
    }
    return bom ? 'utf-8-bom' : 'utf-8';
  }
  if (named === 'gb18030') {
    if (validUtf8 && sample.some((b) => b >= 0x80)) {
      throw inputError(
        `${path}: --encoding gb18030 was named, but the file is valid UTF-8 with Chinese text: read as GB18030 it would be garbled`,
        'Use --encoding utf-8 (or auto) for this file.',
      );
    }
    return 'gb18030';
  }
  if (validUtf8) return bom ? 'utf-8-bom' : 'utf-8';
  const iconv = (await import('iconv-lite')).default;
  const text = iconv.decode(sample, 'gb18030');
  // Only a truncated final character may fail to decode at the sample's end.
  if (!text.slice(0, -2).includes('\uFFFD')) return 'gb18030';
  throw inputError(
    `${path}: unreadable encoding: the bytes are neither UTF-8 nor GBK/GB18030 (first bad byte at ${firstInvalidUtf8(sample)})`,
    'Save the file as UTF-8 and load it again, or name its encoding with --encoding.',
  );
}

function firstInvalidUtf8(buffer: Uint8Array): number {
  let lo = 0;
  let hi = buffer.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

/** Bytes as text in the detected encoding (a UTF-8 BOM is dropped). */
export async function decodeText(bytes: Uint8Array, encoding: TextEncoding): Promise<string> {
  if (encoding === 'gb18030') return (await import('iconv-lite')).default.decode(Buffer.from(bytes), 'gb18030');
  return new TextDecoder('utf-8').decode(bytes);
}
