// Are the model tables a command reads built from what would be built now? Compares the manifests
// of the runs that last built them (each model's SQL sha256, the loaded files) with the model files
// and the ledger of today, so an edited, added or deleted queries/*.sql or a file unloaded since
// makes `estimate` rebuild instead of reading tables built from something else.
import type { Db } from '../ports/db.js';
import type { ProjectIO } from '../ports/project-io.js';
import { type ModelRun, modelRuns } from '../runs/history.js';
import { type InputFile, loadedInputs, readRunManifest } from '../runs/record.js';
import type { Manifest } from './manifest.js';

/** What the models would be built from now: every model's SQL (by name) and the loaded files. */
export interface BuildBasis {
  models: ReadonlyArray<{ name: string; sha256: string; origin: string }>;
  inputs: readonly InputFile[];
}

/**
 * `model` and every model it is built from, by the graph a run's manifest recorded; `model` alone
 * when the run's folder is gone.
 */
export function builtFrom(model: string, manifest: Partial<Manifest> | null): Set<string> {
  const upstream = new Map((manifest?.models ?? []).map((m) => [m.name, m.upstream]));
  const path = new Set([model]);
  const todo = [model];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    for (const up of upstream.get(next) ?? []) {
      if (!path.has(up)) {
        path.add(up);
        todo.push(up);
      }
    }
  }
  return path;
}

const inputKey = (f: Pick<InputFile, 'source' | 'path'>) => `${f.source} ${f.path}`;

/** Loaded files added, removed or changed (same path, other sha256) between two lists. */
export function inputChanges(before: readonly InputFile[], now: readonly InputFile[]): { added: InputFile[]; removed: InputFile[]; changed: Array<{ source: string; path: string; before: string; now: string }> } {
  const hashes = (list: readonly InputFile[]) => {
    const m = new Map<string, { file: InputFile; sha: Set<string> }>();
    for (const f of list) {
      const e = m.get(inputKey(f)) ?? { file: f, sha: new Set<string>() };
      e.sha.add(f.sha256);
      m.set(inputKey(f), e);
    }
    return m;
  };
  const a = hashes(before);
  const b = hashes(now);
  const same = (x: Set<string>, y: Set<string>) => x.size === y.size && [...x].every((s) => y.has(s));
  return {
    added: [...b].filter(([k]) => !a.has(k)).map(([, e]) => e.file),
    removed: [...a].filter(([k]) => !b.has(k)).map(([, e]) => e.file),
    changed: [...b]
      .filter(([k, e]) => a.has(k) && !same(a.get(k)!.sha, e.sha))
      .map(([, e]) => ({ source: e.file.source, path: e.file.path, before: [...a.get(inputKey(e.file))!.sha].join(','), now: [...e.sha].join(',') })),
  };
}

/** A list of names as a message shows it: the first few, then how many more. */
export function someNames(names: readonly string[], max = 3): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** How one model's SQL differs between the run that built it and now. */
function sqlChange(name: string, built: { sha256: string; origin: string } | undefined, now: { sha256: string; origin: string } | undefined): string | null {
  if (!built) return `${name} (not in the manifest of the run that built it)`;
  if (!now) return `${name} (its file is gone)`;
  if (built.sha256 === now.sha256) return null;
  if (now.origin === 'kept') return `${name} (the tables were built from other SQL than the run kept)`;
  if (built.origin !== now.origin) return now.origin === 'project' ? `${name} (the project's queries/${name}.sql now replaces the shipped model)` : `${name} (the project's queries/${name}.sql is gone; the shipped model applies)`;
  return `${name} (its SQL changed)`;
}

/**
 * Why the tables of `targets` are not built from `want`, or null when they are (or when no run built
 * them: the caller's own checks say so). For each target, the run that last built it must have
 * recorded a manifest; every model it is built from must have the SQL sha256 it has now, in the run
 * that last built that model; and the loaded files must be the ones that run read.
 */
export async function basisStaleReason(db: Db, io: ProjectIO, projectDir: string, targets: readonly string[], want: BuildBasis): Promise<string | null> {
  const runs = await modelRuns(db);
  const manifests = new Map<string, Partial<Manifest> | null>();
  const manifestOf = async (run: ModelRun) => {
    if (!manifests.has(run.run_id)) manifests.set(run.run_id, (await readRunManifest(io, projectDir, run.run_id)) as Partial<Manifest> | null);
    return manifests.get(run.run_id)!;
  };
  const lastBuilt = (model: string) => runs.find((r) => r.models.includes(model));
  const now = new Map(want.models.map((m) => [m.name, m]));
  const changed = new Set<string>();
  for (const target of targets) {
    const run = lastBuilt(target);
    if (!run) continue;
    const manifest = await manifestOf(run);
    if (manifest === null) return `the folder of the model run that built ${target} is gone, so what it was built from is unknown`;
    for (const model of [...builtFrom(target, manifest)].sort()) {
      const builder = lastBuilt(model) ?? run;
      const recorded = (await manifestOf(builder))?.models?.find((m) => m.name === model);
      const change = sqlChange(model, recorded, now.get(model));
      if (change) changed.add(change);
    }
    if (changed.size === 0) {
      const diff = inputChanges(manifest.inputs ?? [], want.inputs);
      const parts = [
        diff.added.length ? `loaded since: ${someNames(diff.added.map((f) => f.path))}` : '',
        diff.removed.length ? `unloaded since: ${someNames(diff.removed.map((f) => f.path))}` : '',
        diff.changed.length ? `replaced since: ${someNames(diff.changed.map((f) => f.path))}` : '',
      ].filter(Boolean);
      if (parts.length) return `the loaded files differ from the ones the models were built from (${parts.join('; ')})`;
    }
  }
  return changed.size ? `the model SQL changed since the models were built: ${someNames([...changed])}` : null;
}

/** What would be built now: the model files discovered today and the ledger. */
export async function currentBasis(db: Db, models: ReadonlyArray<{ name: string; sha256: string; origin: string }>): Promise<BuildBasis> {
  return { models: models.map(({ name, sha256, origin }) => ({ name, sha256, origin })), inputs: await loadedInputs(db) };
}
