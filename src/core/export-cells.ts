// How `grayscope export` writes a value of each DuckDB type, so that numbers stay numbers without
// losing a digit and dates are ISO text: the SQL expression that reads a column, and the JSON and
// XLSX forms of what it reads. The writers (src/adapters/export-file.ts) only follow these rules.
import { quoteIdent } from './ports/db.js';

/**
 * number: a JavaScript number is exact (INTEGER and smaller, FLOAT, DOUBLE);
 * decimal: read as its exact decimal text (DECIMAL, BIGINT, HUGEINT: a double would round them);
 * boolean; json: a list, struct or map, read as its JSON text; text: everything else (dates and
 * timestamps as ISO 8601 text).
 */
export type CellKind = 'number' | 'decimal' | 'boolean' | 'json' | 'text';

export interface ExportColumn {
  name: string;
  /** The DuckDB type, as DESCRIBE names it (DECIMAL(18,2), VARCHAR, INTEGER[] …). */
  type: string;
  kind: CellKind;
}

const NUMBER = /^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT|UINTEGER|FLOAT|DOUBLE)$/;
const DECIMAL = /^(BIGINT|UBIGINT|HUGEINT|UHUGEINT|DECIMAL\(\d+,\d+\))$/;
const NESTED = /[[\]]$|^(STRUCT|MAP|UNION)\(/;
const TIMESTAMP = /^TIMESTAMP/;

export function cellKind(type: string): CellKind {
  if (NUMBER.test(type)) return 'number';
  if (DECIMAL.test(type)) return 'decimal';
  if (type === 'BOOLEAN') return 'boolean';
  if (NESTED.test(type)) return 'json';
  return 'text';
}

/** The SQL that reads a column in the form its kind is written in. */
export function readExpression(column: ExportColumn): string {
  const c = quoteIdent(column.name);
  if (column.kind === 'number' || column.kind === 'boolean' || column.type === 'VARCHAR') return c;
  if (column.kind === 'json') return `CAST(to_json(${c}) AS VARCHAR)`;
  // 2025-03-31 10:00:00 → 2025-03-31T10:00:00 (ISO 8601); a DATE is ISO as it is cast.
  if (TIMESTAMP.test(column.type)) return `replace(CAST(${c} AS VARCHAR), ' ', 'T')`;
  return `CAST(${c} AS VARCHAR)`;
}

const EXACT = /^-?\d+(\.\d+)?$/;

/** A row as one JSON object: exact decimals and nested values as JSON number/array tokens, not strings. */
export function jsonRow(columns: readonly ExportColumn[], row: Readonly<Record<string, unknown>>): string {
  return jsonRowWriter(columns)(row);
}

/** jsonRow with the keys quoted once, for a million rows. */
export function jsonRowWriter(columns: readonly ExportColumn[]): (row: Readonly<Record<string, unknown>>) => string {
  const keys = columns.map((c) => `${JSON.stringify(c.name)}:`);
  return (row) => {
    let text = '{';
    for (let i = 0; i < columns.length; i++) text += `${i === 0 ? '' : ','}${keys[i]}${jsonValue(columns[i]!.kind, row[columns[i]!.name])}`;
    return `${text}}`;
  };
}

function jsonValue(kind: CellKind, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (kind === 'decimal' && typeof value === 'string' && EXACT.test(value)) return value;
  if (kind === 'json' && typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

/** Significant digits Excel keeps of a number; more and it rounds the rest to zeros. */
export const EXCEL_DIGITS = 15;

/**
 * The number cell an exact decimal text can be without losing a digit in Excel (15 significant
 * digits), or undefined: then it is written as text with every digit.
 */
export function excelNumber(text: string): number | undefined {
  if (!EXACT.test(text)) return undefined;
  return significantDigits(text) <= EXCEL_DIGITS ? Number(text) : undefined;
}

/** 0.01 → 1, 123.450 → 5, 1000 → 1: the digits a double must hold exactly. */
export function significantDigits(text: string): number {
  const [int = '', rawFrac = ''] = text.replace(/^-/, '').split('.');
  const frac = rawFrac.replace(/0+$/, '');
  const digits = `${int}${frac}`.replace(/^0+/, '');
  return (frac === '' ? digits.replace(/0+$/, '') : digits).length;
}

/** A row for the XLSX writer: exact decimals as numbers where Excel keeps them, nested values as their JSON text. */
export function xlsxRow(columns: readonly ExportColumn[], row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of columns) {
    const value = row[column.name];
    out[column.name] = column.kind === 'decimal' && typeof value === 'string' ? (excelNumber(value) ?? value) : value;
  }
  return out;
}
