// `grayscope generate` for people: the files written, with format, encoding and rows, and where the
// ground truth is.
import type { GenerateResult } from '../core/generate/index.js';
import { type Lang, seconds } from './format.js';

const WORDS = {
  zh: {
    rows: '行',
    wrote: (r: GenerateResult) => `已将 ${r.scale} 规模的${r.messy ? '脏' : '干净'}数据（种子 ${r.seed}）写入 ${r.out}，用时 ${seconds(r.seconds, 1)}：`,
    correction: (of: string, n: number) => `${of} 的更正版重新导出（${n} 行有改动）：最后用 --upsert 加载`,
    truth: (truth: string) => `  ${truth} 和 truth_records.csv 存放真值。`,
  },
  en: {
    rows: 'rows',
    wrote: (r: GenerateResult) => `Wrote ${r.scale} ${r.messy ? 'messy' : 'clean'} data (seed ${r.seed}) to ${r.out} in ${seconds(r.seconds, 1)}:`,
    correction: (of: string, n: number) => `a corrected re-export of ${of} (${n} rows changed): load it last with --upsert`,
    truth: (truth: string) => `  ${truth} and truth_records.csv hold the ground truth.`,
  },
} as const;

export function renderGenerate(result: GenerateResult, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  // Row counts stay ungrouped here: that is how generate has always printed them.
  const lines = result.files.map((f) => `  ${f.path.padEnd(24)} ${f.format.padEnd(8)} ${f.encoding.padEnd(10)} ${String(f.rows).padStart(9)} ${w.rows}`);
  return [
    w.wrote(result),
    ...lines,
    ...(result.correction ? [`  ${result.correction.file.padEnd(24)} ${w.correction(result.correction.corrects, result.correction.changed.length)}`] : []),
    w.truth(result.truth),
  ].join('\n');
}
