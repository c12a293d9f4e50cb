// The programmatic API of grayscope: what the commands call and what end-to-end tests use.
export * from './core/errors.js';
export * from './core/config.js';
export * from './core/project.js';
export * from './core/contract.js';
export * from './api.js';
/** The synthetic data generator, writing files under options.out (the CLI's `generate`). */
export { generateCommand as generate } from './api.js';
export type { GenerateOptions, GenerateResult } from './core/generate/index.js';

// The result type of every command (what `--json` prints), with the row types they are made of, so
// callers and the end-to-end tests name them through the public API rather than by file layout.
// InitResult (project.js) and GenerateResult are exported above.
export type { FileStatus, LoadFileResult, LoadResult, UpsertFileResult } from './core/ingest/load.js';
export type { UnloadedFile, UnloadResult } from './core/ingest/unload.js';
export type { RejectRow, RejectsResult, SourceStatus, StatusResult } from './core/inspect.js';
export type { ExportFormat, ExportOptions, ExportResult } from './core/export.js';
export type { RunResult, TestRunResult } from './core/models/engine.js';
export type { ModelResult, ModelStatus } from './core/models/run.js';
export type { TestResult } from './core/models/tests.js';
export type { Lineage, LineageNode } from './core/models/lineage.js';
export type { EstimateResult } from './core/estimate/estimate-project.js';
export type { EstimateRow, GrowthRow, SensitivityRow } from './core/estimate/market-types.js';
export type { BootstrapSummary, MseModel, MseResult } from './core/estimate/mse.js';
export type { TemplateCluster, TemplatesReport, TemplatesResult } from './core/templates/detect.js';
export type { DemoResult, EstimateHeadline, TruthHeadline } from './core/demo/headline.js';
export type { EstimateHeadlineRow, RunEntry, RunsResult } from './core/runs/list.js';
export type { FigureChange, RunsDiff } from './core/runs/diff.js';
export * from './api-outputs.js';
export type { ReturnTemplateEntry, ReturnTemplatesResult } from './core/returns/discover.js';
export type { ReturnTemplate } from './core/returns/template.js';
export type { ChartListEntry, ChartListResult, ChartRunResult, ChartWritten } from './core/charts/chart-run.js';
