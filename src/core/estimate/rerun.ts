// `grayscope estimate --rerun RUN_ID`: recompute an estimate from what its folder kept — the same
// parameters, seed, period, method and scenario, its assumptions file, its grayscope.yaml (linkage)
// and its model SQL (the models are rebuilt from runs/<run_id>/models/ when the tables were built
// from anything else) — then say whether the numbers are the same, and if not, which loaded files
// changed since (the run's manifest against the ledger now).
import { join } from 'node:path';
import { type Config, DEFAULT_CONFIG, parseConfig } from '../config.js';
import { usageError } from '../errors.js';
import { withReadOnlyDb } from '../inspect.js';
import { inputChanges } from '../models/freshness.js';
import type { ProjectIO } from '../ports/project-io.js';
import type { Project } from '../project.js';
import { KEPT, keptPath } from '../runs/keep.js';
import { findRuns } from '../runs/list.js';
import { type InputFile, readRunManifest, runDir } from '../runs/record.js';
import { type EstimateEffects, type EstimateOptions, type EstimateResult, estimateProject } from './estimate-project.js';

export interface RerunCheck {
  of: string;
  /** Estimates, growth and sensitivity equal to the run's, row for row. */
  same: boolean;
  /** Rows whose figures differ from the run's, per table. */
  differing: { estimates: number; growth: number; sensitivity: number };
  /** Loaded files added, removed or changed (sha256) since the run. */
  inputs: ReturnType<typeof inputChanges>;
  /** The tool and DuckDB versions of the run and of the rerun. */
  versions: { tool: [string, string]; duckdb: [string, string] };
}

export type RerunResult = EstimateResult & { rerun: RerunCheck };

interface EstimateManifest {
  tool_version?: string;
  duckdb_version?: string;
  parameters?: EstimateResult['parameters'];
  assumptions?: { sha256: string } | null;
  inputs?: InputFile[];
}

type Rows = Pick<EstimateResult, 'estimates' | 'growth' | 'sensitivity'>;

const differingRows = (a: readonly unknown[] = [], b: readonly unknown[] = []) =>
  Array.from({ length: Math.max(a.length, b.length) }, (_, i) => JSON.stringify(a[i]) !== JSON.stringify(b[i])).filter(Boolean).length;

/** The run's configuration as kept (grayscope.yaml without the salt), or the defaults when the project had none. */
async function keptConfig(io: ProjectIO, projectDir: string, runId: string): Promise<{ config: Config; configPath: string | undefined }> {
  const path = keptPath(projectDir, runId, KEPT.config);
  if (!io.exists(path)) return { config: DEFAULT_CONFIG, configPath: undefined };
  return { config: await parseConfig(await io.readText(path), path), configPath: path };
}

export async function rerunEstimate(project: Project, io: ProjectIO, effects: EstimateEffects, runId: string, given: Pick<EstimateOptions, 'waitSeconds' | 'now' | 'runIdSuffix'> = {}): Promise<RerunResult> {
  const [entry] = await withReadOnlyDb(project, io, given.waitSeconds, (db) => findRuns(db, io, project.dir, [runId]));
  if (entry!.command !== 'estimate') throw usageError(`run ${runId} is a \`${entry!.command}\` run, not an estimate: only estimates can be rerun`, 'grayscope runs lists the runs with their command.');
  const manifest = (await readRunManifest(io, project.dir, runId)) as EstimateManifest | null;
  const keptRoot = keptPath(project.dir, runId, KEPT.models);
  const assumptions = keptPath(project.dir, runId, KEPT.assumptions);
  const p = manifest?.parameters;
  if (!p || (await io.listFiles(keptRoot)).length === 0 || (manifest.assumptions && !io.exists(assumptions))) {
    throw usageError(
      `runs/${runId}/ does not hold what the estimate was computed from (manifest.json, models/*.sql${manifest?.assumptions ? ', assumptions.yaml' : ''})`,
      'Runs keep their model SQL and assumptions since this version; run grayscope estimate again with the flags runs shows for that run.',
    );
  }
  const options: EstimateOptions = {
    method: p.method,
    bootstrap: p.bootstrap,
    seed: p.seed,
    ...(p.period !== null ? { period: p.period } : {}),
    ...(p.scenario !== null ? { scenario: p.scenario } : {}),
    ...(manifest.assumptions ? { assumptions } : {}),
    // Only these from the caller: a command passes its flags' defaults too, which must not win over the run's.
    waitSeconds: given.waitSeconds,
    ...(given.now ? { now: given.now } : {}),
    ...(given.runIdSuffix !== undefined ? { runIdSuffix: given.runIdSuffix } : {}),
  };
  const result = await estimateProject({ ...project, ...(await keptConfig(io, project.dir, runId)) }, io, effects, options, { of: runId, keptRoot });
  const before = JSON.parse(await io.readText(join(runDir(project.dir, runId), 'run_results.json'))) as Partial<Rows>;
  const now = ((await readRunManifest(io, project.dir, result.run_id)) ?? {}) as EstimateManifest;
  const differing = {
    estimates: differingRows(before.estimates, result.estimates),
    growth: differingRows(before.growth, result.growth),
    sensitivity: differingRows(before.sensitivity, result.sensitivity),
  };
  return {
    ...result,
    rerun: {
      of: runId,
      same: differing.estimates + differing.growth + differing.sensitivity === 0,
      differing,
      inputs: inputChanges(manifest.inputs ?? [], now.inputs ?? []),
      versions: { tool: [manifest.tool_version ?? '?', now.tool_version ?? '?'], duckdb: [manifest.duckdb_version ?? '?', now.duckdb_version ?? '?'] },
    },
  };
}

