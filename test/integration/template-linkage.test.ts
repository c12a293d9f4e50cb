// linkage.template_clusters (grayscope.yaml) on generated data: load → templates → models with the
// key off and on, scored against truth_records.csv. The generator gives each agency operation one
// of 15 templates, so a template is shared by dozens of operations of a quarter: the key merges
// them, and precision falls. Also: the manifest records the setting, estimate rebuilds the models
// when it changes, a run refuses to link without clusters that cover the loaded complaints, and on
// a hand-made project the key joins a cluster's complaints within a quarter only and never makes
// a lone complaint an operation's (as a phone seen on an operation's record elsewhere does).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateCommand, loadCommand, runCommand, templatesCommand } from '../../src/api.js';
import { GrayscopeError } from '../../src/core/errors.js';
import { generateCommand as generate } from '../../src/api.js';
import type { Manifest } from '../../src/core/models/manifest.js';
import { maskText } from '../../src/core/pii.js';
import { silentReporter } from '../../src/core/reporter.js';
import { scoreProjectLinkage, type LinkageScore } from '../helpers/linkage-score.js';
import { writeFiles } from '../helpers/model-project.js';
import { demoCategoriesYaml } from '../../src/core/demo/categories.js';
import { tempProject } from '../helpers/project.js';

const ON = 'linkage:\n  template_clusters: true\n';

let project: ReturnType<typeof tempProject>;
let off: LinkageScore;
let offKeyed: LinkageScore;
let on: LinkageScore;
let onRunId: string;
let largestCluster: number;

const dbPath = () => join(project.dir, 'grayscope.duckdb');
const truthCsv = () => join(project.dir, 'data', 'truth_records.csv');
// The generated complaints' ordinary topics need the demo's categories map in every version of the file.
const setConfig = (text: string) => writeFileSync(join(project.dir, 'grayscope.yaml'), `${demoCategoriesYaml()}${text}`);
const manifestOf = (runId: string) => JSON.parse(readFileSync(join(project.dir, 'runs', runId, 'manifest.json'), 'utf8')) as Manifest;
const runAll = async () => {
  const run = await runCommand({ project: project.dir });
  expect(run.models.filter((m) => m.status !== 'success')).toEqual([]);
  return run.run_id;
};

beforeAll(async () => {
  project = tempProject('gs-template-linkage-');
  const data = join(project.dir, 'data');
  const generated = await generate({ out: data, seed: 1, scale: 'small', messy: false }, silentReporter);
  setConfig('');
  for (const source of ['complaints', 'incidents', 'enforcement'] as const) {
    await loadCommand({ source, files: generated.files.filter((f) => f.source === source).map((f) => join(data, f.path)), project: project.dir });
  }
  const templates = await templatesCommand({ project: project.dir });
  largestCluster = Math.max(...templates.clusters.map((c) => c.size));
  await runAll();
  off = await scoreProjectLinkage(dbPath(), truthCsv());
  offKeyed = await scoreProjectLinkage(dbPath(), truthCsv(), { keyedOnly: true });
  setConfig(ON);
  onRunId = await runAll();
  on = await scoreProjectLinkage(dbPath(), truthCsv());
}, 180_000);
afterAll(() => project?.cleanup());

describe('template clusters as a linkage key, on the small generated set (seed 1)', () => {
  it('off (the default): the shipped keys link the records that carry keys with pairwise precision and recall ≥ 0.98 in every quarter; the keyless hidden complaints stay out', () => {
    expect(offKeyed.periods).toHaveLength(12);
    for (const p of offKeyed.periods) {
      expect(p.precision, p.period).toBeGreaterThanOrEqual(0.98);
      expect(p.recall, p.period).toBeGreaterThanOrEqual(0.98);
    }
    expect(off.recall).toBeLessThan(offKeyed.recall);
    expect(off.unlinked).toBeGreaterThan(offKeyed.unlinked);
    expect(off.ordinary_linked).toBe(0);
    expect(off.merged).toBe(0);
  });

  it('on: operations that share a template merge, so pairwise precision falls to about 0.15 and operations by about 40%; recall does not fall', () => {
    // Measured: precision 1.000 → 0.147, recall 0.805 → 1.000 (1.000 → 1.000 on the records that
    // carry a key), operations 3,536 → 2,104 (−40%).
    expect(on.recall).toBeGreaterThanOrEqual(off.recall);
    expect(on.precision).toBeGreaterThan(0.12);
    expect(on.precision).toBeLessThan(0.18);
    expect(on.pairs.predicted / off.pairs.predicted).toBeGreaterThan(5);
    const fewer = 1 - on.operations / off.operations;
    expect(fewer).toBeGreaterThan(0.35);
    expect(fewer).toBeLessThan(0.47);
    for (const p of on.periods) {
      const before = off.periods.find((q) => q.period === p.period)!;
      expect(p.precision, p.period).toBeLessThan(0.3);
      expect(p.operations, p.period).toBeLessThan(before.operations);
    }
  });

  it('on: every merge joins true operations of one template, and no ordinary complaint joins an operation', () => {
    expect(on.merged).toBeGreaterThan(100);
    expect(on.merged_across_templates).toBe(0);
    expect(on.ordinary_linked).toBe(0);
    expect(on.unlinked).toBeLessThanOrEqual(off.unlinked);
  });

  it('the run manifest records the setting, where it came from, and the templates result it linked with', () => {
    const manifest = manifestOf(onRunId);
    expect(manifest.parameters).toEqual({ period: null, linkage: { template_clusters: true, template_min_cluster: 5 } });
    expect(manifest.parameter_origin).toEqual({ period: 'none', linkage: 'config' });
    expect(manifest.template_clusters).toMatchObject({ threshold: 0.7, shingle: 3, computed_at: expect.stringMatching(/^\d{4}-\d\d-\d\d /) });
    expect(manifest.template_clusters!.clustered_complaints).toBeGreaterThan(5000);
  });

  it('template_min_cluster above the largest cluster leaves no template key: the linkage is the one without it', async () => {
    setConfig(`${ON}  template_min_cluster: ${largestCluster + 1}\n`);
    await runAll();
    const above = await scoreProjectLinkage(dbPath(), truthCsv());
    expect(above.operations).toBe(off.operations);
    expect(above.pairs).toEqual(off.pairs);
  });

  it('estimate rebuilds the models when the setting or the clusters changed since the last run, and only then', async () => {
    const estimate = async () => {
      const lines: string[] = [];
      const result = await estimateCommand({ project: project.dir, method: 'mse', bootstrap: 0 }, { ...silentReporter, info: (l) => lines.push(l) });
      const operations = result.estimates.filter((e) => e.segment === 'all').reduce((t, e) => t + e.operations.observed, 0);
      return { ranNow: result.models_run.ran_now, reason: lines.find((l) => l.startsWith('estimate: running the models first')), operations };
    };
    setConfig(ON);
    const changed = await estimate();
    expect(changed.ranNow).toBe(true);
    expect(changed.reason).toContain('linkage.template_min_cluster is 5 in grayscope.yaml');
    expect(changed.operations).toBe(on.operations);
    expect((await estimate()).ranNow).toBe(false);

    await templatesCommand({ project: project.dir });
    const retemplated = await estimate();
    expect(retemplated.reason).toContain('grayscope templates ran again');
    expect((await estimate()).ranNow).toBe(false);

    setConfig('');
    const switchedOff = await estimate();
    expect(switchedOff.reason).toContain('linkage.template_clusters is false in grayscope.yaml; the last model run linked with true');
    expect(switchedOff.operations).toBe(off.operations);
    expect((await estimate()).ranNow).toBe(false);
  }, 120_000);
});

describe('linkage.template_clusters without clusters that cover the loaded complaints', () => {
  let small: ReturnType<typeof tempProject>;
  beforeAll(() => {
    small = tempProject('gs-template-linkage-small-');
  });
  afterAll(() => small?.cleanup());

  const complaints = (first: number) =>
    `complaint_id,received_date,region,category,narrative\n${[0, 1, 2, 3, 4, 5].map((i) => `K${first + i},2025-02-0${i + 1},广东,代理投诉,本人委托代理维权，要求退还全部保费并赔偿损失，否则将向监管部门投诉。`).join('\n')}\n`;
  const refusal = (p: Promise<unknown>) => p.then(() => expect.fail('the run should have been refused'), (e: unknown) => e as GrayscopeError);

  it('with nothing loaded the models run (there is nothing to link)', async () => {
    writeFiles(small.dir, { 'grayscope.yaml': ON });
    const run = await runCommand({ project: small.dir });
    expect(run.models.every((m) => m.status === 'success')).toBe(true);
  });

  it('complaints loaded but grayscope templates never run: exit 2 naming the file, the key and the fix; models that do not link still run', async () => {
    writeFiles(small.dir, { 'data/a.csv': complaints(1) });
    await loadCommand({ source: 'complaints', files: [join(small.dir, 'data/a.csv')], project: small.dir });
    const err = await refusal(runCommand({ project: small.dir }));
    expect(err).toBeInstanceOf(GrayscopeError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(`${join(small.dir, 'grayscope.yaml')}: linkage.template_clusters is true, but grayscope templates has never run on this database, so record_operations would link without template clusters`);
    expect(err.hint).toMatch(/^Run grayscope templates first .* or set linkage\.template_clusters: false/);
    const staging = await runCommand({ project: small.dir, select: ['stg_complaints'] });
    expect(staging.models).toMatchObject([{ name: 'stg_complaints', status: 'success', rows: 6 }]);
  });

  it('after grayscope templates the run links the templated complaints into one operation', async () => {
    await templatesCommand({ project: small.dir });
    await runCommand({ project: small.dir });
    const score = await scoreOperations(small.dir);
    expect(score).toEqual({ operations: 1, records: 6 });
  });

  it('complaints loaded after grayscope templates ran: exit 2, the clusters do not cover them', async () => {
    writeFiles(small.dir, { 'data/b.csv': complaints(101) });
    await loadCommand({ source: 'complaints', files: [join(small.dir, 'data/b.csv')], project: small.dir });
    const err = await refusal(runCommand({ project: small.dir }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(
      /linkage\.template_clusters is true, but complaints were loaded on \d{4}-\d\d-\d\d at \d\d:\d\d:\d\d, after grayscope templates last ran on \d{4}-\d\d-\d\d at \d\d:\d\d:\d\d: the clusters do not cover them$/,
    );
    // The terminal masks phone-like digit runs in every message: the times must come through whole.
    expect(maskText(err.message)).toBe(err.message);
    await templatesCommand({ project: small.dir });
    await runCommand({ project: small.dir });
    expect(await scoreOperations(small.dir)).toEqual({ operations: 1, records: 12 });
  });
});

describe('the template key is per quarter and never an actor key', () => {
  let q: ReturnType<typeof tempProject>;
  beforeAll(() => {
    q = tempProject('gs-template-linkage-quarters-');
  });
  afterAll(() => q?.cleanup());

  const T = '本人委托代理维权，要求华信银行退还全部保费并赔偿损失，否则将向监管部门投诉，并保留追究法律责任的权利。';
  const U = '关于暴力催收的投诉：催收人员每天拨打我电话数十次，冒充律师和法院工作人员，威胁要起诉并上征信黑名单。';
  const linked = async () => {
    const { withDb } = await import('../helpers/project.js');
    return withDb(join(q.dir, 'grayscope.duckdb'), (db) => db.all<{ record_key: string; operation_id: string }>('SELECT record_key, operation_id FROM record_operations ORDER BY record_key'));
  };

  it('joins one cluster’s complaints within a quarter only; a lone complaint is no operation for sharing a template with one elsewhere, while a phone seen on an incident still makes it one', async () => {
    writeFiles(q.dir, {
      'grayscope.yaml': `${ON}  template_min_cluster: 2\n`,
      'data/c.csv': [
        'complaint_id,received_date,region,category,phone,narrative',
        // A1 and A2: one template, one quarter. A3: the same template alone in the next quarter.
        `A1,2025-01-10,广东,代理投诉,,${T}`,
        `A2,2025-02-10,广东,代理投诉,,${T}`,
        `A3,2025-04-10,广东,代理投诉,13900001111,${T}`,
        // B1: lone in its quarter, with the phone of an incident of the quarter before (an actor's key).
        'B1,2025-05-01,广东,其他,13800002222,我的信用卡被盗刷了五千元，银行一直不处理。',
        // C1 and C2: one template, two quarters.
        `C1,2025-07-01,广东,代理投诉,,${U}`,
        `C2,2025-10-01,广东,代理投诉,,${U}`,
        '',
      ].join('\n'),
      'data/i.csv': 'incident_id,detected_date,region,category,agency_name,phone,narrative\nI1,2025-01-05,广东,虚假诉讼,某某咨询有限公司,13800002222,线索\n',
    });
    await loadCommand({ source: 'complaints', files: [join(q.dir, 'data/c.csv')], project: q.dir });
    await loadCommand({ source: 'incidents', files: [join(q.dir, 'data/i.csv')], project: q.dir });
    const t = await templatesCommand({ project: q.dir, minCluster: 2 });
    expect(t.clusters).toMatchObject([
      { id: 'A1', size: 3 },
      { id: 'C1', size: 2 },
    ]);
    await runCommand({ project: q.dir });
    const on = await linked();
    expect(on.map((r) => r.record_key)).toEqual(['complaints:A1', 'complaints:A2', 'complaints:B1', 'incidents:I1']);
    const op = Object.fromEntries(on.map((r) => [r.record_key, r.operation_id]));
    expect(op['complaints:A1']).toBe(op['complaints:A2']);
    expect(op['complaints:A1']).not.toBe(op['incidents:I1']);

    // Off: A1 and A2 share nothing else, so they are no operation; B1 still is.
    writeFiles(q.dir, { 'grayscope.yaml': '' });
    await runCommand({ project: q.dir });
    expect((await linked()).map((r) => r.record_key)).toEqual(['complaints:B1', 'incidents:I1']);
  });
});

async function scoreOperations(dir: string): Promise<{ operations: number; records: number }> {
  const { withDb } = await import('../helpers/project.js');
  return withDb(join(dir, 'grayscope.duckdb'), async (db) => {
    const [row] = await db.all<{ operations: number; records: number }>(
      'SELECT CAST(count(DISTINCT operation_id) AS INTEGER) AS operations, CAST(count(*) AS INTEGER) AS records FROM record_operations',
    );
    return row!;
  });
}
