// The sidecar of a chart spec: reports/charts/NAME.chart.yaml beside NAME.vl.json. It names the report
// table the chart draws (report-table.ts) and carries every human text of the chart in Chinese and
// English, so the spec itself stays language-free:
//
//   table: templated_share
//   title: {zh: 模板化投诉占比, en: Share of templated complaints}
//   subtitle: {zh: "阈值 {threshold}，{shingle}字片段", en: "Jaccard ≥ {threshold}, {shingle}-character shingles"}
//   texts:
//     share: {zh: 占比, en: Share}
//
// The spec uses a text as the whole string "@text:share" (an axis or legend title, a label, a value in
// a scale domain) and a figure of the table's meta as "@meta:key"; the subtitle (and title) may hold
// {meta_key} placeholders filled from the table's meta. compose.ts does the filling.
import { z } from 'zod';
import { REPORT_TABLES, type ReportTableName } from '../reports/report-table.js';

const TABLE_NAMES = Object.keys(REPORT_TABLES) as [ReportTableName, ...ReportTableName[]];

/** One text in both languages. */
export const bilingualSchema = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });

export const chartSidecarSchema = z.strictObject({
  /** The report table whose rows become the spec's data (`{"name": "table"}`). */
  table: z.enum(TABLE_NAMES),
  title: bilingualSchema,
  subtitle: bilingualSchema.optional(),
  /** Texts the spec refers to as "@text:KEY". */
  texts: z.record(z.string().regex(/^[A-Za-z0-9_]+$/, 'a text key is letters, digits and _'), bilingualSchema).default({}),
});

export type ChartSidecar = z.infer<typeof chartSidecarSchema>;

/** The hint of a sidecar that breaks the schema. */
export const SIDECAR_HINT = 'A chart sidecar has table (a report table name), title {zh, en}, optional subtitle {zh, en} and texts {key: {zh, en}}.';
