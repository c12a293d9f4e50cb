// The verdict of `grayscope estimate --rerun RUN_ID` for people: same numbers as the run, or how many
// rows differ and which loaded files changed since (and the versions, when they differ).
import type { RerunCheck } from '../core/estimate/rerun.js';
import type { Lang } from './format.js';

const WORDS = {
  zh: {
    same: (of: string) => `与 ${of} 的数字相同。`,
    differ: (of: string, e: number, g: number, s: number) => `与 ${of} 的数字不同：估计 ${e} 行、增长 ${g} 行、敏感性 ${s} 行不同。`,
    added: '此后加载',
    removed: '此后卸载',
    changed: '此后变更',
    files: '运行之后有变化的已加载文件：',
    noFiles: '运行之后没有已加载文件发生变化。',
    versions: (name: string, was: string, now: string) => `原运行由 ${name} ${was} 完成；重算由 ${now} 完成。`,
  },
  en: {
    same: (of: string) => `Same numbers as ${of}.`,
    differ: (of: string, e: number, g: number, s: number) => `The numbers differ from ${of}: ${e} estimate, ${g} growth and ${s} sensitivity rows.`,
    added: 'loaded since',
    removed: 'unloaded since',
    changed: 'changed since',
    files: 'Loaded files that changed since the run:',
    noFiles: 'No loaded file changed since the run.',
    versions: (name: string, was: string, now: string) => `${name} ${was} made the run; ${now} made the rerun.`,
  },
} as const;

export function renderRerun(c: RerunCheck, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  if (c.same) return w.same(c.of);
  const d = c.differing;
  const lines = [w.differ(c.of, d.estimates, d.growth, d.sensitivity)];
  const files = [
    ...c.inputs.added.map((f) => `  ${w.added}: ${f.source} ${f.path} (sha256 ${f.sha256.slice(0, 12)})`),
    ...c.inputs.removed.map((f) => `  ${w.removed}: ${f.source} ${f.path} (sha256 ${f.sha256.slice(0, 12)})`),
    ...c.inputs.changed.map((f) => `  ${w.changed}: ${f.source} ${f.path} (sha256 ${f.before.slice(0, 12)} → ${f.now.slice(0, 12)})`),
  ];
  lines.push(...(files.length ? [w.files, ...files] : [w.noFiles]));
  for (const [name, [was, now]] of [['grayscope', c.versions.tool], ['DuckDB', c.versions.duckdb]] as const) {
    if (was !== now) lines.push(w.versions(name, was, now));
  }
  return lines.join('\n');
}
