// `grayscope return validate` and `return export` for people: a summary line, then one line per
// failed, unexplained or unreadable check with the cells it read (sheet!address = value) and its message.
import type { ReturnValidateResult, ValidateRule } from '../core/returns/validate.js';
import type { ReturnExportResult } from '../core/returns/export.js';

const value = (v: unknown) => (v === null || v === undefined ? 'empty' : typeof v === 'string' ? JSON.stringify(v) : String(v));

function ruleLine(r: ValidateRule): string {
  const tag = r.severity === 'warning' ? 'warning without explanation' : r.severity;
  const cells = r.cells.length ? `\n    ${r.cells.map((c) => `${c.address}${c.previous ? ' (previous return)' : ''} = ${value(c.value)}`).join(', ')}` : '';
  return `  ✗ ${r.id} [${tag}] ${r.message}${cells}`;
}

export function renderReturnValidate(r: ReturnValidateResult): string {
  const failed = r.rules.filter((x) => x.status === 'fail' && x.severity !== 'info');
  const info = r.rules.filter((x) => x.status === 'fail' && x.severity === 'info');
  const explained = r.rules.filter((x) => x.status === 'explained');
  const verdict = r.blocking_failed > 0 || r.unexplained > 0 ? 'FAILED' : 'passed';
  const lines = [
    `${r.file}: ${r.template} v${r.template_version}, ${r.period}, return version ${r.version} (${r.source}) — ${verdict}: ${r.passed} passed, ${r.blocking_failed} blocking failed, ${r.warnings} warning${r.warnings === 1 ? '' : 's'} (${r.unexplained} without explanation)`,
  ];
  if (r.recomputed.length) lines.push(`  recomputed from the template (no cached value in the workbook): ${r.recomputed.join(', ')}`);
  lines.push(...failed.map(ruleLine));
  for (const x of explained) lines.push(`  ~ ${x.id} [warning, explained] ${x.message}: ${x.explanation ?? ''}`);
  for (const x of info) lines.push(`  i ${x.id} [info] ${x.message}`);
  if (r.unexplained > 0) lines.push('A triggered warning requires an explanation: write it in column F of the validation sheet, next to the rule.');
  return lines.join('\n');
}

export function renderReturnExport(r: ReturnExportResult): string {
  const checks = r.validation.blocking_failed || r.validation.unexplained ? ` (the return has ${r.validation.blocking_failed} blocking failure(s) and ${r.validation.unexplained} unexplained warning(s): it validates the same way)` : '';
  return `${r.file} → ${r.out} (${r.format}): ${r.files.join(', ')}${checks}`;
}
