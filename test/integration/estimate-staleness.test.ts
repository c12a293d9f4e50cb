// `estimate` rebuilds the models when what they were built from changed: a project model file added,
// edited or deleted (the SQL sha256 each model run's manifest records against the files of today),
// and says why in models_run.reason, on stderr and in its manifest. On the hand-made project of
// test/helpers/estimate-project.ts, where the multiplier figure is a sum worked out by hand.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateCommand, loadCommand, runCommand, unloadCommand } from '../../src/api.js';
import type { Reporter } from '../../src/core/reporter.js';
import { ASSUMPTIONS, RECORDS, seedSql } from '../helpers/estimate-project.js';
import { seedDb, writeFiles } from '../helpers/model-project.js';
import { ROOT, tempProject } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
beforeAll(async () => {
  project = tempProject('gs-estimate-stale-');
  writeFiles(project.dir, { 'assumptions.yaml': ASSUMPTIONS });
  await seedDb(project.dir, seedSql(RECORDS));
  await runCommand({ project: project.dir });
}, 60_000);
afterAll(() => project?.cleanup());

const estimate = async () => {
  const lines: string[] = [];
  const reporter: Reporter = { info: (l) => lines.push(l), warn: () => {}, progress: () => ({ update() {}, stop() {} }) };
  const r = await estimateCommand({ project: project.dir, bootstrap: 0, method: 'multiplier', period: '2025Q1' }, reporter);
  const scale = r.estimates.find((e) => e.period === '2025Q1' && e.segment === 'debt_evasion')!.scale_cny.estimate;
  return { r, scale, ranNow: r.models_run.ran_now, reason: r.models_run.reason, stderr: lines.join('\n') };
};

describe('estimate: stale models after a model file changed', () => {
  it('rebuilds after the project edits queries/operation_amounts.sql and after it deletes it, naming the model; reuses the models otherwise', async () => {
    const fresh = await estimate();
    expect(fresh).toMatchObject({ scale: 551, ranNow: false, reason: null });

    // Values ten times larger: 275.5 of observed losses become 2,755, at a reporting rate of 0.5.
    const shipped = readFileSync(join(ROOT, 'queries', 'operation_amounts.sql'), 'utf8');
    const edited = shipped.replace('CAST(avg(amount_cny) AS DECIMAL(18, 2)) AS value_cny_estimate', 'CAST(10 * avg(amount_cny) AS DECIMAL(18, 2)) AS value_cny_estimate');
    expect(edited).not.toBe(shipped);
    writeFiles(project.dir, { 'queries/operation_amounts.sql': edited });
    const added = await estimate();
    expect(added).toMatchObject({ scale: 5510, ranNow: true });
    expect(added.reason).toMatch(/model SQL changed .*operation_amounts \(the project's queries\/operation_amounts\.sql now replaces the shipped model\)/);
    expect(added.stderr).toContain(`running the models first (${added.reason})`);
    const manifest = JSON.parse(readFileSync(join(project.dir, 'runs', added.r.run_id, 'manifest.json'), 'utf8'));
    expect(manifest.models_run).toMatchObject({ ran_now: true, reason: added.reason });
    expect(manifest.models.find((m: { name: string }) => m.name === 'operation_amounts')).toMatchObject({ origin: 'project', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await estimate()).toMatchObject({ scale: 5510, ranNow: false, reason: null });

    writeFiles(project.dir, { 'queries/operation_amounts.sql': edited.replace('10 * avg', '2 * avg') });
    const again = await estimate();
    expect(again).toMatchObject({ scale: 1102, ranNow: true });
    expect(again.reason).toMatch(/operation_amounts \(its SQL changed\)/);

    rmSync(join(project.dir, 'queries', 'operation_amounts.sql'));
    const removed = await estimate();
    expect(removed).toMatchObject({ scale: 551, ranNow: true });
    expect(removed.reason).toMatch(/operation_amounts \(the project's queries\/operation_amounts\.sql is gone; the shipped model applies\)/);
  });

  it('rebuilds after a loaded file is unloaded (the ledger no longer holds what the models were built from)', async () => {
    writeFiles(project.dir, { 'data/more.csv': 'incident_id,detected_date,region,category,amount,agency_name\nI-Z1,2025-02-01,44,debt_evasion,1000,agency-z\n' });
    await loadCommand({ project: project.dir, source: 'incidents', files: ['data/more.csv'], cwd: project.dir });
    const loaded = await estimate();
    expect(loaded).toMatchObject({ scale: 2551, ranNow: true });
    await unloadCommand({ project: project.dir, target: 'data/more.csv', cwd: project.dir });
    const unloaded = await estimate();
    expect(unloaded).toMatchObject({ scale: 551, ranNow: true });
    expect(unloaded.reason).toMatch(/the loaded files differ from the ones the models were built from \(unloaded since: .*more\.csv\)/);
  });
});
