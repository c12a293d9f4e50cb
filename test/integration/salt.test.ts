// The hashing salt: kept stable across loads, refused when grayscope.yaml changes it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initCommand, loadCommand } from '../../src/api.js';
import { GrayscopeError } from '../../src/core/errors.js';
import { tempProject, withDb } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.cleanup());

const csv = (name: string, id: string) => {
  const path = join(project.dir, name);
  writeFileSync(path, `complaint_id,received_date,region,category,phone\n${id},2025-01-01,广东,反催收,13812345678\n`);
  return path;
};

describe('the hashing salt', () => {
  it('the same phone hashes to the same value in two loads of one project', async () => {
    await initCommand({ dir: project.dir });
    await loadCommand({ source: 'complaints', files: [csv('a.csv', 'A1')], project: project.dir });
    await loadCommand({ source: 'complaints', files: [csv('b.csv', 'B1')], project: project.dir });
    const hashes = await withDb(join(project.dir, 'grayscope.duckdb'), (db) => db.all<{ h: string }>('SELECT DISTINCT phone_hash AS h FROM complaints'));
    expect(hashes).toHaveLength(1);
  });

  it('a changed salt in grayscope.yaml is refused (exit 2) and nothing is loaded', async () => {
    await initCommand({ dir: project.dir });
    await loadCommand({ source: 'complaints', files: [csv('a.csv', 'A1')], project: project.dir });
    const config = join(project.dir, 'grayscope.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^salt: .*$/m, 'salt: "a-different-salt-0123456789"'));
    const err = (await loadCommand({ source: 'complaints', files: [csv('b.csv', 'B1')], project: project.dir }).catch((e: unknown) => e)) as GrayscopeError;
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('salt differs');
    expect(await withDb(join(project.dir, 'grayscope.duckdb'), (db) => db.scalar('SELECT count(*) FROM complaints'))).toBe(1);
  });

  it('without grayscope.yaml a salt is made once and kept in the database', async () => {
    await loadCommand({ source: 'complaints', files: [csv('a.csv', 'A1')], project: project.dir });
    await loadCommand({ source: 'complaints', files: [csv('b.csv', 'B1')], project: project.dir });
    const hashes = await withDb(join(project.dir, 'grayscope.duckdb'), (db) => db.all('SELECT DISTINCT phone_hash FROM complaints'));
    expect(hashes).toHaveLength(1);
  });
});
