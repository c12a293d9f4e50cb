// `templates` gives the same clusters for the same complaints however they were loaded (one file
// in id order, or shuffled over two files loaded in reverse) and however the work is split (rows
// per batch, worker threads), and records each run: runs/<run_id>/manifest.json with parameters,
// versions and the loaded files' sha256, run_results.json, and a row in the `runs` table.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommand, templatesCommand } from '../../src/api.js';
import { Rng } from '../../src/core/random.js';
import { VERSION } from '../../src/core/version.js';
import { csvLine, HEADER } from '../e2e/fixtures.js';
import { tempProject, withDb } from '../helpers/project.js';

let inOrder: ReturnType<typeof tempProject>;
let shuffled: ReturnType<typeof tempProject>;

/**
 * 3,000 short narratives, near-copies (up to two characters changed) of 40 texts over six
 * characters: similar to their own text's copies and to many others', and not transitively so, so
 * LSH buckets mix clusters and which pairs get compared depends on the order of the documents.
 * Numbering documents in load order (rowid) gives other clusters for the shuffled load.
 */
function rows(): string[][] {
  const rng = new Rng(606);
  const chars = [...'天地玄黄宇宙'];
  const base = Array.from({ length: 40 }, () => Array.from({ length: 30 }, () => rng.choice(chars)).join(''));
  return Array.from({ length: 3000 }, (_, i) => {
    const text = rng.choice(base).split('');
    const edits = Math.floor(rng.uniform() * 3);
    for (let e = 0; e < edits; e++) text[Math.floor(rng.uniform() * text.length)] = rng.choice(chars);
    return [`D${String(i).padStart(5, '0')}`, `2024-0${1 + (i % 6)}-15`, '北京', '其他', '100', '', text.join('')];
  });
}

const write = (path: string, data: string[][]) => writeFileSync(path, `${[HEADER, ...data].map(csvLine).join('\n')}\n`, 'utf8');

beforeAll(async () => {
  inOrder = tempProject('gs-templates-order-a-');
  shuffled = tempProject('gs-templates-order-b-');
  const data = rows();
  write(join(inOrder.dir, 'complaints.csv'), data);
  const mixed = new Rng(9).shuffle([...data]);
  write(join(shuffled.dir, 'part1.csv'), mixed.slice(0, 1500));
  write(join(shuffled.dir, 'part2.csv'), mixed.slice(1500));
  await loadCommand({ source: 'complaints', files: ['complaints.csv'], project: inOrder.dir, cwd: inOrder.dir });
  await loadCommand({ source: 'complaints', files: ['part2.csv'], project: shuffled.dir, cwd: shuffled.dir });
  await loadCommand({ source: 'complaints', files: ['part1.csv'], project: shuffled.dir, cwd: shuffled.dir });
}, 120_000);
afterAll(() => {
  inOrder.cleanup();
  shuffled.cleanup();
});

const clusters = (dir: string) =>
  withDb(join(dir, 'grayscope.duckdb'), (db) =>
    db.all<{ complaint_id: string; cluster_id: string; cluster_size: number }>('SELECT complaint_id, cluster_id, cluster_size FROM complaint_template_clusters ORDER BY complaint_id'),
  );

describe('the same complaints give the same clusters', () => {
  it('whatever the load order, the files, the rows per batch and the number of worker threads', async () => {
    const a = await templatesCommand({ project: inOrder.dir, cwd: inOrder.dir });
    const reference = await clusters(inOrder.dir);
    // Not a vacuous comparison: most complaints clustered, in clusters of many sizes.
    expect(reference.length).toBeGreaterThan(2000);
    expect(new Set(reference.map((r) => r.cluster_size)).size).toBeGreaterThan(5);
    // The second project holds the complaints in another order (its rowids follow the load).
    const ids = (dir: string, order: string) => withDb(join(dir, 'grayscope.duckdb'), (db) => db.all<{ id: string }>(`SELECT complaint_id AS id FROM complaints ORDER BY ${order}`));
    expect(await ids(shuffled.dir, 'complaint_id')).toEqual(await ids(inOrder.dir, 'complaint_id'));
    expect((await ids(shuffled.dir, 'rowid')).slice(0, 100)).not.toEqual((await ids(inOrder.dir, 'rowid')).slice(0, 100));

    for (const split of [{ batchRows: 997, workers: 0 }, { batchRows: 4096, workers: 1 }, { batchRows: 25_000, workers: 2 }]) {
      const b = await templatesCommand({ project: shuffled.dir, cwd: shuffled.dir, ...split });
      expect(await clusters(shuffled.dir), JSON.stringify(split)).toEqual(reference);
      expect({ ...b, run_id: a.run_id }).toEqual(a);
    }
  });
});

describe('the run record', () => {
  it('writes runs/<run_id>/manifest.json and run_results.json and a row in runs, with the parameters, versions and input hashes', async () => {
    const now = () => new Date('2025-04-10T08:30:00.123Z');
    const r = await templatesCommand({ project: inOrder.dir, cwd: inOrder.dir, threshold: 0.8, shingle: 4, minCluster: 3, period: '2024Q1', now, runIdSuffix: 'abc123' });
    expect(r.run_id).toBe('20250410T083000123Z-abc123');
    const dir = join(inOrder.dir, 'runs', r.run_id);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      run_id: r.run_id,
      command: 'templates',
      tool_version: VERSION,
      started_at: '2025-04-10T08:30:00.123Z',
      parameters: { period: '2024Q1', threshold: 0.8, shingle: 4, min_cluster: 3, hashes: 256, document_order: 'complaint_id' },
      results: { complaints: r.complaints, templated: r.templated, share: r.share },
    });
    expect(manifest.duckdb_version).toMatch(/^v\d+\.\d+/);
    // The banding follows from the threshold: at J = 0.8 a longer band than at 0.7, still ≥ 0.95 recall at the threshold.
    expect(manifest.parameters.bands * manifest.parameters.rows).toBeLessThanOrEqual(256);
    expect(manifest.parameters.rows).toBeGreaterThan(7);
    expect(manifest.parameters.recall_at_threshold).toBeGreaterThanOrEqual(0.95);
    const ledger = await withDb(join(inOrder.dir, 'grayscope.duckdb'), (db) => db.all<{ path: string; sha256: string }>(`SELECT path, sha256 FROM load_ledger WHERE source = 'complaints' ORDER BY path, loaded_at`));
    expect(manifest.inputs.map((f: { sha256: string }) => f.sha256)).toEqual(ledger.map((f) => f.sha256));
    expect(manifest.inputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.results.clustered_complaints).toBe(await withDb(join(inOrder.dir, 'grayscope.duckdb'), (db) => db.scalar<number>('SELECT count(*) FROM complaint_template_clusters')));

    const results = JSON.parse(readFileSync(join(dir, 'run_results.json'), 'utf8'));
    const { min_cluster: _omit, ...json } = r;
    expect(results).toMatchObject({ run_id: r.run_id, command: 'templates', status: 'success', result: json });
    expect(results.comparisons.checked).toBeGreaterThan(0);

    const row = await withDb(join(inOrder.dir, 'grayscope.duckdb'), (db) =>
      db.all<{ command: string; status: string; period: string; tool_version: string }>(`SELECT command, status, period, tool_version FROM runs WHERE run_id = ?`, [r.run_id]),
    );
    expect(row).toEqual([{ command: 'templates', status: 'success', period: '2024Q1', tool_version: VERSION }]);
  });
});
