// `grayscope mse COUNTS.csv`: the options checked, the capture-history file read (UTF-8 or
// GBK/GB18030: list names may be Chinese) and estimated, with or without the BCa bootstrap.
import { decodeText, detectSampleEncoding, ENCODING_SAMPLE } from '../encoding.js';
import { inputError, usageError } from '../errors.js';
import type { ProjectIO } from '../ports/project-io.js';
import { type Reporter, silentReporter } from '../reporter.js';
import { parseCaptureHistories } from './history.js';
import { type MseResult, runMse } from './mse.js';
import { parseModel } from './terms.js';

export interface MseFileOptions {
  /** The file as the user named it (messages say it so). */
  file: string;
  model?: string;
  select?: 'stepwise' | 'bic' | 'aic';
  maxOrder?: number;
  ci?: 'lognormal' | 'profile';
  /** BCa bootstrap replicates (0 = off) and their seed; see bootstrap.ts. */
  bootstrap?: number;
  seed?: number;
  /** Worker threads for the bootstrap (default: os.availableParallelism()). */
  workers?: number;
  /** Stepwise steps only where SparseMSE's checkident passes (mse.ts, MseOptions.strictExistence). */
  strictExistence?: boolean;
}

/**
 * Multiple systems estimation on the capture-history file at `path` (see mse.ts); the result's
 * warnings are also told to `reporter` (stderr).
 */
export async function mseFile(io: Pick<ProjectIO, 'readBytes'>, path: string, options: MseFileOptions, reporter: Reporter = silentReporter): Promise<MseResult> {
  const result = await estimateFile(io, path, options);
  for (const w of result.warnings) reporter.warn(w);
  return result;
}

async function estimateFile(io: Pick<ProjectIO, 'readBytes'>, path: string, options: MseFileOptions): Promise<MseResult> {
  if (options.model !== undefined && options.select !== undefined) {
    throw usageError('--model and --select cannot be used together.', 'Give one model with --model, or let --select choose one.');
  }
  if (options.strictExistence && (options.model !== undefined || (options.select ?? 'stepwise') !== 'stepwise')) {
    throw usageError(
      `--strict-existence applies to stepwise choice only, not to ${options.model !== undefined ? '--model' : `--select ${options.select}`}.`,
      'Drop --strict-existence, or use --select stepwise (the default).',
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await io.readBytes(path);
  } catch (err) {
    throw inputError(`${options.file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`, 'Check the path of the capture-history CSV.');
  }
  const encoding = bytes.length === 0 ? 'utf-8' : await detectSampleEncoding(bytes.subarray(0, ENCODING_SAMPLE), path, 'auto');
  const table = parseCaptureHistories(await decodeText(bytes, encoding), options.file);
  const maxOrder = options.maxOrder ?? 2;
  const k = table.lists.length;
  if (k > 2 && (maxOrder < 2 || maxOrder >= k)) {
    throw usageError(`--max-order ${maxOrder}: with ${k} lists it must be between 2 and ${k - 1}.`, 'The k-way interaction is not identifiable from the observable cells.');
  }
  const bootstrap = options.bootstrap ?? 0;
  if (!Number.isSafeInteger(bootstrap) || bootstrap < 0) {
    // Grouped digits: a bare run of 7+ digits would be masked in the message as if it were a phone number.
    throw usageError(`--bootstrap ${Number.isFinite(bootstrap) ? bootstrap.toLocaleString('en-US') : bootstrap}: the number of replicates must be a whole number ≥ 0.`, 'Use --bootstrap 1000 for a BCa interval, or 0 for none.');
  }
  const mseOptions = {
    ...(options.model !== undefined ? { model: parseModel(options.model, table.lists) } : {}),
    ...(options.select !== undefined ? { select: options.select } : {}),
    maxOrder,
    ci: options.ci ?? 'lognormal',
    ...(options.strictExistence ? { strictExistence: true } : {}),
  };
  if (bootstrap === 0) return runMse(table, mseOptions);
  const { runMseBootstrap } = await import('./bootstrap.js');
  return runMseBootstrap(table, mseOptions, { replicates: bootstrap, seed: options.seed ?? 1, ...(options.workers !== undefined ? { workers: options.workers } : {}) });
}
