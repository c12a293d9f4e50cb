// A return as data (issue 13): what `return build` writes, what `return validate` reads back from a
// workbook or an exported package, and what `return export` writes out — one shape for all three, so
// a return read from any of them is checked by the same rules. Cells are named by codes
// (S01!r010!c010), never by spreadsheet addresses; layout.ts places them.
import { createHash } from 'node:crypto';
import type { ReportLang } from '../reports/report-table.js';
import type { ReturnCell, ReturnSheet, ReturnTemplate, UNITS } from './template.js';

/** What the hidden manifest sheet and an exported package say they are. */
export const RETURN_FORMAT = 'grayscope-return';
/** Layout version of the manifest and the package; raise it when a field changes meaning. */
export const RETURN_SCHEMA_VERSION = 1;

/** A cell by codes: `S01!r010!c010`. */
export type CellKey = `${string}!${string}!${string}`;
export const cellKey = (sheet: string, row: string, col: string): CellKey => `${sheet}!${row}!${col}`;
export function parseCellKey(key: string): { sheet: string; row: string; col: string } | undefined {
  const m = /^(S\d{2})!(r\d{3})!(c\d{3})$/.exec(key);
  return m ? { sheet: m[1]!, row: m[2]!, col: m[3]! } : undefined;
}

/** A figure (rounded to its decimals), a text (the method, an explanation) or empty. */
export type Figure = number | string | null;

export interface ReturnDocument {
  template: string;
  template_version: number;
  /** The quarter reported (2025Q3). */
  period: string;
  lang: ReportLang;
  /** 1 for the first return of a period and template; each amendment adds one. */
  version: number;
  supersedes: number | null;
  /** Why an amendment was made (--reason); null for version 1. */
  reason: string | null;
  /** The build's run id, and the estimate run the figures come from (null: no estimate read). */
  run_id: string | null;
  estimate_run_id: string | null;
  /** Cover fields by code (填报单位, 统一社会信用代码 …); null where not filled in. */
  cover: Record<string, string | null>;
  /** Filing indicators: whether each sheet is reported. */
  filing: Record<string, boolean>;
  /** Every bound cell of every sheet: table figures, formula results, inputs. */
  values: Record<CellKey, Figure>;
  /** The previous quarter's filed return, the cells prev() reads; null when there is none. */
  previous: Record<CellKey, Figure> | null;
  /** Rule id → the filer's explanation of a triggered warning. */
  explanations: Record<string, string>;
}

export type Unit = (typeof UNITS)[number];

/** One bound cell with its effective unit and decimals (the cell's own, else its column's). */
export interface CellSpec {
  key: CellKey;
  sheet: string;
  row: string;
  col: string;
  cell: ReturnCell;
  kind: 'table' | 'formula' | 'input';
  unit: Unit;
  decimals: number;
}

/** Every bound cell of a template, in template order (sheet, then the sheet's cells as listed). */
export function cellSpecs(t: ReturnTemplate): CellSpec[] {
  return t.sheets.flatMap((sheet) => sheet.cells.map((cell) => specOf(sheet, cell)));
}

function specOf(sheet: ReturnSheet, cell: ReturnCell): CellSpec {
  const column = sheet.columns.find((c) => c.code === cell.col);
  if (!column) throw new Error(`internal: ${sheet.code} has no column ${cell.col} (the template check lets none through)`);
  const kind = 'table' in cell ? 'table' : 'formula' in cell ? 'formula' : 'input';
  const own = 'table' in cell ? { unit: cell.unit, decimals: cell.decimals } : { unit: undefined, decimals: undefined };
  const unit: Unit = own.unit ?? (kind === 'input' && 'input' in cell && cell.kind === 'text' ? 'text' : column.unit);
  const decimals = own.decimals ?? column.decimals;
  return { key: cellKey(sheet.code, cell.row, cell.col), sheet: sheet.code, row: cell.row, col: cell.col, cell, kind, unit, decimals };
}

/** The cells whose values the build fixes: table figures and formula results (not inputs). */
export const lockedCells = (t: ReturnTemplate): CellSpec[] => cellSpecs(t).filter((c) => c.kind !== 'input');

/**
 * Rounds half away from zero to `decimals`, as a filer rounds a figure to its unit (1.005 万元 → 1.01).
 * The tiny relative nudge makes values whose binary form sits just below the half (2.675) round up.
 */
export function roundTo(v: number, decimals: number): number {
  const p = 10 ** decimals;
  const r = Math.round(Math.abs(v) * p * (1 + 2 * Number.EPSILON)) / p;
  return v < 0 ? -r : r;
}

/**
 * The digest of the built figures: sha256 over the locked cells' keys and values in template order,
 * as one canonical JSON array. A figure changed after the build changes it; an input does not.
 */
export function lockedDigest(t: ReturnTemplate, values: Readonly<Record<string, Figure>>): string {
  const pairs = lockedCells(t).map((c) => [c.key, canonical(values[c.key] ?? null)]);
  return createHash('sha256').update(JSON.stringify(pairs)).digest('hex');
}

/** A figure as the digest and the manifest see it: numbers to 12 significant digits, so a value read back from any client compares equal. */
export function canonical(v: Figure): Figure {
  if (typeof v === 'number') return Number.isFinite(v) ? Number(v.toPrecision(12)) : null;
  return v;
}

/** The previous quarter (2025Q1 → 2024Q4), or the quarter `offset` quarters away. */
export function shiftQuarter(period: string, offset: number): string {
  const m = /^(\d{4})Q([1-4])$/.exec(period);
  if (!m) throw new Error(`internal: ${period} is not a quarter`);
  const index = Number(m[1]) * 4 + (Number(m[2]) - 1) + offset;
  return `${Math.floor(index / 4)}Q${(index % 4) + 1}`;
}
