// How well complaint_classification finds the agencies' complaints hidden under ordinary topics,
// scored against the generator's truth (truth_records.csv: operation_id, hidden, keyless) on the
// small set for three seeds, with the template-cluster key off (the default) and on (seed 1).
// A positive is a complaint of an operation filed under an ordinary topic (hidden = 1); a suspected
// complaint is a true positive when it is one, and its category is right when it is the operation's.
// Measured (seeds 1, 2, 3; key off): precision 1.000, recall 0.708, 0.730, 0.734 (every hidden
// complaint that carries a key is found; the keyless ones, 27–29%, only by template), category right
// 1.000; key on (seed 1): precision 1.000, recall 1.000. Precision is 1 because the generator's
// consumer phones never meet an operation's keys (a consumer who complains twice shares only her
// own phone, and such a pair is no operation); real data will do worse where keys are shared.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCommand, loadCommand, runCommand, templatesCommand } from '../../src/api.js';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { demoCategoriesYaml } from '../../src/core/demo/categories.js';
import { quoteLiteral } from '../../src/core/ports/db.js';
import { tempProject } from '../helpers/project.js';

interface Score {
  seed: number;
  key: 'off' | 'on';
  hidden: number;
  keyed: number;
  suspected: number;
  true_positive: number;
  keyed_found: number;
  category_right: number;
  precision: number;
  recall: number;
  recall_keyed: number;
  category_accuracy: number;
}

const projects: Array<ReturnType<typeof tempProject>> = [];
afterAll(() => {
  for (const p of projects) p.cleanup();
});

async function prepare(seed: number): Promise<string> {
  const project = tempProject(`gs-identification-${seed}-`);
  projects.push(project);
  const data = join(project.dir, 'data');
  const generated = await generateCommand({ out: data, seed, scale: 'small', messy: false });
  writeFileSync(join(project.dir, 'grayscope.yaml'), demoCategoriesYaml());
  for (const source of ['complaints', 'incidents', 'enforcement'] as const) {
    const load = await loadCommand({ source, files: generated.files.filter((f) => f.source === source).map((f) => join(data, f.path)), project: project.dir });
    expect(load.totals.rows_rejected, `${source} rejects`).toBe(0);
  }
  return project.dir;
}

async function score(dir: string, seed: number, key: 'off' | 'on'): Promise<Score> {
  const run = await runCommand({ project: dir });
  expect(run.models.filter((m) => m.status !== 'success')).toEqual([]);
  const db = await openDatabase(join(dir, 'grayscope.duckdb'));
  try {
    await db.run(`CREATE TEMP TABLE truth AS SELECT * FROM read_csv(${quoteLiteral(join(dir, 'data', 'truth_records.csv'))}, all_varchar = true) WHERE source = 'complaints'`);
    const [row] = await db.all<Record<string, number>>(`
      SELECT CAST(count(*) FILTER (WHERE t.hidden = '1') AS DOUBLE) AS hidden,
             CAST(count(*) FILTER (WHERE t.hidden = '1' AND t.keyless = '0') AS DOUBLE) AS keyed,
             CAST(count(*) FILTER (WHERE c.status = 'suspected') AS DOUBLE) AS suspected,
             CAST(count(*) FILTER (WHERE c.status = 'suspected' AND t.hidden = '1') AS DOUBLE) AS true_positive,
             CAST(count(*) FILTER (WHERE c.status = 'suspected' AND t.hidden = '1' AND t.keyless = '0') AS DOUBLE) AS keyed_found,
             CAST(count(*) FILTER (WHERE c.status = 'suspected' AND t.hidden = '1' AND c.category = g.code) AS DOUBLE) AS category_right
      FROM complaint_classification AS c
      JOIN truth AS t ON t.record_id = c.complaint_id
      -- the true category of a hidden complaint: that of its operation's labelled complaints
      LEFT JOIN (
        SELECT t2.operation_id, any_value(c2.category) AS code
        FROM truth AS t2 JOIN complaints AS c2 ON c2.complaint_id = t2.record_id
        WHERE t2.operation_id <> '' AND c2.category <> 'ordinary'
        GROUP BY t2.operation_id
      ) AS g ON g.operation_id = t.operation_id`);
    const r = row!;
    return {
      seed,
      key,
      hidden: r.hidden!,
      keyed: r.keyed!,
      suspected: r.suspected!,
      true_positive: r.true_positive!,
      keyed_found: r.keyed_found!,
      category_right: r.category_right!,
      precision: r.true_positive! / r.suspected!,
      recall: r.true_positive! / r.hidden!,
      recall_keyed: r.keyed_found! / r.keyed!,
      category_accuracy: r.category_right! / r.true_positive!,
    };
  } finally {
    db.close();
  }
}

const scores: Score[] = [];
const report = (s: Score) =>
  `seed ${s.seed}, template key ${s.key}: ${s.suspected} suspected, ${s.hidden} hidden (${s.keyed} with a key); precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}, recall on keyed ${s.recall_keyed.toFixed(3)}, category right ${s.category_accuracy.toFixed(3)}`;

describe('identification of hidden agency complaints against the generator truth (small set)', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}, template key off: precision ≥ 0.98, every hidden complaint with a key found, recall 0.6–0.8, category right ≥ 0.98`, async () => {
      const dir = await prepare(seed);
      const s = await score(dir, seed, 'off');
      scores.push(s);
      console.info(report(s));
      expect(s.hidden).toBeGreaterThan(2000);
      expect(s.precision).toBeGreaterThanOrEqual(0.98);
      expect(s.recall_keyed).toBeGreaterThanOrEqual(0.98);
      expect(s.recall).toBeGreaterThan(0.6);
      expect(s.recall).toBeLessThan(0.8);
      expect(s.category_accuracy).toBeGreaterThanOrEqual(0.98);
      if (seed === 1) {
        // The same project with the template-cluster key on: the keyless complaints share their
        // operation's template, so the clusters find them too.
        await templatesCommand({ project: dir });
        writeFileSync(join(dir, 'grayscope.yaml'), `${demoCategoriesYaml()}linkage:\n  template_clusters: true\n`);
        const on = await score(dir, seed, 'on');
        scores.push(on);
        console.info(report(on));
        expect(on.precision).toBeGreaterThanOrEqual(0.98);
        expect(on.recall).toBeGreaterThanOrEqual(0.95);
        expect(on.recall).toBeGreaterThan(s.recall);
      }
    }, 120_000);
  }
});
