// Runs the shipped SQL models (queries/*.sql) without the model engine: reads each file's YAML
// header, orders the models by the other models their SQL reads, and creates them as views or tables.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Db } from '../../src/core/ports/db.js';

export interface ShippedModel {
  name: string;
  header: Record<string, unknown>;
  materialized: 'view' | 'table';
  sql: string;
  /** Other models the SQL reads (FROM / JOIN name). */
  refs: string[];
}

const NAME_RE = /^[a-z][a-z0-9_]*$/;

/** Splits a model file into its leading `-- ` YAML header and its SQL. */
export function parseModel(name: string, text: string): Omit<ShippedModel, 'refs'> {
  const lines = text.split(/\r?\n/);
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith('--')) i++;
  const yaml = lines.slice(0, i).map((l) => l.replace(/^-- ?/, '')).join('\n');
  const header = (parseYaml(yaml) ?? {}) as Record<string, unknown>;
  const materialized = (header.materialized ?? 'view') as 'view' | 'table';
  return { name, header, materialized, sql: lines.slice(i).join('\n') };
}

export function readShippedModels(dir: string): ShippedModel[] {
  const parsed = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => parseModel(f.slice(0, -4), readFileSync(join(dir, f), 'utf8')));
  const names = new Set(parsed.map((m) => m.name));
  return parsed.map((m) => {
    const code = m.sql.replace(/--[^\n]*/g, '');
    const refs = [...code.matchAll(/\b(?:from|join)\s+([a-z][a-z0-9_]*)\b(?!\s*\()/gi)].map((x) => x[1]!.toLowerCase());
    return { ...m, refs: [...new Set(refs)].filter((r) => r !== m.name && names.has(r)).sort() };
  });
}

/** Depth-first topological order; throws on a cycle, naming it. */
export function dependencyOrder(models: readonly ShippedModel[]): ShippedModel[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: ShippedModel[] = [];
  const visit = (m: ShippedModel, path: string[]) => {
    if (state.get(m.name) === 'done') return;
    if (state.get(m.name) === 'visiting') throw new Error(`model cycle: ${[...path, m.name].join(' → ')}`);
    state.set(m.name, 'visiting');
    for (const r of m.refs) visit(byName.get(r)!, [...path, m.name]);
    state.set(m.name, 'done');
    order.push(m);
  };
  for (const m of models) visit(m, []);
  return order;
}

export interface ModelRun {
  name: string;
  rows: number | null;
  error: string | null;
}

/** Creates every model in dependency order; a model whose SQL fails is reported, not thrown. */
export async function runShippedModels(db: Db, models: readonly ShippedModel[]): Promise<ModelRun[]> {
  const runs: ModelRun[] = [];
  for (const m of dependencyOrder(models)) {
    if (!NAME_RE.test(m.name)) throw new Error(`model file name ${m.name}.sql is not a relation name`);
    const kind = m.materialized === 'table' ? 'TABLE' : 'VIEW';
    try {
      await db.run(`CREATE OR REPLACE ${kind} ${m.name} AS ${m.sql}`);
      runs.push({ name: m.name, rows: Number(await db.scalar(`SELECT count(*) FROM ${m.name}`)), error: null });
    } catch (err) {
      runs.push({ name: m.name, rows: null, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return runs;
}
