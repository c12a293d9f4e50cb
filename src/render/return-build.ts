// `grayscope return build` for people: the file and its version on one line, then the checks that
// failed and the warnings to explain, and the cells the template still leaves empty.
import type { ReturnBuildResult } from '../core/returns/build.js';
import type { Lang } from './format.js';

const WORDS = {
  zh: {
    unchanged: (v: number) => `第 ${v} 版未变（数字相同；同一文件再次写入）`,
    version: (v: number, sup: number | null) => `第 ${v} 版${sup === null ? '' : `，取代第 ${sup} 版`}`,
    head: (draft: boolean, template: string, period: string, file: string, what: string) => `${draft ? '草稿 ' : ''}${template} 报表 ${period}：${file}（${what}）`,
    checks: (passed: number, blocking: number, warnings: number) => `  校验：通过 ${passed} 项，阻断性未通过 ${blocking} 项，警告 ${warnings} 项`,
    failed: '未通过',
    warning: '警告  ',
    cover: '  封面待填：',
    amended: (n: number) => `  更正的单元格（${n} 个）：`,
    pending: (n: number) => `  留空（模板中的取数尚未定义）：${n} 个单元格`,
    draftNote: '  不可报送：请修正数据（或模板）使阻断性校验通过，然后重新生成。',
    sep: '、',
  },
  en: {
    unchanged: (v: number) => `version ${v} unchanged (same figures; the same file written again)`,
    version: (v: number, sup: number | null) => `version ${v}${sup === null ? '' : `, superseding version ${sup}`}`,
    head: (draft: boolean, template: string, period: string, file: string, what: string) => `${draft ? 'DRAFT ' : ''}${template} return ${period}: ${file} (${what})`,
    checks: (passed: number, blocking: number, warnings: number) => `  checks: ${passed} passed, ${blocking} blocking failed, ${warnings} warning${warnings === 1 ? '' : 's'}`,
    failed: 'FAILED ',
    warning: 'warning',
    cover: '  to fill in on the cover: ',
    amended: (n: number) => `  amended cells (${n}): `,
    pending: (n: number) => `  left empty (bindings still pending in the template): ${n} cells`,
    draftNote: '  Not for filing: fix the data (or the template) so the blocking checks pass, then build again.',
    sep: ', ',
  },
} as const;

/** Rule messages come from the template, in its language; the words around them are in `lang`. */
export function renderReturnBuild(r: ReturnBuildResult, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  const what = r.unchanged ? w.unchanged(r.version) : w.version(r.version, r.supersedes);
  const lines = [w.head(r.draft, r.template, r.period, r.file, what)];
  const v = r.validation;
  lines.push(w.checks(v.passed, v.blocking_failed, v.warnings));
  for (const c of r.rules.filter((x) => x.status === 'fail')) {
    const cells = c.cells.length ? ` [${c.cells.slice(0, 6).map((x) => x.address).join(', ')}${c.cells.length > 6 ? ', …' : ''}]` : '';
    lines.push(`  ${c.severity === 'blocking' ? w.failed : w.warning} ${c.id}: ${c.message}${cells}`);
  }
  const pendingInput = r.rules.filter((x) => x.status === 'pending_input');
  if (pendingInput.length) lines.push(`${w.cover}${pendingInput.map((x) => x.id.replace(/^cover\./, '')).join(w.sep)}`);
  if (r.amended.length) lines.push(`${w.amended(r.amended.length)}${r.amended.slice(0, 8).map((c) => `${c.sheet}!${c.address} ${c.old ?? '∅'} → ${c.new ?? '∅'}`).join('; ')}${r.amended.length > 8 ? '; …' : ''}`);
  if (r.pending.length) lines.push(w.pending(r.pending.length));
  if (r.draft) lines.push(w.draftNote);
  return lines.join('\n');
}
