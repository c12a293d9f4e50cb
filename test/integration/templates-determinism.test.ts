// `templates` gives the same clusters for the same complaints however they were loaded (one file
// in id order, or shuffled over two files loaded in reverse) and however the work is split (rows
// per batch, worker threads).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommand, templatesCommand } from '../../src/api.js';
import { Rng } from '../../src/core/random.js';
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

    for (const split of [{ batchRows: 997, workers: 0 }, { batchRows: 4096, workers: 1 }, { batchRows: 50_000, workers: 2 }]) {
      const b = await templatesCommand({ project: shuffled.dir, cwd: shuffled.dir, ...split });
      expect(await clusters(shuffled.dir), JSON.stringify(split)).toEqual(reference);
      expect(b).toEqual(a);
    }
  });
});
