// A report table: the data behind one chart now, and return sheets and bulletin tables next — one
// query per table, shaped with arquero, values formatted only through src/render/format.ts. This
// file is the contract between the tables (src/core/reports/tables.ts) and their readers.
import type { Db } from '../ports/db.js';

export type ReportLang = 'zh' | 'en';

export interface ReportTableOptions {
  /** A quarter (2025Q1) or year: the period the output is about (null: the latest estimated quarter). */
  period: string | null;
  lang: ReportLang;
}

export interface ReportTable {
  name: ReportTableName;
  /** Column names in order (every row has each key; missing values are null). */
  columns: string[];
  rows: Array<Record<string, string | number | boolean | null>>;
  /**
   * Facts about the table as a whole, for titles and subtitles: always run_id (the estimate run the
   * figures come from, or null for tables that do not read an estimate) and period (the quarter the
   * output is about); a table adds its own (unit label, threshold and k of the templated share …).
   */
  meta: Record<string, string | number | boolean | null>;
}

/** The report tables there are, with what each holds (one row per …). */
export const REPORT_TABLES = {
  market_scale: 'per quarter up to the period: the market scale (segment all, MSE) with its 95% interval, and operations',
  growth: 'per quarter up to the period: 同比 (yoy), 环比 (qoq), the two-year change (vs_2y) and its geometric annual average (cagr_2y) of the scale with 95% intervals',
  scale_by_category: 'per quarter and category up to the period: the MSE scale and operations, each with its interval',
  regions: 'per provincial-level division (all 34), for the period: operations, complaints, and the complaints classified into a taxonomy category (labelled or suspected: not ordinary) with their amounts in dispute, with tile-grid coordinates',
  templated_share: 'per period: complaints, templated complaints and their share, with threshold, shingle k and minimum cluster',
  suspected_complaints: 'per category, for the period: complaints (labelled and suspected), suspected gray-market complaints, their share, how they were identified, and their amounts in dispute',
  source_overlap: 'per capture history, for the period: operations seen by exactly that combination of complaints, incidents, enforcement',
  mse_models: 'per candidate log-linear model of the period (capture histories pooled over categories): N with interval, AIC, BIC, selected',
  sensitivity: 'per category, for the period: the multiplier estimate with that category’s reporting rate at its low and high bound, beside the central estimate',
  enforcement: 'per quarter up to the period: enforcement cases, persons arrested, gangs dismantled, and referrals (cases whose operation the institution’s incidents had seen on or before the case was opened)',
  incidents_by_category: 'per category (all seven), for the period: incidents detected and their amounts',
  complaint_totals: 'per quarter up to the period: all complaints, those classified into a taxonomy category (identified), of which suspected, the ordinary rest, the identified ones’ amounts in dispute, and incidents detected',
  estimate_run: 'one row, for the period: the estimate run (MSE) the figures come from, its method and the selected model of segment all',
} as const;

export type ReportTableName = keyof typeof REPORT_TABLES;

/** Reads one report table from an open (read-only) project database. */
export type ReportTableReader = (db: Db, name: ReportTableName, options: ReportTableOptions) => Promise<ReportTable>;
