// `grayscope init` for people: what was created, what was kept, and the next command to run.
import type { InitResult } from '../core/project.js';
import type { Lang } from './format.js';

const WORDS = {
  zh: {
    project: '项目位于',
    created: '已创建：',
    kept: '保持原样：',
    sample: '样例数据：data/complaints.csv、data/incidents.csv、data/enforcement.csv（真值在 data/truth.json）',
    next: '下一步：',
    file: '<文件>',
    sep: '、',
  },
  en: {
    project: 'Project in',
    created: 'created: ',
    kept: 'kept as they were: ',
    sample: 'sample data: data/complaints.csv, data/incidents.csv, data/enforcement.csv (truth in data/truth.json)',
    next: 'Next: ',
    file: '<file>',
    sep: ', ',
  },
} as const;

/** `dir` is the folder as the user typed it, so the suggested next command works where they are. */
export function renderInit(result: InitResult & { demo: unknown }, dir: string, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  return [
    `${w.project} ${result.dir}`,
    result.created.length ? `${w.created}${result.created.join(w.sep)}` : '',
    result.existing.length ? `${w.kept}${result.existing.join(w.sep)}` : '',
    result.demo !== null ? w.sample : '',
    `${w.next}grayscope load complaints ${w.file} --project ${dir}`,
  ]
    .filter(Boolean)
    .join('\n');
}
