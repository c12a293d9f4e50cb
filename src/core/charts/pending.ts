// TEMPORARY (branch i12-chart): the three parts of the chart command that branch i12-tables writes —
// the report table reader (core/reports/tables.ts), the sidecar schema (core/charts/sidecar.ts) and
// composeSpec (core/charts/compose.ts). At the merge this file becomes three re-exports:
//   export { readReportTable as readTable } from '../reports/tables.js';
//   export { sidecarSchema } from './sidecar.js';
//   export { composeSpec as compose } from './compose.js';
// Until then the schema is the sidecar contract's shape and reading a table says it is not there yet.
import { z } from 'zod';
import { GrayscopeError } from '../errors.js';
import type { ReportTableReader } from '../reports/report-table.js';
import type { ChartSpec } from './chart-run.js';

const texts = z.strictObject({ zh: z.string(), en: z.string() });

export const sidecarSchema = z.strictObject({
  table: z.string(),
  title: texts,
  subtitle: texts.optional(),
  texts: z.record(z.string(), texts).optional(),
});

export const readTable: ReportTableReader = async (_db, name) => {
  throw new GrayscopeError('internal', `the report table ${name} cannot be read: this build has the chart command without the report tables (branch i12-tables)`, {
    hint: 'Merge the report tables (src/core/reports/tables.ts).',
  });
};

export const compose = (spec: ChartSpec): ChartSpec => spec;
