// `templates` on generated data through a real DuckDB: the clusters agree with exact Jaccard on a
// sample small enough for all pairs, the templated share per year matches the generator's truth,
// the tables and the result have their documented shape, and misuse fails with the right code.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Db, type OpenOptions, type Params } from '../../src/core/ports/db.js';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { projectIO } from '../../src/adapters/project-io.js';
import { loadCommand, templatesCommand } from '../../src/api.js';
import { GrayscopeError } from '../../src/core/errors.js';
import { generateCommand as generate } from '../../src/api.js';
import { Rng } from '../../src/core/random.js';
import { demoCategoriesYaml } from '../../src/core/demo/categories.js';
import { silentReporter } from '../../src/core/reporter.js';
import { resolveProject } from '../../src/core/project.js';
import { detectTemplates, type TemplatesOptions, type TemplatesReport } from '../../src/core/templates/detect.js';
import { TEXT_SEPARATOR } from '../../src/core/templates/doc-sketch.js';
import { chooseBanding } from '../../src/core/templates/lsh.js';
import { bandKey, signature } from '../../src/core/templates/minhash.js';
import { normaliseNarrative } from '../../src/core/templates/normalise.js';
import { SketchPool } from '../../src/core/templates/sketch-pool.js';
import { jaccard, shingleSet } from '../../src/core/templates/shingles.js';
import { TemplateIndex } from '../../src/core/templates/template-index.js';
import { UnionFind } from '../../src/core/templates/union-find.js';
import { renderTemplates } from '../../src/render/templates.js';
import { writeCsv } from '../e2e/fixtures.js';
import { tempProject, withDb } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
let dir: string;
let data: string;
let all: TemplatesReport;
const figures: Record<string, unknown> = {};

beforeAll(async () => {
  project = tempProject('gs-templates-');
  dir = project.dir;
  data = join(dir, 'data');
  const generated = await generate({ out: data, seed: 1, scale: 'small', messy: false }, silentReporter);
  writeFileSync(join(dir, 'grayscope.yaml'), demoCategoriesYaml());
  const files = generated.files.filter((f) => f.source === 'complaints').map((f) => join(data, f.path));
  await loadCommand({ source: 'complaints', files, project: dir, cwd: dir });
  all = await templatesCommand({ project: dir, cwd: dir });
}, 180_000);
afterAll(() => {
  process.stderr.write(`templates accuracy: ${JSON.stringify(figures)}\n`);
  project.cleanup();
});

const THRESHOLD = 0.7;
const MIN_CLUSTER = 5;

/** Share of docs in sets of at least MIN_CLUSTER. */
function share(sets: UnionFind, n: number): number {
  let templated = 0;
  for (let d = 0; d < n; d++) if (sets.setSize(d) >= MIN_CLUSTER) templated++;
  return templated / n;
}

describe('against exact Jaccard on a 2,000-complaint sample (all pairs)', () => {
  it('recalls ≥ 0.95 of the pairs at or above the threshold, with ≥ 0.95 precision of cluster pairs and the share within 1 point', async () => {
    const texts = await withDb(join(dir, 'grayscope.duckdb'), (db) =>
      db.all<{ t: string | null }>(`SELECT narrative AS t FROM complaints ORDER BY hash(complaint_id), complaint_id LIMIT 2000`),
    );
    const normal = texts.map((r) => normaliseNarrative(r.t ?? ''));
    const n = normal.length;
    const exactSets = normal.map((t) => shingleSet(t, 3));
    const exact = new UnionFind(n);
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (exactSets[i]!.length > 0 && exactSets[j]!.length > 0 && jaccard(exactSets[i]!, exactSets[j]!) >= THRESHOLD) {
          pairs.push([i, j]);
          exact.union(i, j);
        }
      }
    }
    const index = TemplateIndex.fromNormalised(normal, { shingle: 3, hashes: 256, ...chooseBanding(256, THRESHOLD) });
    const { sets, stats } = index.cluster(THRESHOLD);

    // LSH alone: the pairs at or above the threshold that share at least one band.
    const banding = chooseBanding(256, THRESHOLD);
    const keys = exactSets.map((set) => {
      const sig = signature(set, 256);
      return Array.from({ length: banding.bands }, (_, b) => bandKey(sig, b, banding.rows));
    });
    const candidates = pairs.filter(([i, j]) => keys[i]!.some((k, b) => keys[j]![b] === k)).length;
    const recalled = pairs.filter(([i, j]) => sets.find(i) === sets.find(j)).length;
    let together = 0;
    let reallyConnected = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (sets.find(i) !== sets.find(j)) continue;
        together++;
        if (exact.find(i) === exact.find(j)) reallyConnected++;
      }
    }
    const recall = recalled / pairs.length;
    const precision = reallyConnected / together;
    const shares = { lsh: share(sets, n), exact: share(exact, n) };
    Object.assign(figures, { sample: n, pairs_at_threshold: pairs.length, lsh_candidate_recall: candidates / pairs.length, pair_recall: recall, cluster_pair_precision: precision, share_lsh: shares.lsh, share_exact: shares.exact, exact_checks: stats.checked, sketch_rejected: stats.rejected });
    expect(pairs.length).toBeGreaterThan(1000);
    expect(candidates / pairs.length).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(Math.abs(shares.lsh - shares.exact)).toBeLessThanOrEqual(0.01);
  });
});

describe('against the generator truth', () => {
  it('finds the templated complaints (precision and recall ≥ 0.98) and each year’s share within 1 point', async () => {
    const truthRecords = readFileSync(join(data, 'truth_records.csv'), 'utf8').trim().split('\n').slice(1);
    const templatedTruth = new Set(truthRecords.map((l) => l.split(',')).filter((c) => c[0] === 'complaints' && c[4]).map((c) => c[1]!));
    const rows = await withDb(join(dir, 'grayscope.duckdb'), (db) =>
      db.all<{ id: string; year: number; templated: boolean }>(
        `SELECT c.complaint_id AS id, year(c.received_date) AS year, coalesce(k.cluster_size >= ?, false) AS templated
         FROM complaints c LEFT JOIN complaint_template_clusters k USING (complaint_id)`,
        [MIN_CLUSTER],
      ),
    );
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const byYear = new Map<number, { n: number; t: number }>();
    for (const r of rows) {
      const truth = templatedTruth.has(r.id);
      if (r.templated && truth) tp++;
      else if (r.templated) fp++;
      else if (truth) fn++;
      const y = byYear.get(r.year) ?? { n: 0, t: 0 };
      y.n++;
      if (r.templated) y.t++;
      byYear.set(r.year, y);
    }
    const truthJson = JSON.parse(readFileSync(join(data, 'truth.json'), 'utf8')) as { years: Array<{ year: number; templated_share: number }> };
    const years = truthJson.years.map((y) => ({ year: y.year, truth: y.templated_share, measured: byYear.get(y.year)!.t / byYear.get(y.year)!.n }));
    Object.assign(figures, { templated_precision: tp / (tp + fp), templated_recall: tp / (tp + fn), years });
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.98);
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.98);
    for (const y of years) expect(Math.abs(y.measured - y.truth), String(y.year)).toBeLessThanOrEqual(0.01);
  });
});

describe('the result and the tables', () => {
  it('returns the documented shape for all periods, with the largest clusters first and short masked examples', () => {
    expect(Object.keys(all).sort()).toEqual(['clusters', 'complaints', 'min_cluster', 'period', 'run_id', 'share', 'shingle', 'templated', 'threshold']);
    expect(all).toMatchObject({ period: null, threshold: 0.7, shingle: 3, min_cluster: 5 });
    expect(all.share).toBeCloseTo(all.templated / all.complaints, 12);
    expect(all.clusters.length).toBe(10);
    for (let i = 1; i < all.clusters.length; i++) expect(all.clusters[i]!.size).toBeLessThanOrEqual(all.clusters[i - 1]!.size);
    for (const c of all.clusters) {
      expect([...c.example].length).toBeLessThanOrEqual(81);
      expect(c.example).not.toMatch(/1\d{10}/);
    }
  });

  it('stores every complaint of a cluster of two or more with its cluster size, and the share per period and category', async () => {
    await withDb(join(dir, 'grayscope.duckdb'), async (db) => {
      const bad = await db.scalar<number>(
        `SELECT count(*) FROM (SELECT cluster_id, count(*) AS n, min(cluster_size) AS lo, max(cluster_size) AS hi, min(complaint_id) AS first
         FROM complaint_template_clusters GROUP BY cluster_id) WHERE n <> lo OR n <> hi OR n < 2 OR first <> cluster_id`,
      );
      expect(bad).toBe(0);
      const shares = await db.all<{ complaints: number; templated: number }>(`SELECT sum(complaints) AS complaints, sum(templated) AS templated FROM complaint_template_shares`);
      expect(shares[0]).toEqual({ complaints: all.complaints, templated: all.templated });
    });
  });

  it('reports one period’s share from the clusters of all periods', async () => {
    const q = await templatesCommand({ project: dir, cwd: dir, period: '2025Q1' });
    const count = await withDb(join(dir, 'grayscope.duckdb'), (db) => db.scalar<number>(`SELECT count(*) FROM complaints WHERE year(received_date) = 2025 AND quarter(received_date) = 1`));
    expect(q.period).toBe('2025Q1');
    expect(q.complaints).toBe(count);
    expect(q.templated).toBeGreaterThan(0);
    expect(q.share).toBeGreaterThan(0.25);
    expect(q.share).toBeLessThan(0.45);
  });
});

describe('reading the narratives', () => {
  it('reads a narrative holding the batch separator (chr(1)), and NULL and empty ones, without losing or shifting any', async () => {
    const p = tempProject('gs-templates-read-');
    try {
      const text = (i: number) => `本人王${'伟娜敏洋静磊'[i]}，于2025年${i + 1}月3日在华信银行办理信用贷款${12000 + i * 731}元。因疫情和失业导致收入锐减，目前确实无力按期还款。现申请停息挂账，减免全部罚息和违约金，按本金分六十期还款，请监管部门督促处理。`;
      const rows = Array.from({ length: 6 }, (_, i) => [`T${i + 1}`, '2025-02-01', '广东', '反催收', '100', '', i === 2 ? text(i).replace('收入锐减', '收入\u0001锐减') : text(i)]);
      rows.push(['N1', '2025-02-01', '北京', '其他', '100', '', ''], ['F1', '2025-02-01', '北京', '其他', '100', '', '理财经理推荐的产品亏损了，当时没有做风险评估，也没有双录。']);
      // Rows before and after the odd ones, so a shift would pair texts with the wrong complaints.
      writeCsv(join(p.dir, 'c.csv'), [rows[6]!, ...rows.slice(0, 6), rows[7]!]);
      await loadCommand({ source: 'complaints', files: ['c.csv'], project: p.dir, cwd: p.dir });
      const held = await withDb(join(p.dir, 'grayscope.duckdb'), (db) => db.scalar<number>(`SELECT count(*) FROM complaints WHERE contains(narrative, chr(1))`));
      expect(held).toBe(1);
      for (const batchRows of [1, 3, 25_000]) {
        const r = await templatesCommand({ project: p.dir, cwd: p.dir, minCluster: 2, batchRows });
        expect(r).toMatchObject({ complaints: 8, templated: 6, clusters: [{ id: 'T1', size: 6 }] });
      }
    } finally {
      p.cleanup();
    }
  });
});

describe('reading the narratives in batches bounded by bytes as well as rows', () => {
  const runResults = (projectDir: string, runId: string) => JSON.parse(readFileSync(join(projectDir, 'runs', runId, 'run_results.json'), 'utf8'));
  // The core call, whose options include the batch bounds (the API leaves batchBytes out).
  const detect = async (projectDir: string, options: TemplatesOptions) =>
    detectTemplates(await resolveProject({ project: projectDir }, projectDir, projectIO), projectIO, options, silentReporter);
  const table = (projectDir: string) => withDb(join(projectDir, 'grayscope.duckdb'), (db) => db.all('SELECT * FROM complaint_template_clusters ORDER BY complaint_id'));

  it('cuts the 20,000 generated narratives into batches of at most batchBytes, with the same clusters', async () => {
    const reference = await table(dir);
    const bytes = await withDb(join(dir, 'grayscope.duckdb'), (db) => db.scalar<number>(`SELECT CAST(sum(strlen(coalesce(narrative, '')) + 1) AS DOUBLE) FROM complaints`));
    const r = await detect(dir, { batchBytes: 1_000_000 });
    const { execution } = runResults(dir, r.run_id);
    expect(execution).toMatchObject({ batch_rows: 25_000, batch_bytes: 1_000_000 });
    // 20,000 rows would be one batch by rows; by bytes it takes at least this many.
    expect(execution.batches).toBeGreaterThanOrEqual(Math.ceil(bytes! / 1_000_000));
    expect(execution.batches).toBeLessThanOrEqual(Math.ceil(bytes! / 1_000_000) * 2);
    expect(await table(dir)).toEqual(reference);
    expect({ ...r, run_id: all.run_id }).toEqual(all);
    expect(runResults(dir, all.run_id).execution).toMatchObject({ batches: 1, batch_bytes: 32 * 1024 * 1024 });
  });

  it('reads a narrative longer than batchBytes as a batch of its own, between batches of short ones', async () => {
    const p = tempProject('gs-templates-long-');
    try {
      const rng = new Rng(77);
      const base = Array.from({ length: 20_000 }, () => rng.choice([...'催收逾期还款利息减免罚息协商征信投诉维权代理退保银行机构'])).join('');
      const long = (i: number) => `${base.slice(0, 1000 * i)}第${'一二三四五六'[i]}次${base.slice(1000 * i)}`;
      const short = [
        '我在网点办理了储蓄卡，账户被多扣了年费。',
        '收到法院传票说我欠款，但我从来没借过。',
        '理财经理推荐的产品亏损了，没有做风险评估。',
        '信用卡被盗刷五千元，银行一直不处理。',
        '保险销售误导，承诺保本保收益，现在亏损。',
        '贷款到手金额远低于合同金额，被收取砍头息。',
      ];
      const rows = [
        ...short.slice(0, 3).map((t, i) => [`A${i}`, '2025-02-01', '北京', '其他', '100', '', t]),
        ...Array.from({ length: 6 }, (_, i) => [`L${i}`, '2025-02-01', '北京', '反催收', '100', '', long(i)]),
        ...short.slice(3).map((t, i) => [`Z${i}`, '2025-02-01', '北京', '其他', '100', '', t]),
      ];
      writeCsv(join(p.dir, 'c.csv'), rows);
      await loadCommand({ source: 'complaints', files: ['c.csv'], project: p.dir, cwd: p.dir });
      const whole = await templatesCommand({ project: p.dir, cwd: p.dir, minCluster: 2 });
      expect(whole).toMatchObject({ complaints: 12, templated: 6, clusters: [{ id: 'L0', size: 6 }] });
      const reference = await table(p.dir);
      for (const workers of [0, 2]) {
        const r = await detect(p.dir, { minCluster: 2, batchBytes: 50_000, workers });
        // The three short ones, each long one (60 kB of UTF-8) alone, the three short ones.
        expect(runResults(p.dir, r.run_id).execution.batches).toBe(8);
        expect({ ...r, run_id: whole.run_id }).toEqual(whole);
        expect(await table(p.dir)).toEqual(reference);
      }
    } finally {
      p.cleanup();
    }
  });
});

describe('a failure in the middle of a run', () => {
  const state = () =>
    withDb(join(dir, 'grayscope.duckdb'), async (db) => ({
      clusters: await db.all('SELECT * FROM complaint_template_clusters ORDER BY complaint_id'),
      shares: await db.all('SELECT * FROM complaint_template_shares ORDER BY period, category'),
      runs: await db.all('SELECT run_id FROM runs ORDER BY run_id'),
      folders: readdirSync(join(dir, 'runs')).sort(),
    }));

  it('rejects with the worker’s error, stops the workers and leaves the tables, the runs and runs/ as they were', async () => {
    const before = await state();
    expect(before.clusters.length).toBeGreaterThan(1000);
    // The third batch comes back with one text too many, as a shifted read would: a worker throws.
    let reads = 0;
    const io = {
      ...projectIO,
      openDatabase: async (path: string, options?: OpenOptions): Promise<Db> => {
        const db = await openDatabase(path, options);
        return {
          ...db,
          async all<T>(sql: string, params?: Params) {
            const rows = (await db.all(sql, params)) as Array<Record<string, unknown>>;
            if (sql.includes('string_agg(coalesce(narrative') && ++reads === 3) {
              const b = rows[0]!.b as Uint8Array;
              const shifted = new Uint8Array(b.length + 1);
              shifted.set(b);
              shifted[b.length] = TEXT_SEPARATOR;
              rows[0]!.b = shifted;
            }
            return rows as T[];
          },
        };
      },
    };
    const close = vi.spyOn(SketchPool.prototype, 'close');
    try {
      const project = await resolveProject({ project: dir }, dir, projectIO);
      // Changed parameters, so that a partial write would show.
      await expect(detectTemplates(project, io, { threshold: 0.5, minCluster: 2, batchRows: 2000, workers: 2 }, silentReporter)).rejects.toThrow(/holds more texts/);
      expect(reads).toBeGreaterThanOrEqual(3);
      expect(close).toHaveBeenCalledTimes(1);
      expect(await close.mock.results[0]!.value).toBeUndefined();
    } finally {
      close.mockRestore();
    }
    expect(await state()).toEqual(before);
  });

  it('replaces the tables only together with its run record: a run record that cannot be written leaves the tables and the runs table as they were', async () => {
    const now = () => new Date('2025-04-10T08:30:00.123Z');
    const runId = '20250410T083000123Z-nodir0';
    // A file where the run's folder would go: writing runs/<run_id>/manifest.json fails.
    writeFileSync(join(dir, 'runs', runId), 'in the way\n');
    try {
      const before = await state();
      await expect(templatesCommand({ project: dir, cwd: dir, threshold: 0.5, minCluster: 2, now, runIdSuffix: 'nodir0' })).rejects.toThrow();
      expect(await state()).toEqual(before);
    } finally {
      rmSync(join(dir, 'runs', runId));
    }
  });
});

describe('the examples', () => {
  it('are one line without control characters, whatever the narrative holds (line breaks, tabs, terminal escapes, bidirectional overrides)', async () => {
    const p = tempProject('gs-templates-example-');
    try {
      const odd = '\n \n\t\u001b[2J\u001b[31m\u202e\u2028\u007f';
      const text = (i: number) => {
        const t = `本人委托代理维权，要求华信银行退还全部保费${12000 + i}元并赔偿损失，否则将向监管部门投诉，并保留追究法律责任的权利。`;
        // E1, the example, holds every odd character; the others are plain fills of the template.
        return i === 0 ? `${odd}${t.replace('，', `，${odd}`)}${odd}` : t;
      };
      writeCsv(join(p.dir, 'c.csv'), Array.from({ length: 7 }, (_, i) => [`E${i + 1}`, '2025-02-01', '广东', '代理投诉', '100', '', text(i)]));
      await loadCommand({ source: 'complaints', files: ['c.csv'], project: p.dir, cwd: p.dir });
      for (const period of [undefined, '2025Q1']) {
        const r = await templatesCommand({ project: p.dir, cwd: p.dir, period });
        expect(r.clusters).toMatchObject([{ id: 'E1', size: 7 }]);
        const { example } = r.clusters[0]!;
        // Each run of control characters and spaces is one space, none at the ends; then 80 characters.
        expect(example).toBe('[2J [31m 本人委托代理维权， [2J [31m 要求华信银行退还全部保费12000元并赔偿损失，否则将向监管部门投诉，并保留追究法律责任的权利。 [2J…');
        expect(example).not.toMatch(/[\p{Cc}\u2028\u2029\u202a-\u202e]/u);
        // The terminal table: a header and one line per cluster between the summary and the footer.
        expect(renderTemplates(r).split('\n')).toHaveLength(6);
      }
    } finally {
      p.cleanup();
    }
  });
});

describe('misuse', () => {
  const code = async (work: Promise<unknown>) => {
    try {
      await work;
      return 0;
    } catch (err) {
      return err instanceof GrayscopeError ? err.exitCode : -1;
    }
  };

  it('exits 2 for a threshold, shingle length or minimum cluster size out of range', async () => {
    expect(await code(templatesCommand({ project: dir, cwd: dir, threshold: 1.5 }))).toBe(2);
    expect(await code(templatesCommand({ project: dir, cwd: dir, threshold: Number.NaN }))).toBe(2);
    expect(await code(templatesCommand({ project: dir, cwd: dir, shingle: 0 }))).toBe(2);
    expect(await code(templatesCommand({ project: dir, cwd: dir, minCluster: 1 }))).toBe(2);
    // Stored as an INTEGER: beyond it the run used to end in an internal error (exit 70) after all the work.
    expect(await code(templatesCommand({ project: dir, cwd: dir, minCluster: 3_000_000_000 }))).toBe(2);
    expect(await code(templatesCommand({ project: dir, cwd: dir, period: '2025-1' }))).toBe(2);
  });

  it('exits 3 when no complaints are loaded, or none in the period asked for', async () => {
    const empty = tempProject('gs-templates-empty-');
    try {
      expect(await code(templatesCommand({ project: empty.dir, cwd: empty.dir }))).toBe(3);
    } finally {
      empty.cleanup();
    }
    expect(await code(templatesCommand({ project: dir, cwd: dir, period: '2019Q1' }))).toBe(3);
  });
});
