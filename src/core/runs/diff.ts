// `grayscope runs diff A B`: what differs between two runs — the loaded files they read (by path and
// sha256), the model SQL (which models' sha256 differ), the parameters, the assumptions (sha256 and
// rates) and, for estimates, the figures side by side with the change. Manifests come from each
// run's folder, figures from the estimates table (every run is kept there).
import { withReadOnlyDb } from '../inspect.js';
import { inputChanges } from '../models/freshness.js';
import type { Db } from '../ports/db.js';
import type { ProjectIO } from '../ports/project-io.js';
import type { Project } from '../project.js';
import { findRuns, type RunEntry } from './list.js';
import { type InputFile, readRunManifest } from './record.js';

type Value = string | number | boolean | null;

export interface FigureChange {
  a: number | null;
  b: number | null;
  /** b − a (null when either is missing). */
  change: number | null;
}

export interface RunsDiff {
  a: RunEntry;
  b: RunEntry;
  /** What could not be compared (a run's folder gone). */
  notes: string[];
  inputs: ReturnType<typeof inputChanges>;
  /** Models whose SQL sha256 differs (null: the run did not have the model). */
  models: Array<{ name: string; a: string | null; b: string | null }>;
  /** Parameters that differ, by dotted key. */
  parameters: Array<{ key: string; a: Value; b: Value }>;
  assumptions: { a: string | null; b: string | null; same: boolean; rates: Array<{ key: string; a: Value; b: Value }> };
  /** Estimates of either run per period, segment and method; `changed` counts the rows whose figures differ. */
  estimates: Array<{ period: string; segment: string; method: string; operations: FigureChange; scale_cny: FigureChange }>;
  changed: number;
}

interface RunManifest {
  inputs?: InputFile[];
  models?: Array<{ name: string; sha256: string }>;
  parameters?: Record<string, unknown>;
  assumptions?: { sha256?: string; rates?: unknown } | null;
}

/** Nested values as dotted keys (linkage.template_clusters), so two objects compare key by key. */
function flatten(value: unknown, prefix = '', out = new Map<string, Value>()): Map<string, Value> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, Array.isArray(value) ? JSON.stringify(value) : ((value ?? null) as Value));
  }
  return out;
}

function keyDiff(a: unknown, b: unknown): Array<{ key: string; a: Value; b: Value }> {
  const fa = flatten(a);
  const fb = flatten(b);
  const keys = [...new Set([...fa.keys(), ...fb.keys()])].sort();
  return keys.filter((k) => fa.get(k) !== fb.get(k)).map((k) => ({ key: k, a: fa.get(k) ?? null, b: fb.get(k) ?? null }));
}

function modelDiff(a: RunManifest['models'], b: RunManifest['models']): RunsDiff['models'] {
  const ma = new Map((a ?? []).map((m) => [m.name, m.sha256]));
  const mb = new Map((b ?? []).map((m) => [m.name, m.sha256]));
  const names = [...new Set([...ma.keys(), ...mb.keys()])].sort();
  return names.filter((n) => ma.get(n) !== mb.get(n)).map((n) => ({ name: n, a: ma.get(n) ?? null, b: mb.get(n) ?? null }));
}

const change = (a: number | null, b: number | null): FigureChange => ({ a, b, change: a === null || b === null ? null : b - a });

interface EstimateRow {
  run_id: string;
  period: string;
  segment: string;
  method: string;
  operations: number | null;
  scale: number | null;
}

/** The estimates of two runs side by side, by period, segment and method. */
export async function estimateChanges(db: Db, a: string, b: string): Promise<RunsDiff['estimates']> {
  const rows = await db.all<EstimateRow>(
    `SELECT run_id, period, segment, method, operations_estimate AS operations, scale_cny AS scale FROM estimates WHERE run_id IN (?, ?) ORDER BY period, segment = 'all' DESC, segment, method`,
    [a, b],
  );
  const byKey = new Map<string, { a?: EstimateRow; b?: EstimateRow; row: EstimateRow }>();
  for (const r of rows) {
    const key = `${r.period}|${r.segment}|${r.method}`;
    const e = byKey.get(key) ?? { row: r };
    if (r.run_id === a) e.a = r;
    if (r.run_id === b) e.b = r;
    byKey.set(key, e);
  }
  return [...byKey.values()].map(({ a: ra, b: rb, row }) => ({
    period: row.period,
    segment: row.segment,
    method: row.method,
    operations: change(ra?.operations ?? null, rb?.operations ?? null),
    scale_cny: change(ra?.scale ?? null, rb?.scale ?? null),
  }));
}

/** `grayscope runs diff A B`. */
export async function diffRuns(project: Project, io: ProjectIO, ids: { a: string; b: string }, options: { waitSeconds?: number } = {}): Promise<RunsDiff> {
  return withReadOnlyDb(project, io, options.waitSeconds, async (db) => {
    const [a, b] = await findRuns(db, io, project.dir, [ids.a, ids.b]);
    const ma = ((await readRunManifest(io, project.dir, ids.a)) ?? {}) as RunManifest;
    const mb = ((await readRunManifest(io, project.dir, ids.b)) ?? {}) as RunManifest;
    const notes: string[] = [];
    for (const [id, m] of [[ids.a, ma], [ids.b, mb]] as const) {
      if (!m.parameters) notes.push(`runs/${id}/manifest.json is gone: its inputs, model SQL, parameters and assumptions are unknown`);
    }
    const estimates = db ? await estimateChanges(db, ids.a, ids.b) : [];
    return {
      a: a!,
      b: b!,
      notes,
      inputs: inputChanges(ma.inputs ?? [], mb.inputs ?? []),
      models: modelDiff(ma.models, mb.models),
      parameters: keyDiff(ma.parameters, mb.parameters),
      assumptions: {
        a: ma.assumptions?.sha256 ?? null,
        b: mb.assumptions?.sha256 ?? null,
        same: (ma.assumptions?.sha256 ?? null) === (mb.assumptions?.sha256 ?? null),
        rates: keyDiff(ma.assumptions?.rates, mb.assumptions?.rates),
      },
      estimates,
      changed: estimates.filter((e) => e.operations.a !== e.operations.b || e.scale_cny.a !== e.scale_cny.b).length,
    };
  });
}
