// The pure parts of the model engine: header parsing and its error positions, table collection
// from DuckDB's AST, selection, positions mapped from byte offsets to file lines and columns, run ids.
import { describe, expect, it } from 'vitest';
import { GrayscopeError } from '../../src/core/errors.js';
import { makeRunId } from '../../src/core/runs/record.js';
import { buildDag, collectTables } from '../../src/core/models/dag.js';
import type { ModelFile } from '../../src/core/models/discover.js';
import { parseHeader, splitHeader } from '../../src/core/models/header.js';
import { selectModels } from '../../src/core/models/select.js';
import { codeFrame, describeSqlError, locate, parseDuckError } from '../../src/core/models/sql-error.js';
import { toDot, toMermaid } from '../../src/render/lineage.js';

const refused = async (p: Promise<unknown>) => (await p.then(() => undefined, (e: unknown) => e)) as GrayscopeError;

describe('model header', () => {
  it('reads the leading -- lines as YAML, with defaults', async () => {
    const h = await parseHeader('-- description: x\n--tags: [a, b]\nSELECT 1\n-- not header\n', 'queries/m.sql');
    expect(h).toEqual({ description: 'x', materialized: 'view', tags: ['a', 'b'], depends_on: [], tests: [] });
  });

  it('counts header lines and stops at the first SQL line', () => {
    expect(splitHeader('-- a: 1\n-- b: 2\nSELECT 1\n-- c: 3').lines).toBe(2);
  });

  it('expands tests to one per column and keeps severity and line', async () => {
    const h = await parseHeader(
      `-- tests:
--   - not_null: [a, b]
--   - unique: a
--     severity: warn
--   - relationships: {column: op, to: operations}
SELECT 1`,
      'queries/m.sql',
    );
    expect(h.tests.map((t) => [t.name, t.severity, t.line])).toEqual([
      ['not_null(a)', 'error', 2],
      ['not_null(b)', 'error', 2],
      ['unique(a)', 'warn', 3],
      ['relationships(op → operations.op)', 'error', 5],
    ]);
  });

  it('an unknown key is named with file:line:col and its path', async () => {
    const err = await refused(parseHeader('-- description: x\n-- materialised: table\nSELECT 1', 'queries/m.sql'));
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('queries/m.sql:2:4: materialised: unknown key');
  });

  it('a bad value deep in a test names the full key path', async () => {
    const err = await refused(parseHeader('-- tests:\n--   - accepted_values: {column: c, values: []}\nSELECT 1', 'queries/m.sql'));
    expect(err.message).toMatch(/^queries\/m\.sql:2:\d+: tests\.0\.accepted_values\.values: /);
  });

  it('a bad severity is refused', async () => {
    const err = await refused(parseHeader('-- tests:\n--   - unique: c\n--     severity: fatal\nSELECT 1', 'queries/m.sql'));
    expect(err.message).toContain('tests.0.severity: must be error or warn');
  });

  it('invalid YAML names the position in the file', async () => {
    const err = await refused(parseHeader('-- tags: [a\nSELECT 1', 'queries/m.sql'));
    expect(err.message).toMatch(/^queries\/m\.sql:\d+:\d+: the model header is not valid YAML/);
  });

  it('a free-text first comment is refused with a hint on how to write comments', async () => {
    const err = await refused(parseHeader('-- complaints by quarter\nSELECT 1', 'queries/m.sql'));
    expect(err.hint).toContain('-- # ');
  });
});

describe('tables a model reads', () => {
  it('collects base tables in joins, subqueries and CTE bodies, minus CTE names and file paths', () => {
    const ast = {
      cte_map: { map: [{ key: 'recent', value: { from_table: { type: 'BASE_TABLE', table_name: 'Stg', schema_name: '' } } }] },
      from_table: {
        type: 'JOIN',
        left: { type: 'BASE_TABLE', table_name: 'recent', schema_name: '' },
        right: { type: 'BASE_TABLE', table_name: 'data/x.csv', schema_name: '' },
      },
      where_clause: { subquery: { from_table: { type: 'BASE_TABLE', table_name: 'calendar', schema_name: 'main' } } },
      other: { type: 'BASE_TABLE', table_name: 'elsewhere', schema_name: 'other_db' },
    };
    expect(collectTables(ast)).toEqual(['calendar', 'stg']);
  });
});

const model = (name: string, tags: string[] = [], depends_on: string[] = []): ModelFile => ({
  name,
  file: `/p/queries/${name}.sql`,
  display: `queries/${name}.sql`,
  origin: 'project',
  text: '',
  sha256: '',
  header: { description: null, materialized: 'view', tags, depends_on, tests: [] },
});

describe('selection', () => {
  // a → b → c, a → d, e alone
  const dag = buildDag(
    [model('a'), model('b', ['x'], ['a']), model('c', [], ['b']), model('d', ['x'], ['a']), model('e')],
    new Map(),
    new Set(),
  );
  it('orders by dependency, ties by name', () => expect(dag.order).toEqual(['a', 'b', 'c', 'd', 'e']));
  it('no spec selects everything', () => expect(selectModels([], dag)).toEqual(dag.order));
  it('+c is c with its upstream', () => expect(selectModels(['+c'], dag)).toEqual(['a', 'b', 'c']));
  it('a+ is a with its downstream', () => expect(selectModels(['a+'], dag)).toEqual(['a', 'b', 'c', 'd']));
  it('+b+ is b with both', () => expect(selectModels(['+b+'], dag)).toEqual(['a', 'b', 'c']));
  it('tag:x is every model with the tag', () => expect(selectModels(['tag:x'], dag)).toEqual(['b', 'd']));
  it('specs are a union', () => expect(selectModels(['e', 'tag:x'], dag)).toEqual(['b', 'd', 'e']));
});

describe('SQL error positions', () => {
  it('maps a byte offset to line and column in characters, past multi-byte text', () => {
    const text = '-- description: 中文\nSELECT x';
    const offset = Buffer.byteLength('-- description: 中文\nSELECT ', 'utf8');
    expect(locate(text, offset)).toEqual({ line: 2, column: 8 });
  });

  it('subtracts the prefix grayscope put before the file', () => {
    const prefix = 'CREATE OR REPLACE VIEW "m" AS\n';
    const text = 'SELECT a,\n  nope FROM t';
    const problem = parseDuckError(new Error(JSON.stringify({ exception_type: 'Binder', exception_message: 'Referenced column "nope" not found', position: String(prefix.length + 12) })));
    const described = describeSqlError(problem, { display: 'queries/m.sql', text, name: 'm' }, prefix, new Set());
    expect(described.message).toBe('queries/m.sql:2:3: Binder Error: Referenced column "nope" not found');
    expect(described.frame).toBe(['  1 | SELECT a,', '> 2 |   nope FROM t', '    |   ^'].join('\n'));
  });

  it('reads the "Parser Error: {json}" form DuckDB uses for syntax errors', () => {
    const p = parseDuckError(new Error('Parser Error: {"exception_type":"Parser","exception_message":"syntax error","position":"5"}'));
    expect(p).toMatchObject({ type: 'Parser', message: 'syntax error', position: 5 });
  });

  it('puts the caret under wide characters at their display width', () => {
    expect(codeFrame('SELECT \'中文\' x', 1, 12).split('\n')[1]).toBe(`    | ${' '.repeat(13)}^`);
  });
});

describe('run ids and lineage formats', () => {
  it('a run id is a sortable UTC timestamp and a suffix', () => {
    expect(makeRunId(new Date('2025-04-10T08:30:00.123Z'), 'abc123')).toBe('20250410T083000123Z-abc123');
    expect(makeRunId(new Date())).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{6}$/);
  });

  it('renders Mermaid and DOT with quoted labels', () => {
    const lineage = {
      nodes: [
        { name: 'complaints', kind: 'source' as const, materialized: null, tags: [] },
        { name: 'stg', kind: 'model' as const, materialized: 'table' as const, tags: [] },
      ],
      edges: [{ from: 'complaints', to: 'stg' }],
    };
    expect(toMermaid(lineage)).toBe('flowchart LR\n  n0[("complaints")]\n  n1["stg"]\n  n0 --> n1');
    expect(toDot(lineage)).toContain('"complaints" -> "stg";');
  });
});
