// `grayscope test` for people: a line per data test on stderr (failures with sample rows), and the
// summary on stdout.
import type { TestRunResult } from '../core/models/engine.js';
import type { TestOutcome } from '../core/models/tests.js';
import { count, type Lang } from './format.js';

// A sample row may hold BIGINTs, which JSON.stringify refuses; 300 characters keep a line readable.
const sampleJson = (row: Record<string, unknown>) =>
  JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)).slice(0, 300);

/** One data test's line on stderr; a failure adds up to five failing rows. */
export function renderTestLine(o: TestOutcome, lang: Lang = 'en'): string {
  const zh = lang === 'zh';
  const label = zh ? `${o.model} 的 ${o.test}` : `${o.test} on ${o.model}`;
  if (o.status === 'pass') return `✓ ${label}`;
  const mark = o.severity === 'warn' ? '!' : '✗';
  const failing = (n: number) => (zh ? `${count(n)} 行未通过` : `${count(n)} failing row${n === 1 ? '' : 's'}`);
  const what = o.failing_rows === null ? (o.message ?? (zh ? '无法运行' : 'could not run')) : failing(o.failing_rows);
  // The severity (error, warn) and the place stay as the model file writes them.
  const lines = [`${mark} ${label}  ${what}  (${o.severity}, ${o.where})`];
  for (const row of o.sample) lines.push(`    ${sampleJson(row)}`);
  if (o.failing_rows !== null && o.failing_rows > o.sample.length) lines.push(`    … ${zh ? `另有 ${count(o.failing_rows - o.sample.length)} 行` : `${count(o.failing_rows - o.sample.length)} more`}`);
  return lines.join('\n');
}

const WORDS = {
  zh: {
    none: (run: string) => `测试运行 ${run}：所选模型未声明数据测试。`,
    summary: (run: string, pass: number, errors: number, warns: number) => `测试运行 ${run}：通过 ${pass} 项，失败 ${errors} 项，警告 ${warns} 项。产物在 runs/${run}/`,
  },
  en: {
    none: (run: string) => `Test run ${run}: the selected models declare no tests.`,
    summary: (run: string, pass: number, errors: number, warns: number) => `Test run ${run}: ${pass} passed, ${errors} failed, ${warns} warned. Artifacts in runs/${run}/`,
  },
} as const;

export function renderTests(r: TestRunResult, lang: Lang = 'en'): string {
  const pass = r.tests.filter((t) => t.status === 'pass').length;
  const errors = r.tests.filter((t) => t.status === 'fail' && t.severity === 'error').length;
  const warns = r.tests.filter((t) => t.status === 'fail' && t.severity === 'warn').length;
  if (r.tests.length === 0) return WORDS[lang].none(r.run_id);
  return WORDS[lang].summary(r.run_id, pass, errors, warns);
}
