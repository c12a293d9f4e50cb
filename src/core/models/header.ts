// The YAML header of a model file: the leading `--` comment lines, read as YAML and validated with
// zod, so a typo in `materialized:` or a test is reported as `queries/x.sql:LINE:COL: key.path: …`
// before anything runs, the way grayscope.yaml errors are.
import { z } from 'zod';
import { configError } from '../errors.js';

export const RELATION_NAME = /^[a-z][a-z0-9_]*$/;

export type Severity = 'error' | 'warn';
export type DataTestKind = 'not_null' | 'unique' | 'accepted_values' | 'relationships' | 'expression';

/** One data test, expanded to one column (a `not_null: [a, b]` entry becomes two tests). */
export interface DataTestSpec {
  kind: DataTestKind;
  /** The name shown in results: `not_null(complaint_id)`, `expression(amount_cny >= 0)` … */
  name: string;
  severity: Severity;
  column?: string;
  values?: Array<string | number | boolean>;
  to?: string;
  field?: string;
  expression?: string;
  /** Line of the test entry in the model file, for messages. */
  line: number;
}

export interface ModelHeader {
  description: string | null;
  materialized: 'view' | 'table';
  tags: string[];
  depends_on: string[];
  tests: DataTestSpec[];
}

const name = z.string().regex(RELATION_NAME, 'must be a model or table name (lower case letters, digits and _, starting with a letter)');
const column = z.string().min(1, 'must name a column');
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]) as Array<z.infer<T>>);

const headerSchema = z
  .object({
    description: z.string().nullable().default(null),
    materialized: z.enum(['view', 'table']).default('view'),
    tags: oneOrMany(z.string().min(1)).default([]),
    depends_on: oneOrMany(name).default([]),
    tests: z.array(z.record(z.string(), z.unknown()), 'must be a list of tests (`- not_null: column` …)').default([]),
  })
  .strict();

const severity = z.enum(['error', 'warn']).default('error');
const TEST_SCHEMAS = {
  not_null: oneOrMany(column),
  unique: oneOrMany(column),
  accepted_values: z.object({ column, values: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1, 'must list at least one value') }).strict(),
  relationships: z.object({ column, to: name, field: column.optional() }).strict(),
  expression: z.string().min(1, 'must be a SQL expression that is true for good rows'),
} as const;
const KINDS = Object.keys(TEST_SCHEMAS) as DataTestKind[];

export interface SplitHeader {
  /** The header as YAML, one line per header line of the file. */
  yaml: string;
  /** Number of header lines; the SQL starts after them. */
  lines: number;
  /** Characters stripped from the start of each header line (`-- ` or `--`). */
  stripped: number[];
}

/** The leading run of `--` lines, with `-- ` or `--` stripped from each. */
export function splitHeader(text: string): SplitHeader {
  const yaml: string[] = [];
  const stripped: number[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('--')) break;
    const cut = line.startsWith('-- ') ? 3 : 2;
    yaml.push(line.slice(cut));
    stripped.push(cut);
  }
  return { yaml: yaml.join('\n'), lines: yaml.length, stripped };
}

interface Issue {
  path: PropertyKey[];
  message: string;
}

/** Parses and validates the header of a model file. `display` names the file in messages. */
export async function parseHeader(text: string, display: string): Promise<ModelHeader> {
  const YAML = await import('yaml');
  const split = splitHeader(text);
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(split.yaml, { lineCounter, prettyErrors: false });
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${display}:${line}:${col + (split.stripped[line - 1] ?? 0)}`;
  };
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    throw configError(`${at(first.pos[0])}: the model header is not valid YAML: ${first.message.split('\n')[0]}`, 'The leading `--` lines of a model file are YAML (`-- materialized: table`); fix the syntax there.');
  }
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw configError(`${display}:1:${(split.stripped[0] ?? 2) + 1}: the model header must be YAML keys (description, materialized, tags, depends_on, tests)`, 'Start the file with lines like `-- description: …`; write free comments as `-- # …` or after the first SQL line.');
  }
  /** file:line:col of the deepest part of `path` the document has. */
  const where = (path: readonly PropertyKey[]): string => {
    for (let depth = path.length; depth > 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
      const parent = depth > 1 ? doc.getIn(path.slice(0, depth - 1) as unknown[], true) : doc.contents;
      if (parent && YAML.isMap(parent)) {
        const pair = parent.items.find((item) => YAML.isScalar(item.key) && item.key.value === path[depth - 1]);
        const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
        if (range) return at(range[0]);
      }
      if (node?.range) return at(node.range[0]);
    }
    return `${display}:1`;
  };
  const fail = (issues: Issue[]): never => {
    const lines = issues.map((i) => `${where(i.path)}: ${i.path.length ? i.path.join('.') : '(header)'}: ${i.message}`);
    throw configError(lines.join('\n'), 'Fix the model header; its keys are described in the README under "Models, data tests and runs".');
  };
  const issuesOf = (error: z.ZodError, prefix: PropertyKey[]): Issue[] =>
    error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ path: [...prefix, ...issue.path, key], message: 'unknown key' }))
        : [{ path: [...prefix, ...issue.path], message: issue.message }],
    );

  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) fail(issuesOf(parsed.error, []));
  const header = parsed.data!;
  const tests: DataTestSpec[] = [];
  const issues: Issue[] = [];
  header.tests.forEach((entry, index) => {
    const path = ['tests', index];
    const kinds = Object.keys(entry).filter((k) => k !== 'severity');
    const unknown = kinds.filter((k) => !(KINDS as string[]).includes(k));
    if (unknown.length > 0 || kinds.length !== 1) {
      const message = unknown.length ? `unknown test ${unknown.map((k) => `"${k}"`).join(', ')}` : kinds.length === 0 ? 'names no test' : 'names more than one test';
      issues.push({ path: unknown.length ? [...path, unknown[0]!] : path, message: `${message}; a test is one of ${KINDS.join(', ')} (with an optional severity)` });
      return;
    }
    const kind = kinds[0] as DataTestKind;
    const sev = severity.safeParse(entry.severity);
    if (!sev.success) issues.push({ path: [...path, 'severity'], message: 'must be error or warn' });
    const body = TEST_SCHEMAS[kind].safeParse(entry[kind]);
    if (!body.success) {
      issues.push(...issuesOf(body.error, [...path, kind]));
      return;
    }
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? lineCounter.linePos(node.range[0]).line : 1;
    const base = { kind, severity: sev.success ? sev.data : 'error', line } as const;
    const value = body.data as unknown;
    if (kind === 'not_null' || kind === 'unique') {
      for (const col of value as string[]) tests.push({ ...base, name: `${kind}(${col})`, column: col });
    } else if (kind === 'accepted_values') {
      const v = value as { column: string; values: Array<string | number | boolean> };
      tests.push({ ...base, name: `accepted_values(${v.column})`, column: v.column, values: v.values });
    } else if (kind === 'relationships') {
      const v = value as { column: string; to: string; field?: string };
      const field = v.field ?? v.column;
      tests.push({ ...base, name: `relationships(${v.column} → ${v.to}.${field})`, column: v.column, to: v.to, field });
    } else {
      tests.push({ ...base, name: `expression(${value as string})`, expression: value as string });
    }
  });
  if (issues.length) fail(issues);
  return { description: header.description, materialized: header.materialized, tags: header.tags, depends_on: header.depends_on, tests };
}
