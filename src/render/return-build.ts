// `grayscope return build` for people: the file and its version on one line, then the checks that
// failed and the warnings to explain, and the cells the template still leaves empty.
import type { ReturnBuildResult } from '../core/returns/build.js';

export function renderReturnBuild(r: ReturnBuildResult): string {
  const what = r.unchanged ? `version ${r.version} unchanged (same figures; the same file written again)` : `version ${r.version}${r.supersedes === null ? '' : `, superseding version ${r.supersedes}`}`;
  const lines = [`${r.draft ? 'DRAFT ' : ''}${r.template} return ${r.period}: ${r.file} (${what})`];
  const v = r.validation;
  lines.push(`  checks: ${v.passed} passed, ${v.blocking_failed} blocking failed, ${v.warnings} warning${v.warnings === 1 ? '' : 's'}`);
  for (const c of r.rules.filter((x) => x.status === 'fail')) {
    const cells = c.cells.length ? ` [${c.cells.slice(0, 6).map((x) => x.address).join(', ')}${c.cells.length > 6 ? ', …' : ''}]` : '';
    lines.push(`  ${c.severity === 'blocking' ? 'FAILED ' : 'warning'} ${c.id}: ${c.message}${cells}`);
  }
  const pendingInput = r.rules.filter((x) => x.status === 'pending_input');
  if (pendingInput.length) lines.push(`  to fill in on the cover: ${pendingInput.map((x) => x.id.replace(/^cover\./, '')).join(', ')}`);
  if (r.amended.length) lines.push(`  amended cells (${r.amended.length}): ${r.amended.slice(0, 8).map((c) => `${c.sheet}!${c.address} ${c.old ?? '∅'} → ${c.new ?? '∅'}`).join('; ')}${r.amended.length > 8 ? '; …' : ''}`);
  if (r.pending.length) lines.push(`  left empty (bindings still pending in the template): ${r.pending.length} cells`);
  if (r.draft) lines.push('  Not for filing: fix the data (or the template) so the blocking checks pass, then build again.');
  return lines.join('\n');
}
