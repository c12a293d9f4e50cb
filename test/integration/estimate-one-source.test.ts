// `grayscope estimate` on projects with one source (complaints only), built in the test: with no
// record linked into an operation it says so and what linkage needs (exit 3, for every period and for
// --period) instead of failing in SQL; with operations that only complaints see it reports the
// observed count as a lower bound, labelled in the JSON and the table, never as an interval "n–n".
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateCommand, initCommand, loadCommand } from '../../src/api.js';
import type { GrayscopeError } from '../../src/core/errors.js';
import { renderEstimate } from '../../src/render/estimate.js';
import { writeFiles } from '../helpers/model-project.js';
import { tempProject } from '../helpers/project.js';

/** A project with six 2025Q1 反催收 complaints; `agencies` names the agency of each (none: no key links them). */
async function complaintsOnly(agencies: boolean): Promise<ReturnType<typeof tempProject>> {
  const p = tempProject('gs-one-source-');
  await initCommand({ dir: p.dir });
  const rows = ['complaint_id,received_date,region,category,institution,agency_name,narrative'];
  for (let i = 1; i <= 6; i++) rows.push(`C${i},2025-0${1 + (i % 3)}-0${i},广东省,反催收,甲银行,${agencies ? `某某债务优化公司${i % 3}` : ''},投诉`);
  writeFiles(p.dir, { 'data/c.csv': `${rows.join('\n')}\n` });
  await loadCommand({ source: 'complaints', files: [join(p.dir, 'data/c.csv')], project: p.dir });
  return p;
}

const failure = async (p: Promise<unknown>) => (await p.then(() => null, (e: unknown) => e)) as GrayscopeError | null;

let unlinked: ReturnType<typeof tempProject>;
let named: ReturnType<typeof tempProject>;
beforeAll(async () => {
  unlinked = await complaintsOnly(false);
  named = await complaintsOnly(true);
}, 60_000);
afterAll(() => {
  unlinked?.cleanup();
  named?.cleanup();
});

describe('estimate with complaints that link into no operation', () => {
  it('exits 3 saying no record is linked into an operation and what linkage needs, for every period and for --period', async () => {
    for (const period of [undefined, '2025Q1', '2025']) {
      const err = await failure(estimateCommand({ project: unlinked.dir, bootstrap: 5, ...(period ? { period } : {}) }));
      expect(err?.exitCode, `${period}: ${err?.message}`).toBe(3);
      expect(err?.message).toMatch(/no operations to estimate.*the 6 complaints loaded.* not linked into any operation/);
      expect(err?.message).not.toMatch(/hold no periods|DELETE|Parser Error/);
      expect(err?.hint).toMatch(/agency names, shared phone or account numbers, or a second source/);
    }
  });

  it('still says no records are loaded for a period without any', async () => {
    const err = await failure(estimateCommand({ project: unlinked.dir, period: '2031Q1' }));
    expect(err?.exitCode).toBe(3);
    expect(err?.message).toMatch(/no operations in 2031Q1: no records are loaded for it/);
  });
});

describe('estimate with operations that only complaints see', () => {
  it('reports the observed operations as a lower bound: lower_bound true, no interval, a note', async () => {
    const r = await estimateCommand({ project: named.dir, bootstrap: 20, method: 'mse' });
    const rows = r.estimates.filter((e) => e.period === '2025Q1');
    expect(rows.map((e) => e.segment).sort()).toEqual(['all', 'debt_evasion']);
    for (const e of rows) {
      expect(e.lower_bound, e.segment).toBe(true);
      expect(e.operations.estimate).toBe(e.operations.observed);
      expect(e.operations.ci).toBeNull();
      expect(e.scale_cny.ci).toBeNull();
      expect(e.mse?.note).toMatch(/lower bound/);
    }
    const text = renderEstimate(r);
    expect(text).toMatch(/≥ 3\s+lower bound/);
    expect(text).not.toMatch(/\b3–3\b/);
    expect(text).toMatch(/≥: a lower bound, the operations observed/);
  });
});
