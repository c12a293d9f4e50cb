// Checks a workbook's zip before exceljs reads it: exceljs inflates whatever a zip holds (the shared
// strings into memory: a zip bomb crashes Node) and hangs without a word on a zip cut short. Here
// the central directory must be whole, it must be an Excel workbook, and every part is inflated
// once, streaming, under a cap on its size and its compression ratio.
import { createRequire } from 'node:module';
import { inputError } from '../core/errors.js';

const require = createRequire(import.meta.url);
const MB = 1024 * 1024;

/**
 * What a part may unpack to. A real institution export (hundreds of MB of sheet XML, a few hundred
 * MB of shared strings) passes; the shared strings are held in memory by the reader, so their cap
 * is lower than a sheet's, which is streamed. GRAYSCOPE_XLSX_MAX_MB lowers (or raises) every cap at
 * once, for tests and for a machine with little memory.
 */
export function xlsxLimits(env: NodeJS.ProcessEnv = process.env): { sheet: number; sharedStrings: number; other: number; total: number; ratio: number; ratioFrom: number } {
  const scale = Number(env.GRAYSCOPE_XLSX_MAX_MB) > 0 ? Number(env.GRAYSCOPE_XLSX_MAX_MB) / 2048 : 1;
  return {
    sheet: Math.round(2048 * MB * scale),
    sharedStrings: Math.round(512 * MB * scale),
    other: Math.round(64 * MB * scale),
    total: Math.round(4096 * MB * scale),
    /** XML deflates 5–50 to 1; a zip bomb about 1000 to 1. Checked only on parts over ratioFrom. */
    ratio: 200,
    ratioFrom: Math.round(32 * MB * scale),
  };
}

interface ZipEntry {
  path: string;
  compressedSize: number;
  uncompressedSize: number;
  stream(): NodeJS.ReadableStream;
}

const HINT = 'Open it in Excel and save it again as .xlsx, or export it again, then load it.';

function limitOf(path: string, limits: ReturnType<typeof xlsxLimits>): number {
  if (/^xl\/sharedStrings\d*\.xml$/i.test(path)) return limits.sharedStrings;
  if (/^xl\/worksheets\/[^/]+\.xml$/i.test(path)) return limits.sheet;
  return limits.other;
}

function tooBig(source: string, path: string, limit: number): Error {
  return inputError(
    `${source}: ${path} would unpack to more than ${Math.round(limit / MB)} MB, more than grayscope reads from one part of a workbook (a zip bomb, or a workbook far larger than an export); nothing was loaded`,
    `If the workbook is genuine, split it, or save it as CSV and load that. ${HINT}`,
    { entry: path, limit_mb: Math.round(limit / MB) },
  );
}

function tooDense(source: string, path: string, ratio: number): Error {
  return inputError(
    `${source}: ${path} unpacks to more than ${ratio} times its packed size, which no spreadsheet does (a zip bomb); nothing was loaded`,
    HINT,
    { entry: path },
  );
}

const checked = new Map<string, Promise<void>>();

/** Runs the check once per file per process (a load asks for the sheet names, then reads the sheets). */
export function guardWorkbook(source: string): Promise<void> {
  let pending = checked.get(source);
  if (!pending) {
    pending = checkWorkbook(source);
    checked.set(source, pending);
    pending.catch(() => checked.delete(source));
  }
  return pending;
}

export async function checkWorkbook(source: string, limits = xlsxLimits()): Promise<void> {
  const unzipper = createRequire(require.resolve('exceljs'))('unzipper') as { Open: { file(path: string): Promise<{ files: ZipEntry[] }> } };
  let files: ZipEntry[];
  try {
    files = (await unzipper.Open.file(source)).files;
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    if (/FILE_ENDED|end of central dir/i.test(message)) {
      throw inputError(`${source} is not a complete .xlsx workbook (the zip is cut short: its table of contents at the end is missing); nothing was loaded`, `Copy or download the file again. ${HINT}`);
    }
    throw inputError(`${source} is not an .xlsx workbook: it cannot be read as a zip file (${message})`, `Check that you named the right file. ${HINT}`);
  }
  const has = (re: RegExp) => files.some((f) => re.test(f.path));
  if (!has(/^xl\/workbook\.xml$/)) {
    const what = has(/^word\//)
      ? 'a Word document (.docx)'
      : has(/^ppt\//)
        ? 'a PowerPoint presentation (.pptx)'
        : has(/^content\.xml$/)
          ? 'an OpenDocument file (.ods/.odt)'
          : 'a zip file without xl/workbook.xml';
    throw inputError(`${source} is not an Excel workbook: it is ${what}`, 'Name the .xlsx workbook, or save the data from its program as .xlsx or CSV.');
  }
  // Declared sizes first: nothing is inflated for a bomb that says what it is.
  let total = 0;
  for (const f of files) {
    const limit = limitOf(f.path, limits);
    if (f.uncompressedSize > limit) throw tooBig(source, f.path, limit);
    if (f.uncompressedSize > limits.ratioFrom && f.uncompressedSize > limits.ratio * Math.max(1, f.compressedSize)) throw tooDense(source, f.path, limits.ratio);
    total += f.uncompressedSize;
    if (total > limits.total) throw tooBig(source, 'the workbook', limits.total);
  }
  // Then what the parts really unpack to: a zip's sizes can lie.
  let actual = 0;
  for (const f of files) {
    const limit = limitOf(f.path, limits);
    let n = 0;
    const stream = f.stream() as NodeJS.ReadableStream & { destroy?: () => void };
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        n += chunk.length;
        actual += chunk.length;
        if (n > limit) throw tooBig(source, f.path, limit);
        if (actual > limits.total) throw tooBig(source, 'the workbook', limits.total);
        if (n > limits.ratioFrom && n > limits.ratio * Math.max(1, f.compressedSize)) throw tooDense(source, f.path, limits.ratio);
      }
    } catch (err) {
      stream.destroy?.();
      if (err instanceof Error && err.name === 'GrayscopeError') throw err;
      const message = (err as Error).message ?? String(err);
      if (/FILE_ENDED/.test(message)) throw inputError(`${source} is not a complete .xlsx workbook (the zip is cut short in ${f.path}); nothing was loaded`, `Copy or download the file again. ${HINT}`);
      throw inputError(`${source}: ${f.path} cannot be unpacked (${message}): the workbook is damaged; nothing was loaded`, HINT, { damaged: true });
    }
  }
}
