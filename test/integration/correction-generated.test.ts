// The generator's corrected re-export (generate --messy, truth.json `correction`) through the real
// loader: loaded with --upsert after the original files, exactly the rows truth names change, to the
// values it names; unloading the correction gives back the table as it was, lineage included.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCommand, loadCommand, unloadCommand } from '../../src/api.js';
import { demoCategoriesYaml } from '../../src/core/demo/categories.js';
import type { CorrectionTruth } from '../../src/core/generate/index.js';
import type { UpsertFileResult } from '../../src/core/ingest/load.js';
import { tempProject, withDb } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
let correction: CorrectionTruth;
const data = () => join(project.dir, 'data');
const db = () => join(project.dir, 'grayscope.duckdb');
const flags = () => ({ project: project.dir, cwd: project.dir });
const snapshot = () =>
  withDb(db(), (d) => d.all<{ id: string; row: string }>(`SELECT complaint_id AS id, CAST(to_json(c) AS VARCHAR) AS row FROM complaints c ORDER BY complaint_id`));

beforeAll(async () => {
  project = tempProject('gs-correction-');
  // The generated complaints are mostly ordinary complaints: map their topics as the demo does.
  writeFileSync(join(project.dir, 'grayscope.yaml'), demoCategoriesYaml());
  const generated = await generateCommand({ out: data(), seed: 2, scale: 'small', messy: true });
  correction = generated.correction!;
  const truth = JSON.parse(readFileSync(join(data(), 'truth.json'), 'utf8')) as { correction: CorrectionTruth };
  expect(truth.correction).toEqual(correction);
  const complaints = generated.files.filter((f) => f.source === 'complaints').map((f) => join('data', f.path));
  await loadCommand({ source: 'complaints', files: complaints, ...flags() });
}, 180_000);
afterAll(() => project.cleanup());

describe('a corrected re-export loaded with --upsert, then unloaded', () => {
  it('is not among the files the generator lists for loading, and names six changed rows of the file it corrects', () => {
    expect(correction.file).toBe('complaints_2025_corrected.jsonl');
    expect(correction.corrects).toBe('complaints_2025.jsonl');
    expect(correction.changed).toHaveLength(6);
    expect(new Set(correction.changed.map((c) => c.column))).toEqual(new Set(['amount_cny', 'category', 'region']));
  });

  it('replaces every row of the original, changes exactly the rows truth names to its values, and unload restores the table as it was', async () => {
    const before = await snapshot();
    const result = await loadCommand({ source: 'complaints', files: [join('data', correction.file)], upsert: true, ...flags() });
    const file = result.files[0] as UpsertFileResult;
    expect(file).toMatchObject({ status: 'updated', rows_read: correction.rows, rows_rejected: 0, rows_new: 0, rows_replaced: correction.rows, rows_changed: 6 });

    const changedIds = new Set(correction.changed.map((c) => c.record_id));
    await withDb(db(), async (d) => {
      for (const c of correction.changed) {
        const value = await d.scalar(`SELECT CAST(${c.column} AS VARCHAR) FROM complaints WHERE complaint_id = ?`, [c.record_id]);
        expect(c.column === 'amount_cny' ? Number(value) : value, `${c.record_id} ${c.column}`).toBe(c.after);
      }
      expect(Number(await d.scalar(`SELECT count(*) FROM record_history WHERE replaced_by_load = ?`, [result.load_id]))).toBe(correction.rows);
    });
    // Every other row says what it said before (lineage aside: it now comes from the correction).
    const strip = (row: string) => {
      const { source_file: _f, source_line: _l, load_id: _i, ...rest } = JSON.parse(row) as Record<string, unknown>;
      return JSON.stringify(rest);
    };
    const after = await snapshot();
    expect(after).toHaveLength(before.length);
    const differing = after.filter((r, i) => strip(r.row) !== strip(before[i]!.row)).map((r) => r.id);
    expect(new Set(differing)).toEqual(changedIds);

    const unloaded = await unloadCommand({ target: join('data', correction.file), ...flags() });
    expect(unloaded.totals).toEqual({ rows: correction.rows, quarantined: 0, restored: correction.rows });
    expect(await snapshot()).toEqual(before);
  });
});
