// `grayscope generate` for people: the files written, with format, encoding and rows, and where the
// ground truth is.
import type { GenerateResult } from '../core/generate/index.js';
import { seconds } from './format.js';

export function renderGenerate(result: GenerateResult): string {
  // Row counts stay ungrouped here: that is how generate has always printed them.
  const lines = result.files.map((f) => `  ${f.path.padEnd(24)} ${f.format.padEnd(8)} ${f.encoding.padEnd(10)} ${String(f.rows).padStart(9)} rows`);
  return [
    `Wrote ${result.scale} ${result.messy ? 'messy' : 'clean'} data (seed ${result.seed}) to ${result.out} in ${seconds(result.seconds, 1)}:`,
    ...lines,
    ...(result.correction
      ? [
          `  ${result.correction.file.padEnd(24)} a corrected re-export of ${result.correction.corrects} (${result.correction.changed.length} rows changed): load it last with --upsert`,
        ]
      : []),
    `  ${result.truth} and truth_records.csv hold the ground truth.`,
  ].join('\n');
}
