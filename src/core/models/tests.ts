// Data tests declared in model headers: not_null, unique, accepted_values, relationships and a row
// expression. Each is a query for the failing rows; a test passes when it returns none. Column and
// table names go through quoteIdent and accepted values are bound; the expression is the model
// author's own SQL and runs in the same sandbox as the models.
import type { Db, Params, Row } from '../ports/db.js';
import { quoteIdent as q } from '../ports/db.js';
import type { Dag } from './dag.js';
import type { DataTestSpec, Severity } from './header.js';
import { parseDuckError } from './sql-error.js';

export const SAMPLE_ROWS = 5;

/** One test's result, as `test --json` prints it. */
export interface TestResult {
  model: string;
  test: string;
  severity: Severity;
  status: 'pass' | 'fail';
  failing_rows: number | null;
}

export interface TestOutcome extends TestResult {
  /** file:line of the test in the model header. */
  where: string;
  /** Why the test could not run (failing_rows is then null). */
  message: string | null;
  sample: Row[];
  seconds: number;
}

export interface TestHooks {
  onTest?(outcome: TestOutcome): void;
  seconds?(): number;
}

/** The query returning the rows that fail `spec` on `model`. */
export function failingRowsSql(model: string, spec: DataTestSpec): { sql: string; params: Params } {
  const m = q(model);
  const col = spec.column === undefined ? '' : q(spec.column);
  switch (spec.kind) {
    case 'not_null':
      return { sql: `SELECT * FROM ${m} WHERE ${col} IS NULL`, params: [] };
    case 'unique':
      return { sql: `SELECT * FROM ${m} WHERE ${col} IS NOT NULL QUALIFY count(*) OVER (PARTITION BY ${col}) > 1`, params: [] };
    case 'accepted_values': {
      const values = (spec.values ?? []).map(String);
      return { sql: `SELECT * FROM ${m} WHERE ${col} IS NOT NULL AND CAST(${col} AS VARCHAR) NOT IN (${values.map(() => '?').join(', ')})`, params: values };
    }
    case 'relationships':
      return {
        sql: `SELECT * FROM ${m} AS child WHERE child.${col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${q(spec.to!)} AS parent WHERE parent.${q(spec.field!)} = child.${col})`,
        params: [],
      };
    case 'expression':
      return { sql: `SELECT * FROM ${m} WHERE NOT coalesce((${spec.expression!}\n), false)`, params: [] };
  }
}

/** True when `expression` parses as exactly one expression (it is pasted into a WHERE clause). */
async function isOneExpression(db: Db, expression: string): Promise<boolean> {
  const json = await db.scalar<string>('SELECT json_serialize_sql(?::VARCHAR)', [`SELECT (${expression}\n)`]);
  const doc = JSON.parse(json ?? '{}') as { error?: boolean; statements?: Array<{ node?: { type?: string; select_list?: unknown[]; from_table?: { type?: string } } }> };
  const node = doc.statements?.[0]?.node;
  return !doc.error && doc.statements?.length === 1 && node?.type === 'SELECT_NODE' && node.select_list?.length === 1 && node.from_table?.type === 'EMPTY';
}

async function relationExists(db: Db, name: string): Promise<boolean> {
  const n = await db.scalar(
    `SELECT count(*) FROM (SELECT table_name AS n FROM duckdb_tables() WHERE schema_name = 'main' UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal) WHERE n = ?`,
    [name],
  );
  return Number(n) > 0;
}

export async function runDataTests(db: Db, dag: Dag, selected: readonly string[], hooks: TestHooks = {}): Promise<TestOutcome[]> {
  const clock = hooks.seconds ?? (() => performance.now() / 1000);
  const outcomes: TestOutcome[] = [];
  for (const name of selected) {
    const { model } = dag.nodes.get(name)!;
    if (model.header.tests.length === 0) continue;
    const built = await relationExists(db, name);
    for (const spec of model.header.tests) {
      const started = clock();
      const base = { model: name, test: spec.name, severity: spec.severity, where: `${model.display}:${spec.line}` };
      const emit = (o: Omit<TestOutcome, 'seconds' | keyof typeof base>) => {
        const outcome = { ...base, ...o, seconds: Math.round((clock() - started) * 1000) / 1000 };
        outcomes.push(outcome);
        hooks.onTest?.(outcome);
      };
      if (!built) {
        emit({ status: 'fail', failing_rows: null, sample: [], message: `model ${name} is not in the database: run it first (grayscope run --select ${name})` });
        continue;
      }
      if (spec.kind === 'relationships' && !(await relationExists(db, spec.to!))) {
        emit({ status: 'fail', failing_rows: null, sample: [], message: `${base.where}: ${spec.name}: there is no model or table "${spec.to}" in the database` });
        continue;
      }
      if (spec.kind === 'expression' && !(await isOneExpression(db, spec.expression!))) {
        emit({ status: 'fail', failing_rows: null, sample: [], message: `${base.where}: ${spec.name}: not a single SQL expression` });
        continue;
      }
      const { sql, params } = failingRowsSql(name, spec);
      try {
        const count = Number(await db.scalar(`SELECT count(*) FROM (${sql})`, params));
        const sample = count > 0 ? await db.all(`SELECT * FROM (${sql}) LIMIT ${SAMPLE_ROWS}`, params) : [];
        emit({ status: count > 0 ? 'fail' : 'pass', failing_rows: count, sample, message: null });
      } catch (err) {
        const problem = parseDuckError(err);
        emit({ status: 'fail', failing_rows: null, sample: [], message: `${base.where}: ${spec.name} could not run: ${problem.type} Error: ${problem.message.split('\n')[0]}` });
      }
    }
  }
  return outcomes;
}

export function testResult(o: TestOutcome): TestResult {
  return { model: o.model, test: o.test, severity: o.severity, status: o.status, failing_rows: o.failing_rows };
}
