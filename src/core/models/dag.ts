// The dependency graph of the models. What a model reads is found with DuckDB's own parser
// (json_serialize_sql), not with regular expressions, so CTEs, subqueries and comments are handled;
// `depends_on` in the header adds edges. The graph is checked (cycles, missing relations) before
// anything runs.
import type { Db } from '../ports/db.js';
import { configError } from '../errors.js';
import type { ModelFile } from './discover.js';

/** What the parser says about one model's SQL. */
export interface ParsedSql {
  /** Relations read (lower case), CTE names removed, file paths (FROM 'x.csv') left out. */
  tables: string[];
  /** A parse error (position = byte offset in the SQL), or a file that is not exactly one SELECT. */
  invalid?: { message: string; position?: number; parser: boolean };
}

/** Every BASE_TABLE in the AST minus every CTE name, unqualified or in the main schema. */
export function collectTables(ast: unknown): string[] {
  const tables = new Set<string>();
  const ctes = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    if (obj.type === 'BASE_TABLE' && typeof obj.table_name === 'string') {
      const schema = typeof obj.schema_name === 'string' ? obj.schema_name.toLowerCase() : '';
      const catalog = typeof obj.catalog_name === 'string' ? obj.catalog_name : '';
      // A quoted path (FROM 'data/x.csv') parses as a table name; it is a file read, for the sandbox to judge.
      if ((schema === '' || schema === 'main') && catalog === '' && !/[./\\]/.test(obj.table_name)) tables.add(obj.table_name.toLowerCase());
    }
    const cteMap = obj.cte_map as { map?: Array<{ key?: unknown }> } | undefined;
    for (const entry of cteMap?.map ?? []) if (typeof entry.key === 'string') ctes.add(entry.key.toLowerCase());
    for (const value of Object.values(obj)) walk(value);
  };
  walk(ast);
  return [...tables].filter((t) => !ctes.has(t)).sort();
}

export async function parseSql(db: Db, sql: string): Promise<ParsedSql> {
  const json = await db.scalar<string>('SELECT json_serialize_sql(?::VARCHAR)', [sql]);
  const doc = JSON.parse(json ?? '{}') as { error?: boolean; error_type?: string; error_message?: string; position?: string; statements?: unknown[] };
  if (doc.error) {
    const parser = doc.error_type === 'parser';
    return {
      tables: [],
      invalid: {
        parser,
        message: parser ? `Parser Error: ${doc.error_message ?? 'syntax error'}` : 'a model must be one SELECT statement (or WITH … SELECT); other statements are not run',
        position: doc.position === undefined ? undefined : Number(doc.position),
      },
    };
  }
  const statements = doc.statements ?? [];
  if (statements.length !== 1) {
    return { tables: collectTables(statements), invalid: { parser: false, message: `a model must be exactly one SELECT statement; this file holds ${statements.length}` } };
  }
  return { tables: collectTables(statements) };
}

export interface ModelNode {
  model: ModelFile;
  parsed: ParsedSql;
  /** Models this one reads or names in depends_on. */
  upstream: string[];
  /** Relations it reads that are not models (loaded sources, other tables). */
  sources: string[];
}

export interface Dag {
  nodes: Map<string, ModelNode>;
  /** Every model, upstream before downstream (ties by name, so the order is stable). */
  order: string[];
  downstream: Map<string, string[]>;
}

/**
 * Builds and checks the graph. `existing` holds the relations already in the database (lower case);
 * a reference that is neither a model nor one of them is missing (null: not checked, for lineage). `reserved` are grayscope's own
 * tables, which a model must not replace.
 */
export function buildDag(models: readonly ModelFile[], parsed: ReadonlyMap<string, ParsedSql>, existing: ReadonlySet<string> | null, reserved: ReadonlySet<string> = new Set()): Dag {
  const byName = new Map(models.map((m) => [m.name, m]));
  const clashes = models.filter((m) => reserved.has(m.name));
  if (clashes.length) {
    throw configError(
      clashes.map((m) => `${m.display}: "${m.name}" is the name of one of grayscope's own tables; a model must not replace it`).join('\n'),
      'Rename the model file.',
    );
  }
  const nodes = new Map<string, ModelNode>();
  const missing: string[] = [];
  for (const model of models) {
    const sql = parsed.get(model.name) ?? { tables: [] };
    const refs = [...new Set([...sql.tables, ...model.header.depends_on])].sort();
    const upstream = refs.filter((r) => byName.has(r));
    const sources = refs.filter((r) => !byName.has(r));
    for (const s of sources) {
      if (existing && !existing.has(s)) missing.push(`${model.display} reads "${s}", which is neither a model (no queries/${s}.sql) nor a table in the database`);
    }
    nodes.set(model.name, { model, parsed: sql, upstream, sources });
  }
  if (missing.length) {
    throw configError(missing.join('\n'), 'Fix the name, add the model file, or load the source first (grayscope load …). Nothing was run.');
  }
  const downstream = new Map<string, string[]>(models.map((m) => [m.name, []]));
  for (const node of nodes.values()) for (const up of node.upstream) downstream.get(up)!.push(node.model.name);

  // Kahn's algorithm, always taking the smallest ready name.
  const indegree = new Map([...nodes.values()].map((n) => [n.model.name, n.upstream.length]));
  const ready = [...indegree].filter(([, d]) => d === 0).map(([n]) => n).sort();
  const order: string[] = [];
  while (ready.length) {
    const next = ready.shift()!;
    order.push(next);
    for (const down of downstream.get(next)!) {
      const d = indegree.get(down)! - 1;
      indegree.set(down, d);
      if (d === 0) {
        ready.push(down);
        ready.sort();
      }
    }
  }
  if (order.length < models.length) {
    const cycle = findCycle(nodes, new Set(order));
    throw configError(
      `the models depend on each other in a cycle: ${cycle.map((n) => nodes.get(n)!.model.display).join(' → ')}`,
      'Break the cycle: a model cannot read (or depend_on) a model that reads it, directly or through others.',
    );
  }
  return { nodes, order, downstream };
}

function findCycle(nodes: Map<string, ModelNode>, done: Set<string>): string[] {
  const left = [...nodes.keys()].filter((n) => !done.has(n)).sort();
  // Every node left has an upstream that is also left; walking upstream must revisit one.
  let current = left[0]!;
  const seen: string[] = [];
  while (!seen.includes(current)) {
    seen.push(current);
    current = nodes.get(current)!.upstream.find((u) => !done.has(u))!;
  }
  const cycle = seen.slice(seen.indexOf(current));
  // Walking went upstream; show it in the direction data flows, closed.
  return [...cycle.reverse(), cycle[0]!];
}
