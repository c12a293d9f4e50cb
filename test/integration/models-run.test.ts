// The model engine through the API on tiny projects written from strings: dependency order, every
// selection form, a failing model whose dependants are skipped while independent ones succeed,
// parameters bound as variables, error positions in the model file, cycles and missing models,
// project overrides of shipped models, and the sandbox.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand, runExitCode, lineageCommand, type ModelCommandOptions } from '../../src/api.js';
import { GrayscopeError } from '../../src/core/errors.js';
import { type Reporter } from '../../src/core/reporter.js';
import { SEED, seedDb, writeFiles } from '../helpers/model-project.js';
import { tempProject, withDb } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
let shipped: string;
beforeEach(() => {
  project = tempProject('gs-models-');
  // The real queries/ belongs to the shipped models; every test names its own (usually empty) folder.
  shipped = join(project.dir, '_shipped');
});
afterEach(() => project.cleanup());


const run = (options: ModelCommandOptions = {}, reporter?: Reporter) =>
  runCommand({ project: project.dir, shippedRoot: shipped, ...options }, reporter);
const refusal = async (promise: Promise<unknown>) => {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected the call to be refused').toBeInstanceOf(GrayscopeError);
  return err as GrayscopeError;
};
const lines = () => {
  const out: string[] = [];
  const reporter: Reporter = { info: (m) => out.push(m), warn: (m) => out.push(`warning: ${m}`), progress: () => ({ update() {}, stop() {} }) };
  return { out, reporter };
};
const statuses = (r: { models: Array<{ name: string; status: string }> }) => Object.fromEntries(r.models.map((m) => [m.name, m.status]));

/** a chain stg → by_category → report, an independent model, and one tagged model. */
const CHAIN = {
  'queries/stg.sql': `-- description: complaints with their quarter
-- tags: [staging]
SELECT complaint_id, category, amount_cny, year(received_date) || 'Q' || quarter(received_date) AS period
FROM complaints
`,
  'queries/by_category.sql': `-- materialized: table
SELECT category, count(*) AS n FROM stg GROUP BY category
`,
  'queries/report.sql': `-- tags: [report]
WITH top AS (SELECT * FROM by_category) SELECT * FROM top ORDER BY n DESC
`,
  'queries/alone.sql': `SELECT 42 AS answer\n`,
};

describe('running models', () => {
  it('runs every model in dependency order and builds views and tables', async () => {
    writeFiles(project.dir, CHAIN);
    await seedDb(project.dir, SEED);
    const result = await run();
    expect(result.models.map((m) => m.name)).toEqual(['alone', 'stg', 'by_category', 'report']);
    expect(result.models.every((m) => m.status === 'success' && m.message === null)).toBe(true);
    expect(result.models.find((m) => m.name === 'stg')!.rows).toBe(4);
    expect(result.models.find((m) => m.name === 'by_category')!.rows).toBe(3);
    expect(runExitCode(result)).toBe(0);
    await withDb(join(project.dir, 'grayscope.duckdb'), async (db) => {
      const kinds = await db.all<{ name: string; kind: string }>(
        `SELECT table_name AS name, 'table' AS kind FROM duckdb_tables() WHERE table_name IN ('stg','by_category','report','alone')
         UNION ALL SELECT view_name, 'view' FROM duckdb_views() WHERE view_name IN ('stg','by_category','report','alone') ORDER BY 1`,
      );
      expect(kinds).toEqual([
        { name: 'alone', kind: 'view' },
        { name: 'by_category', kind: 'table' },
        { name: 'report', kind: 'view' },
        { name: 'stg', kind: 'view' },
      ]);
    });
  });

  it('prints one line per model on stderr with rows and seconds', async () => {
    writeFiles(project.dir, CHAIN);
    await seedDb(project.dir, SEED);
    const { out, reporter } = lines();
    await run({}, reporter);
    expect(out).toHaveLength(4);
    expect(out.find((l) => l.includes('stg'))).toMatch(/^✓ stg {2}4 rows {2}\d+\.\d\ds$/);
  });

  it('a model that changes from view to table is replaced, not refused', async () => {
    writeFiles(project.dir, { 'queries/m.sql': 'SELECT 1 AS x\n' });
    await seedDb(project.dir);
    expect(statuses(await run())).toEqual({ m: 'success' });
    writeFiles(project.dir, { 'queries/m.sql': '-- materialized: table\nSELECT 2 AS x\n' });
    expect(statuses(await run())).toEqual({ m: 'success' });
    const kind = await withDb(join(project.dir, 'grayscope.duckdb'), (db) => db.scalar(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'm'`));
    expect(kind).toBe(1);
  });
});

describe('selection', () => {
  beforeEach(async () => {
    writeFiles(project.dir, CHAIN);
    await seedDb(project.dir, SEED);
    await run(); // everything built once, so upstream models exist for narrow selections
  });
  const names = async (...select: string[]) => (await run({ select })).models.map((m) => m.name);

  it('name selects only that model', async () => {
    expect(await names('by_category')).toEqual(['by_category']);
  });
  it('+name adds everything upstream', async () => {
    expect(await names('+report')).toEqual(['stg', 'by_category', 'report']);
  });
  it('name+ adds everything downstream', async () => {
    expect(await names('stg+')).toEqual(['stg', 'by_category', 'report']);
  });
  it('+name+ adds both directions', async () => {
    expect(await names('+by_category+')).toEqual(['stg', 'by_category', 'report']);
  });
  it('tag:x selects the tagged models', async () => {
    expect(await names('tag:staging')).toEqual(['stg']);
  });
  it('several specs (flags or words) are a union, in run order', async () => {
    expect(await names('report', 'tag:staging')).toEqual(['stg', 'report']);
    expect(await names('alone report')).toEqual(['alone', 'report']);
  });
  it('an unknown model name is a usage error (exit 2) naming it', async () => {
    const err = await refusal(run({ select: ['reprot'] }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('reprot');
  });
  it('a tag no model has is a usage error listing the tags in use', async () => {
    const err = await refusal(run({ select: ['tag:nope'] }));
    expect(err.exitCode).toBe(2);
    expect(err.hint).toContain('staging');
  });
  it('a malformed spec is a usage error', async () => {
    expect((await refusal(run({ select: ['a;DROP'] }))).exitCode).toBe(2);
  });
});

describe('failures', () => {
  it('a failing model skips its dependants while an independent model succeeds, and the exit code is 1', async () => {
    writeFiles(project.dir, {
      'queries/bad.sql': 'SELECT no_such_column FROM complaints\n',
      'queries/child.sql': 'SELECT * FROM bad\n',
      'queries/grandchild.sql': 'SELECT * FROM child\n',
      'queries/fine.sql': 'SELECT count(*) AS n FROM complaints\n',
    });
    await seedDb(project.dir, SEED);
    const { out, reporter } = lines();
    const result = await run({}, reporter);
    expect(statuses(result)).toEqual({ bad: 'error', child: 'skipped', fine: 'success', grandchild: 'skipped' });
    expect(result.models.find((m) => m.name === 'grandchild')!.message).toContain('bad');
    expect(runExitCode(result)).toBe(1);
    expect(out).toContain('- child skipped (upstream bad failed)');
    expect(out).toContain('- grandchild skipped (upstream bad failed)');
  });

  it('a binder error names queries/bad.sql:LINE:COL in the file, header lines included, with a code frame', async () => {
    writeFiles(project.dir, {
      'queries/bad.sql': `-- description: 投诉 by quarter (中文 in the header shifts bytes, not columns)
-- materialized: table
SELECT complaint_id,
       no_such_column
FROM complaints
`,
    });
    await seedDb(project.dir, SEED);
    const { out, reporter } = lines();
    const result = await run({}, reporter);
    const bad = result.models[0]!;
    expect(bad.status).toBe('error');
    expect(bad.message).toMatch(/^queries\/bad\.sql:4:8: Binder Error: .*no_such_column/);
    const text = out.join('\n');
    expect(text).toContain('> 4 |        no_such_column');
    expect(text).toMatch(/\n\s+\| {8}\^/);
    expect(text).toContain('hint:');
  });

  it('a syntax error is located in the file without running anything', async () => {
    writeFiles(project.dir, { 'queries/bad.sql': '-- tags: [x]\nSELECT complaint_id\nFROM complaints\nWHERE\n' });
    await seedDb(project.dir, SEED);
    const result = await run();
    expect(result.models[0]!.message).toMatch(/^queries\/bad\.sql:\d+:\d+: Parser Error: syntax error/);
    expect(runExitCode(result)).toBe(1);
  });

  it('selecting a model whose upstream was never built locates the FROM and hints at +name', async () => {
    writeFiles(project.dir, { 'queries/parent.sql': 'SELECT 1 AS x\n', 'queries/child.sql': '-- depends_on: [parent]\nSELECT *\nFROM parent\n' });
    await seedDb(project.dir, SEED);
    const { out, reporter } = lines();
    const result = await run({ select: ['child'] }, reporter);
    expect(result.models[0]!.message).toMatch(/^queries\/child\.sql:3:6: Catalog Error: Table with name parent does not exist/);
    expect(out.join('\n')).toContain('--select +child');
  });

  it('a file with two statements is refused as a model error and neither statement runs', async () => {
    writeFiles(project.dir, { 'queries/two.sql': 'SELECT 1 AS x;\nDELETE FROM complaints;\n' });
    await seedDb(project.dir, SEED);
    const result = await run();
    expect(result.models[0]).toMatchObject({ name: 'two', status: 'error' });
    const left = await withDb(join(project.dir, 'grayscope.duckdb'), (db) => db.scalar('SELECT count(*) FROM complaints'));
    expect(left).toBe(4);
  });

  it('a model that would replace one of grayscope\'s own tables is refused (exit 2)', async () => {
    writeFiles(project.dir, { 'queries/complaints.sql': 'SELECT 1 AS x\n' });
    await seedDb(project.dir, SEED);
    const err = await refusal(run());
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('queries/complaints.sql');
  });
});

describe('the DAG is checked before anything runs', () => {
  it('a cycle is an error (exit 2) naming the files in order', async () => {
    writeFiles(project.dir, {
      'queries/a.sql': 'SELECT * FROM c\n',
      'queries/b.sql': 'SELECT * FROM a\n',
      'queries/c.sql': 'SELECT * FROM b\n',
      'queries/ok.sql': 'SELECT 1 AS x\n',
    });
    await seedDb(project.dir);
    const err = await refusal(run());
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/cycle: queries\/(a|b|c)\.sql → queries\/(a|b|c)\.sql → queries\/(a|b|c)\.sql → queries\/\1\.sql/);
    const built = await withDb(join(project.dir, 'grayscope.duckdb'), (db) => db.scalar(`SELECT count(*) FROM duckdb_views() WHERE view_name = 'ok'`));
    expect(built).toBe(0);
  });

  it('a missing model is an error (exit 2) naming the file that reads it', async () => {
    writeFiles(project.dir, { 'queries/a.sql': 'WITH x AS (SELECT 1) SELECT * FROM x JOIN not_a_model ON true\n' });
    await seedDb(project.dir);
    const err = await refusal(run());
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('queries/a.sql reads "not_a_model"');
    expect(err.message).not.toContain('"x"');
  });

  it('a depends_on naming nothing is a missing model too', async () => {
    writeFiles(project.dir, { 'queries/a.sql': '-- depends_on: [ghost]\nSELECT 1 AS x\n' });
    await seedDb(project.dir);
    expect((await refusal(run())).message).toContain('"ghost"');
  });

  it('depends_on orders models the SQL does not show', async () => {
    writeFiles(project.dir, { 'queries/a_first.sql': '-- depends_on: [z_last]\nSELECT 1 AS x\n', 'queries/z_last.sql': 'SELECT 2 AS y\n' });
    await seedDb(project.dir);
    expect((await run()).models.map((m) => m.name)).toEqual(['z_last', 'a_first']);
  });

  it('a model file name that is not a relation name is a config error naming the file', async () => {
    writeFiles(project.dir, { 'queries/Bad-Name.sql': 'SELECT 1\n' });
    const err = await refusal(run());
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('queries/Bad-Name.sql');
  });

  it('a header error names queries/x.sql:LINE:COL and the key path', async () => {
    writeFiles(project.dir, { 'queries/x.sql': '-- description: ok\n-- materialized: tabel\nSELECT 1\n' });
    const err = await refusal(run());
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^queries\/x\.sql:2:4: materialized: /);
  });
});

describe('parameters', () => {
  const PERIOD_MODEL = { 'queries/in_period.sql': `-- materialized: table
SELECT complaint_id, getvariable('period') AS period FROM complaints
WHERE year(received_date) || 'Q' || quarter(received_date) = getvariable('period')
` };
  const periodRows = () => withDb(join(project.dir, 'grayscope.duckdb'), (db) => db.all<{ complaint_id: string; period: string }>('SELECT * FROM in_period ORDER BY 1'));

  it('--period is bound as a variable the model reads with getvariable', async () => {
    writeFiles(project.dir, PERIOD_MODEL);
    await seedDb(project.dir, SEED);
    await run({ period: '2024Q4' });
    expect(await periodRows()).toEqual([{ complaint_id: 'C1', period: '2024Q4' }]);
  });

  it('without --period, default_period from grayscope.yaml applies', async () => {
    writeFiles(project.dir, { ...PERIOD_MODEL, 'grayscope.yaml': 'default_period: 2024Q4\n' });
    await seedDb(project.dir, SEED);
    await run();
    expect((await periodRows()).map((r) => r.complaint_id)).toEqual(['C1']);
  });

  it('without --period or default_period the period is NULL, which models read as every period', async () => {
    writeFiles(project.dir, { 'queries/p.sql': "-- materialized: table\nSELECT getvariable('period') AS p, count(*) AS n FROM complaints\n" });
    await seedDb(project.dir, SEED);
    await run();
    expect(await withDb(join(project.dir, 'grayscope.duckdb'), (db) => db.all('SELECT p, n FROM p'))).toEqual([{ p: null, n: 4 }]);
  });

  it('with no data and no default the period is NULL', async () => {
    writeFiles(project.dir, { 'queries/p.sql': "-- materialized: table\nSELECT getvariable('period') AS p\n" });
    await seedDb(project.dir);
    await run();
    expect(await withDb(join(project.dir, 'grayscope.duckdb'), (db) => db.scalar('SELECT p FROM p'))).toBeNull();
  });

  it('an invalid period is a usage error (exit 2) before anything runs', async () => {
    writeFiles(project.dir, PERIOD_MODEL);
    await seedDb(project.dir, SEED);
    // (2025-Q1 and 2025q1 are read as 2025Q1 since issue 10: they are no longer refused.)
    for (const period of ['2025Q5', '25Q1', "2025Q1'; DROP TABLE complaints; --"]) {
      const err = await refusal(run({ period }));
      expect(err.exitCode, period).toBe(2);
    }
    const rows = await withDb(join(project.dir, 'grayscope.duckdb'), (db) => db.scalar('SELECT count(*) FROM complaints'));
    expect(rows).toBe(4);
  });
});

describe('shipped models and project overrides', () => {
  it('a project model replaces the shipped model of the same name; other shipped models still run', async () => {
    writeFiles(shipped, { 'base.sql': 'SELECT 1 AS source_is_shipped\n', 'extra.sql': 'SELECT * FROM base\n' });
    writeFiles(project.dir, { 'queries/base.sql': 'SELECT 2 AS source_is_project\n' });
    await seedDb(project.dir);
    const result = await run();
    expect(statuses(result)).toEqual({ base: 'success', extra: 'success' });
    const cols = await withDb(join(project.dir, 'grayscope.duckdb'), (db) => db.all('SELECT * FROM extra'));
    expect(cols).toEqual([{ source_is_project: 2 }]);
  });
});

describe('sandbox', () => {
  it('a model reading /etc/passwd fails with a clear message', async () => {
    writeFiles(project.dir, { 'queries/peek.sql': "SELECT * FROM read_csv('/etc/passwd')\n" });
    await seedDb(project.dir);
    const result = await run();
    expect(result.models[0]!.status).toBe('error');
    expect(result.models[0]!.message).toMatch(/^queries\/peek\.sql:1:15: Permission Error: Cannot access file "\/etc\/passwd"/);
  });

  it('a model runs with external access off and cannot switch it on', async () => {
    writeFiles(project.dir, {
      'queries/sees.sql': "SELECT current_setting('enable_external_access') AS x FROM (SELECT 1) WHERE x = false\n",
      'queries/sneaky.sql': "SET enable_external_access = true;\nSELECT * FROM read_csv('/etc/passwd')\n",
    });
    await seedDb(project.dir);
    const result = await run();
    expect(result.models.find((m) => m.name === 'sees')).toMatchObject({ status: 'success', rows: 1 });
    expect(result.models.find((m) => m.name === 'sneaky')).toMatchObject({ status: 'error', rows: null });
  });

  it('a model reading a CSV inside the project works, with the path built from project_dir', async () => {
    writeFiles(project.dir, {
      'data/rates.csv': 'category,rate\ndebt_evasion,0.1\ncredit_repair,0.15\n',
      'queries/rates.sql': "-- materialized: table\nSELECT * FROM read_csv(getvariable('project_dir') || '/data/rates.csv')\n",
    });
    await seedDb(project.dir);
    const result = await run();
    expect(result.models[0]).toMatchObject({ status: 'success', rows: 2 });
  });
});

describe('lineage', () => {
  it('lists sources and models with their edges', async () => {
    writeFiles(project.dir, CHAIN);
    const lineage = await lineageCommand({ project: project.dir, shippedRoot: shipped });
    expect(lineage.nodes).toEqual([
      { name: 'complaints', kind: 'source', materialized: null, tags: [] },
      { name: 'alone', kind: 'model', materialized: 'view', tags: [] },
      { name: 'by_category', kind: 'model', materialized: 'table', tags: [] },
      { name: 'report', kind: 'model', materialized: 'view', tags: ['report'] },
      { name: 'stg', kind: 'model', materialized: 'view', tags: ['staging'] },
    ]);
    expect(lineage.edges).toEqual([
      { from: 'by_category', to: 'report' },
      { from: 'complaints', to: 'stg' },
      { from: 'stg', to: 'by_category' },
    ]);
  });
});
