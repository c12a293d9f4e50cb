// The arithmetic of a return, shared by build and validate: the value of each formula cell from the
// cells it reads (in JavaScript, the same as the spreadsheet formula layout.ts places, so the cached
// value a workbook carries is what Excel, WPS or LibreOffice recompute), the formula's text, and the
// checks — the template's rules (expression.ts, interval arithmetic for rounding), the cover fields
// (统一社会信用代码 by its GB 32100 check digit) and the filing indicators.
import { formatReference, parseExpression, references, evaluate, type EvaluationContext, type Interval, type RuleStatus, codesBetween } from './expression.js';
import { cellKey, type CellKey, cellSpecs, type CellSpec, type Figure, type ReturnDocument } from './document.js';
import { addressOf } from './layout.js';
import type { ReturnSheet, ReturnTemplate } from './template.js';
import { checkUscc } from './uscc.js';

type Formula = Extract<CellSpec['cell'], { formula: unknown }>['formula'];

/** The rows (or columns) a list of codes and ranges covers, in template order. */
function expand(items: readonly string[], codes: readonly string[]): string[] {
  return items.flatMap((item) => {
    const [from, to = from] = item.split(':') as [string, string?];
    return codesBetween(codes, from, to!) ?? [];
  });
}

/** The two columns a ratio, change or annual change reads along its row. */
const pairOf = (formula: Exclude<Formula, { sum_rows: unknown } | { sum_cols: unknown }>) =>
  'ratio' in formula ? formula.ratio : 'change' in formula ? formula.change : formula.annual_change;

const num = (v: Figure | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The value of a formula cell from the values of its sheet. Sums count empty cells as nothing (as
 * SUM does); a ratio or change with an empty operand or a zero base is empty, as the written formula
 * (formulaText) makes it; a geometric annual change of a negative ratio is empty.
 */
export function formulaValue(sheet: ReturnSheet, row: string, col: string, formula: Formula, get: (row: string, col: string) => Figure | undefined): number | null {
  if ('sum_rows' in formula) return expand(formula.sum_rows, sheet.rows.map((r) => r.code)).reduce((s, r) => s + (num(get(r, col)) ?? 0), 0);
  if ('sum_cols' in formula) return expand(formula.sum_cols, sheet.columns.map((c) => c.code)).reduce((s, c) => s + (num(get(row, c)) ?? 0), 0);
  const pair = pairOf(formula);
  const of = num(get(row, pair.of));
  const base = num(get(row, pair.base));
  if (of === null || base === null || base === 0) return null;
  if ('ratio' in formula) return of / base;
  if ('change' in formula) return of / base - 1;
  const r = (of / base) ** (1 / formula.annual_change.years) - 1;
  return Number.isFinite(r) ? r : null;
}

/** The spreadsheet formula of a formula cell (without the leading =), with the same empty cases as formulaValue. */
export function formulaText(sheet: ReturnSheet, row: string, col: string, formula: Formula): string {
  const at = (r: string, c: string) => addressOf(sheet, r, c);
  const sum = (cells: string[]) => `SUM(${ranges(cells)})`;
  if ('sum_rows' in formula) return sum(expand(formula.sum_rows, sheet.rows.map((r) => r.code)).map((r) => at(r, col)));
  if ('sum_cols' in formula) return sum(expand(formula.sum_cols, sheet.columns.map((c) => c.code)).map((c) => at(row, c)));
  const pair = pairOf(formula);
  const of = at(row, pair.of);
  const base = at(row, pair.base);
  const guard = `OR(${of}="",${base}="",${base}=0)`;
  if ('ratio' in formula) return `IF(${guard},"",${of}/${base})`;
  if ('change' in formula) return `IF(${guard},"",${of}/${base}-1)`;
  return `IF(${guard},"",IFERROR((${of}/${base})^(1/${formula.annual_change.years})-1,""))`;
}

/** Consecutive addresses of one column or one row joined into ranges: C6,C7,C8,C10 → C6:C8,C10. */
function ranges(addresses: string[]): string {
  const parsed = addresses.map((a) => {
    const m = /^([A-Z]+)(\d+)$/.exec(a)!;
    return { col: m[1]!, row: Number(m[2]), text: a };
  });
  const out: string[] = [];
  let i = 0;
  while (i < parsed.length) {
    let j = i;
    while (j + 1 < parsed.length && parsed[j + 1]!.col === parsed[i]!.col && parsed[j + 1]!.row === parsed[j]!.row + 1) j++;
    if (j === i) {
      // Along a row: C6,D6,E6 → C6:E6.
      let k = i;
      while (k + 1 < parsed.length && parsed[k + 1]!.row === parsed[i]!.row && letterIndex(parsed[k + 1]!.col) === letterIndex(parsed[k]!.col) + 1) k++;
      out.push(k === i ? parsed[i]!.text : `${parsed[i]!.text}:${parsed[k]!.text}`);
      i = k + 1;
    } else {
      out.push(`${parsed[i]!.text}:${parsed[j]!.text}`);
      i = j + 1;
    }
  }
  return out.join(',');
}

const letterIndex = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

/**
 * Fills every formula cell of `values` from the cells it reads, in dependency order (a ratio of two
 * totals reads the totals first). `only`: recompute just these (validate: formulas a client saved
 * without their cached values); the others keep what they hold. A cycle is a template fault.
 */
export function computeFormulas(t: ReturnTemplate, values: Record<CellKey, Figure>, only?: ReadonlySet<CellKey>): Record<CellKey, Figure> {
  const out: Record<CellKey, Figure> = { ...values };
  const specs = new Map(cellSpecs(t).filter((c) => c.kind === 'formula').map((c) => [c.key, c]));
  const sheets = new Map(t.sheets.map((s) => [s.code, s]));
  const state = new Map<CellKey, 'busy' | 'done'>();
  const visit = (key: CellKey): Figure | undefined => {
    const spec = specs.get(key);
    if (!spec || (only && !only.has(key))) return out[key];
    if (state.get(key) === 'done') return out[key];
    if (state.get(key) === 'busy') throw new Error(`the formula of ${key} depends on itself`);
    state.set(key, 'busy');
    const sheet = sheets.get(spec.sheet)!;
    const v = formulaValue(sheet, spec.row, spec.col, (spec.cell as { formula: Formula }).formula, (r, c) => visit(cellKey(spec.sheet, r, c)));
    out[key] = v;
    state.set(key, 'done');
    return v;
  };
  for (const key of specs.keys()) visit(key);
  return out;
}

// ---------------------------------------------------------------- checks

/** explained: a triggered warning the filer explained; pending_input: a cover field still to fill in (build only). */
export type CheckStatus = RuleStatus | 'explained' | 'pending_input';

export interface CheckCell {
  sheet: string;
  row: string;
  col: string;
  /** Where the cell is in the workbook: S01!C6. */
  address: string;
  value: Figure;
  /** Read through prev(): the previous quarter's filed return. */
  previous?: boolean;
}

export interface CheckResult {
  id: string;
  severity: 'blocking' | 'warning' | 'info';
  status: CheckStatus;
  message: string;
  cells: CheckCell[];
  /** Both sides of the comparison, as intervals, where the rule is one comparison. */
  left?: Interval;
  right?: Interval;
  reason?: string;
  explanation?: string;
}

export interface CheckSummary {
  rules: CheckResult[];
  blocking_failed: number;
  /** Triggered warnings (explained or not). */
  warnings: number;
  /** Triggered warnings without an explanation. */
  unexplained: number;
  passed: number;
}

/**
 * Runs every check on a return. mode build: empty required cover fields are pending_input (the
 * officer fills them in the workbook); mode validate: they are blocking failures.
 */
export function checkReturn(t: ReturnTemplate, doc: ReturnDocument, mode: 'build' | 'validate'): CheckSummary {
  const lang = doc.lang;
  const sheets = new Map(t.sheets.map((s) => [s.code, s]));
  const decimals = new Map(cellSpecs(t).map((c) => [c.key, c.decimals]));
  const results: CheckResult[] = [];

  for (const field of t.cover) {
    const value = (doc.cover[field.code] ?? '').trim();
    const id = `cover.${field.code}`;
    const label = field.label[lang];
    const base = { id, severity: 'blocking' as const, cells: [] };
    if (value === '') {
      if (!field.required) continue;
      results.push({ ...base, status: mode === 'build' ? 'pending_input' : 'fail', message: lang === 'zh' ? `封面“${label}”未填写` : `Cover: ${label} is not filled in` });
      continue;
    }
    if (field.kind === 'uscc') {
      const check = checkUscc(value);
      results.push({ ...base, status: check.ok ? 'pass' : 'fail', message: check.ok ? (lang === 'zh' ? `${label}校验位正确` : `${label}: check digit correct`) : `${label}: ${check.reason}` });
    } else if (field.kind === 'period') {
      const ok = value === doc.period;
      results.push({ ...base, status: ok ? 'pass' : 'fail', message: ok ? `${label}: ${value}` : lang === 'zh' ? `${label}“${value}”与报表期间${doc.period}不一致` : `${label} "${value}" is not the return's period ${doc.period}` });
    }
  }

  for (const sheet of t.sheets) {
    if (sheet.filing_indicator === 'required' && doc.filing[sheet.code] === false) {
      results.push({
        id: `filing.${sheet.code}`,
        severity: 'blocking',
        status: 'fail',
        cells: [],
        message: lang === 'zh' ? `${sheet.code}为必报表，不能申报为不报送` : `${sheet.code} must be filed: it cannot be declared not reported`,
      });
    }
  }

  const ctx: EvaluationContext = {
    value: (sheet, row, col) => ({ v: num(doc.values[cellKey(sheet, row, col)]), decimals: decimals.get(cellKey(sheet, row, col)) ?? 0 }),
    previous: (sheet, row, col) => (doc.previous === null ? undefined : { v: num(doc.previous[cellKey(sheet, row, col)]), decimals: decimals.get(cellKey(sheet, row, col)) ?? 0 }),
    rows: (sheet, from, to) => codesBetween(sheets.get(sheet)!.rows.map((r) => r.code), from, to) ?? [],
    cols: (sheet, from, to) => codesBetween(sheets.get(sheet)!.columns.map((c) => c.code), from, to) ?? [],
  };
  for (const rule of t.rules) {
    const ast = parseExpression(rule.id, rule.expression);
    const refs = references(ast);
    const cells: CheckCell[] = refs.flatMap((ref) =>
      ctx.rows(ref.sheet, ref.rows[0], ref.rows[1]).flatMap((row) =>
        ctx.cols(ref.sheet, ref.cols[0], ref.cols[1]).map((col) => {
          const key = cellKey(ref.sheet, row, col);
          const value = ref.previous ? (doc.previous?.[key] ?? null) : (doc.values[key] ?? null);
          return { sheet: ref.sheet, row, col, address: `${ref.sheet}!${addressOf(sheets.get(ref.sheet)!, row, col)}`, value, ...(ref.previous ? { previous: true } : {}) };
        }),
      ),
    );
    const unfiled = refs.find((ref) => doc.filing[ref.sheet] === false);
    if (unfiled) {
      results.push({ id: rule.id, severity: rule.severity, status: 'not_applicable', message: rule.message[lang], cells, reason: `${unfiled.sheet} is declared not reported` });
      continue;
    }
    const r = evaluate(ast, ctx);
    const explanation = doc.explanations[rule.id]?.trim() || undefined;
    const status: CheckStatus = r.status === 'fail' && rule.severity === 'warning' && explanation ? 'explained' : r.status;
    results.push({
      id: rule.id,
      severity: rule.severity,
      status,
      message: rule.message[lang],
      cells,
      ...(r.left ? { left: r.left } : {}),
      ...(r.right ? { right: r.right } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
      ...(explanation ? { explanation } : {}),
    });
  }

  const failed = (s: CheckResult) => s.status === 'fail';
  return {
    rules: results,
    blocking_failed: results.filter((r) => r.severity === 'blocking' && failed(r)).length,
    warnings: results.filter((r) => r.severity === 'warning' && (failed(r) || r.status === 'explained')).length,
    unexplained: results.filter((r) => r.severity === 'warning' && failed(r)).length,
    passed: results.filter((r) => r.status === 'pass').length,
  };
}

/** The cells prev() reads: what a built return carries of the previous quarter's filed return. */
export function previousCells(t: ReturnTemplate): CellKey[] {
  const sheets = new Map(t.sheets.map((s) => [s.code, s]));
  const keys = new Set<CellKey>();
  for (const rule of t.rules) {
    for (const ref of references(parseExpression(rule.id, rule.expression))) {
      if (!ref.previous) continue;
      const s = sheets.get(ref.sheet)!;
      for (const row of codesBetween(s.rows.map((r) => r.code), ref.rows[0], ref.rows[1]) ?? []) {
        for (const col of codesBetween(s.columns.map((c) => c.code), ref.cols[0], ref.cols[1]) ?? []) keys.add(cellKey(ref.sheet, row, col));
      }
    }
  }
  return [...keys];
}

export { formatReference };
