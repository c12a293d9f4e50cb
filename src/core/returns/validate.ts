// `grayscope return validate` (issue 13): the checks of a return read back from its workbook or an
// exported package. In front of the template's rules come the tamper checks: every built figure is
// compared with the manifest's record of it (protection can be removed, so a changed figure is named
// with its old and new value), and the manifest's own digest is recomputed so a manifest edited to
// match is caught too. Exit 1 on a blocking failure or a triggered warning without an explanation.
import { type CheckCell, type CheckResult, checkReturn, type CheckStatus } from './compute.js';
import { canonical, type Figure, lockedCells, lockedDigest, type ReturnDocument } from './document.js';
import { sheetAddress } from './layout.js';
import type { Manifest } from './manifest.js';
import type { ReturnTemplate } from './template.js';

/** One rule's outcome as the JSON prints it. */
export interface ValidateRule {
  id: string;
  severity: 'blocking' | 'warning' | 'info';
  status: CheckStatus;
  message: string;
  cells: CheckCell[];
  /** Why a rule was skipped or not applicable. */
  reason?: string;
  /** The filer's explanation of a triggered warning. */
  explanation?: string;
}

export interface ReturnValidateResult {
  file: string;
  /** What was read: a workbook, or an exported xBRL-CSV package folder. */
  source: 'workbook' | 'package';
  template: string;
  template_version: number;
  period: string;
  version: number;
  rules: ValidateRule[];
  blocking_failed: number;
  /** Triggered warnings, explained or not. */
  warnings: number;
  /** Triggered warnings without an explanation: each makes the return fail (exit 1). */
  unexplained: number;
  passed: number;
  /** Formula cells recomputed from the template because the workbook had no cached value (S01!C13). */
  recomputed: string[];
}

const shown = (v: Figure, zh: boolean): string => (v === null ? (zh ? '空' : 'empty') : typeof v === 'number' ? String(v) : JSON.stringify(v));

/** Two figures the same as the manifest sees them (numbers to 12 significant digits). */
function same(a: Figure, b: Figure): boolean {
  const x = canonical(a);
  const y = canonical(b);
  if (typeof x === 'string' && typeof y === 'number') return x.trim() !== '' && canonical(Number(x)) === y;
  if (typeof x === 'number' && typeof y === 'string') return y.trim() !== '' && canonical(Number(y)) === x;
  return x === y;
}

/**
 * Every built figure against the manifest, and the manifest's digest against its own figures. A
 * difference is a blocking result naming the cell with both values; the digest result is always there.
 */
export function tamperChecks(t: ReturnTemplate, doc: ReturnDocument, manifest: Manifest): CheckResult[] {
  const zh = doc.lang === 'zh';
  const out: CheckResult[] = [];
  const intact = lockedDigest(t, manifest.cells) === manifest.digest;
  out.push({
    id: 'built.manifest',
    severity: 'blocking',
    status: intact ? 'pass' : 'fail',
    message: intact
      ? zh ? '清单摘要与生成的数字一致' : 'the manifest matches its digest'
      : zh ? '清单被改动：其摘要与记录的生成数字不符；请重新生成报表' : 'the manifest was altered: its digest does not match the built figures it records; build the return again',
    cells: [],
  });
  for (const c of lockedCells(t)) {
    const built = (manifest.cells[c.key] ?? null) as Figure;
    const now = doc.values[c.key] ?? null;
    if (same(built, now)) continue;
    const address = sheetAddress(t, c.sheet, c.row, c.col);
    out.push({
      id: `built.${c.key}`,
      severity: 'blocking',
      status: 'fail',
      message: zh
        ? `${address}（${c.row}, ${c.col}）生成时为${shown(built, zh)}，现为${shown(now, zh)}：生成的数字不能修改；请用 grayscope return build --amend 修订报表`
        : `${address} (${c.row}, ${c.col}) was ${shown(built, zh)} when built and is ${shown(now, zh)} now: built figures cannot be changed; amend the return with grayscope return build --amend`,
      cells: [{ sheet: c.sheet, row: c.row, col: c.col, address, value: now }],
    });
  }
  return out;
}

/** The template's checks with `front` (read problems, tamper or digest checks) merged before them. */
export function validateDocument(
  t: ReturnTemplate,
  doc: ReturnDocument,
  front: readonly CheckResult[],
  where: { file: string; source: 'workbook' | 'package'; recomputed?: readonly string[] },
): ReturnValidateResult {
  const summary = checkReturn(t, doc, 'validate');
  const all = [...front, ...summary.rules];
  const fail = (r: CheckResult) => r.status === 'fail';
  return {
    file: where.file,
    source: where.source,
    template: t.id,
    template_version: t.version,
    period: doc.period,
    version: doc.version,
    rules: all.map((r) => ({
      id: r.id,
      severity: r.severity,
      status: r.status,
      message: r.message,
      cells: r.cells,
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.explanation ? { explanation: r.explanation } : {}),
    })),
    blocking_failed: all.filter((r) => r.severity === 'blocking' && fail(r)).length,
    warnings: summary.warnings,
    unexplained: summary.unexplained,
    passed: all.filter((r) => r.status === 'pass').length,
    recomputed: [...(where.recomputed ?? [])],
  };
}
