// The figures of a return: each table cell of the template read from its report table (the one data
// layer the charts and the bulletin read too), for the return's quarter or `period_offset` quarters
// before it, converted to the cell's unit and rounded to its decimals. Each (table, quarter) is read
// once; a quarter the data does not reach leaves its cells empty (an earlier quarter that never was).
import { GrayscopeError } from '../errors.js';
import type { Db } from '../ports/db.js';
import { REPORT_TABLES, type ReportLang, type ReportTable, type ReportTableName, type ReportTableReader } from '../reports/report-table.js';
import { type CellKey, cellSpecs, type Figure, roundTo, shiftQuarter } from './document.js';
import { templateFault, type ReturnTemplate, type TemplateOrigin } from './template.js';

/** Yuan in one unit of each amount unit. */
const YUAN: Readonly<Record<string, number>> = { yuan: 1, wan: 1e4, yi: 1e8 };

export interface Figures {
  /** Every table cell's figure (formulas and inputs are not filled here). */
  values: Record<CellKey, Figure>;
  /** Cells still marked pending in the template: left empty. */
  pending: Array<{ cell: CellKey; table: string; column: string }>;
  /** The estimate run the figures come from (meta.run_id of the tables read for the period), or null. */
  estimate_run_id: string | null;
}

export interface FigureSource {
  db: Db;
  readTable: ReportTableReader;
  lang: ReportLang;
  origin: TemplateOrigin;
  file: string;
}

/** True when a report table has a period column: one read for the return's period holds the earlier quarters as rows. */
const hasPeriodColumn = (t: ReportTable) => t.columns.includes('period');

/** The "no data for that quarter" refusal of a report table (exit 3): an earlier quarter that does not exist. */
const isMissingQuarter = (err: unknown) => err instanceof GrayscopeError && err.code === 'input';

/** Reads every table cell of `t` for `period`. */
export async function readFigures(t: ReturnTemplate, period: string, source: FigureSource): Promise<Figures> {
  const tables = new Map<string, ReportTable | null>();
  const read = async (name: ReportTableName, quarter: string): Promise<ReportTable | null> => {
    const key = `${name}|${quarter}`;
    if (!tables.has(key)) {
      try {
        tables.set(key, await source.readTable(source.db, name, { period: quarter, lang: source.lang }));
      } catch (err) {
        // The return's own quarter must exist; an earlier one may simply not.
        if (quarter === period || !isMissingQuarter(err)) throw err;
        tables.set(key, null);
      }
    }
    return tables.get(key)!;
  };
  const values: Record<CellKey, Figure> = {};
  const pending: Figures['pending'] = [];
  let estimateRunId: string | null = null;
  for (const spec of cellSpecs(t)) {
    const cell = spec.cell;
    if (!('table' in cell)) continue;
    if (cell.pending) {
      values[spec.key] = null;
      pending.push({ cell: spec.key, table: cell.table, column: cell.column });
      continue;
    }
    if (!(cell.table in REPORT_TABLES)) throw templateFault(source.origin, `${source.file}: ${spec.key}: no report table ${cell.table}`, `Report tables: ${Object.keys(REPORT_TABLES).join(', ')}.`);
    const name = cell.table as ReportTableName;
    const target = shiftQuarter(period, cell.period_offset);
    // A table with a period column is read once for the return's period; its rows reach back.
    const first = await read(name, period);
    const table = first !== null && hasPeriodColumn(first) ? first : target === period ? first : await read(name, target);
    if (first?.meta.run_id != null && estimateRunId === null) estimateRunId = String(first.meta.run_id);
    if (table === null) {
      values[spec.key] = null;
      continue;
    }
    const where: Record<string, unknown> = hasPeriodColumn(table) ? { ...cell.where, period: target } : cell.where;
    const row = table.rows.find((r) => Object.entries(where).every(([k, v]) => String(r[k]) === String(v)));
    const raw = row?.[cell.column];
    values[spec.key] = figure(raw ?? null, spec.unit, spec.decimals, table, spec.key, source);
  }
  return { values, pending, estimate_run_id: estimateRunId };
}

function figure(raw: string | number | boolean | null, unit: string, decimals: number, table: ReportTable, key: CellKey, source: FigureSource): Figure {
  if (raw === null) return null;
  if (unit === 'text') return String(raw);
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(n)) return null;
  if (unit in YUAN) {
    const from = table.meta.unit_code;
    if (typeof from !== 'string' || !(from in YUAN)) {
      throw templateFault(source.origin, `${source.file}: ${key}: the ${table.name} table gives no amount unit (meta.unit_code), so its figures cannot be put in ${unit}`, 'Bind an amount cell to a table column that holds an amount.');
    }
    return roundTo((n * YUAN[from]!) / YUAN[unit]!, decimals);
  }
  return roundTo(n, decimals);
}
