// Runs the selected models in dependency order: a view is CREATE OR REPLACE VIEW, a table CREATE OR
// REPLACE TABLE … AS. A model that fails does not stop the others; the models downstream of it are
// skipped. Each model is replaced in a transaction with its row count, so a failed model leaves the
// previous version in place.
import type { Db } from '../ports/db.js';
import { quoteIdent as q } from '../ports/db.js';
import type { Dag } from './dag.js';
import { describeSqlError, type ModelError, parseDuckError } from './sql-error.js';

export type ModelStatus = 'success' | 'error' | 'skipped';

/** One model's result, as `run --json` prints it. */
export interface ModelResult {
  name: string;
  status: ModelStatus;
  rows: number | null;
  seconds: number;
  message: string | null;
}

/** The result plus what the human rendering and run_results.json add. */
export interface ModelOutcome extends ModelResult {
  file: string;
  materialized: 'view' | 'table';
  error: ModelError | null;
  /** For a skipped model: the failed model upstream. */
  failed_upstream: string | null;
}

export interface RunHooks {
  onModel?(outcome: ModelOutcome): void;
  /** Monotonic seconds, for timings (injectable so tests need no real time). */
  seconds?(): number;
}

export function createPrefix(name: string, materialized: 'view' | 'table'): string {
  return `CREATE OR REPLACE ${materialized === 'table' ? 'TABLE' : 'VIEW'} ${q(name)} AS\n`;
}

async function existingKind(db: Db, name: string): Promise<'view' | 'table' | null> {
  const rows = await db.all<{ kind: string }>(
    `SELECT 'table' AS kind FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main' AND NOT temporary
     UNION ALL SELECT 'view' FROM duckdb_views() WHERE view_name = ? AND schema_name = 'main' AND NOT temporary AND NOT internal`,
    [name, name],
  );
  return (rows[0]?.kind as 'view' | 'table' | undefined) ?? null;
}

export async function runModels(db: Db, dag: Dag, selected: readonly string[], hooks: RunHooks = {}): Promise<ModelOutcome[]> {
  const clock = hooks.seconds ?? (() => performance.now() / 1000);
  const elapsed = (since: number) => Math.round((clock() - since) * 1000) / 1000;
  const modelNames = new Set(dag.order);
  const failedRoot = new Map<string, string>();
  const outcomes: ModelOutcome[] = [];
  for (const name of selected) {
    const node = dag.nodes.get(name)!;
    const { model } = node;
    const materialized = model.header.materialized;
    const base = { name, file: model.display, materialized, error: null, failed_upstream: null } as const;
    const emit = (o: ModelOutcome) => {
      outcomes.push(o);
      hooks.onModel?.(o);
    };
    const upstreamFailure = node.upstream.map((u) => failedRoot.get(u)).find((u) => u !== undefined);
    if (upstreamFailure) {
      failedRoot.set(name, upstreamFailure);
      emit({ ...base, status: 'skipped', rows: null, seconds: 0, message: `skipped: upstream model ${upstreamFailure} failed`, failed_upstream: upstreamFailure });
      continue;
    }
    const started = clock();
    const fail = (error: ModelError) => {
      failedRoot.set(name, name);
      emit({ ...base, status: 'error', rows: null, seconds: elapsed(started), message: error.message, error });
    };
    if (node.parsed.invalid) {
      const { invalid } = node.parsed;
      fail(
        invalid.parser
          ? describeSqlError({ type: 'Parser', message: invalid.message.replace(/^Parser Error: /, ''), position: invalid.position }, model, '', modelNames)
          : { message: `${model.display}: ${invalid.message}`, line: null, column: null, frame: null, hint: 'Keep one SELECT per model file; split other work into models of their own.' },
      );
      continue;
    }
    const prefix = createPrefix(name, materialized);
    try {
      const rows = await db.transaction(async () => {
        const before = await existingKind(db, name);
        if (before && before !== materialized) await db.run(`DROP ${before === 'table' ? 'TABLE' : 'VIEW'} ${q(name)}`);
        try {
          await db.run(prefix + model.text);
        } catch (err) {
          throw Object.assign(new Error('create'), { problem: parseDuckError(err), stage: 'create' });
        }
        try {
          return Number(await db.scalar(`SELECT count(*) FROM ${q(name)}`));
        } catch (err) {
          throw Object.assign(new Error('count'), { problem: parseDuckError(err), stage: 'count' });
        }
      });
      emit({ ...base, status: 'success', rows, seconds: elapsed(started), message: null });
    } catch (err) {
      const tagged = err as { problem?: ReturnType<typeof parseDuckError>; stage?: string };
      const problem = tagged.problem ?? parseDuckError(err);
      if (tagged.stage === 'count') {
        // The error happened while reading the new view, so DuckDB's position is not in the file.
        const described = describeSqlError({ ...problem, position: undefined }, model, prefix, modelNames);
        fail({ ...described, message: described.message.replace(`${model.display}: `, `${model.display}: reading the ${materialized} failed: `) });
      } else {
        fail(describeSqlError(problem, model, prefix, modelNames));
      }
    }
  }
  return outcomes;
}
