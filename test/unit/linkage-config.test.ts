// grayscope.yaml `linkage`: the values it accepts, the errors (file:line:col, key path, what is
// wanted) for the ones it does not, and how it becomes a run parameter with its origin.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';
import { GrayscopeError } from '../../src/core/errors.js';
import { resolveParameters } from '../../src/core/models/params.js';

const parse = (text: string) => parseConfig(text, 'grayscope.yaml');
const fail = async (text: string) => (await parse(text).catch((e: unknown) => e)) as GrayscopeError;

describe('grayscope.yaml linkage', () => {
  it('is absent from a file without it, and its omitted keys take the defaults (off, clusters of 5 or more)', async () => {
    expect((await parse('project: x\n')).linkage).toBeUndefined();
    expect((await parse('linkage: {}\n')).linkage).toEqual({ template_clusters: false, template_min_cluster: 5 });
    expect((await parse('linkage:\n  template_clusters: true\n')).linkage).toEqual({ template_clusters: true, template_min_cluster: 5 });
    expect((await parse('linkage:\n  template_clusters: true\n  template_min_cluster: 2\n')).linkage).toEqual({ template_clusters: true, template_min_cluster: 2 });
  });

  it.each([
    ['linkage:\n  template_clusters: yes\n', 'grayscope.yaml:2:3: linkage.template_clusters: must be true or false'],
    ['linkage:\n  template_clusters: "true"\n', 'grayscope.yaml:2:3: linkage.template_clusters: must be true or false'],
    ['linkage:\n  template_clusters: 1\n', 'grayscope.yaml:2:3: linkage.template_clusters: must be true or false'],
    ['linkage:\n  template_clusters: true\n  template_min_cluster: 1\n', 'grayscope.yaml:3:3: linkage.template_min_cluster: must be at least 2: a template cluster has two or more complaints'],
    ['linkage:\n  template_min_cluster: 2.5\n', 'grayscope.yaml:2:3: linkage.template_min_cluster: must be a whole number of complaints'],
    // Bound to SQL as an INTEGER: a larger value would stop `run` with an internal error (exit 70).
    ['linkage:\n  template_min_cluster: 3000000000\n', 'grayscope.yaml:2:3: linkage.template_min_cluster: must be at most 1,000,000,000'],
    ['linkage:\n  template_min_cluster: "5"\n', 'grayscope.yaml:2:3: linkage.template_min_cluster: must be a whole number of complaints'],
    ['linkage:\n  template_clusers: true\n', 'grayscope.yaml:2:3: linkage.template_clusers: unknown key'],
    ['project: x\nlinkage: true\n', 'grayscope.yaml:2:1: linkage: must be a map, for example { template_clusters: true }'],
  ])('%j is refused with exit 2: %s', async (text, message) => {
    const err = await fail(text);
    expect(err).toBeInstanceOf(GrayscopeError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(message);
    expect(err.hint).toContain('Configuration');
  });

  it('becomes a run parameter: from the file when given, else the default, with its origin for the manifest', async () => {
    const db = undefined as never;
    const fromFile = await resolveParameters(db, { linkage: { template_clusters: true, template_min_cluster: 7 }, period: '2025Q1' });
    expect(fromFile).toEqual({ period: '2025Q1', linkage: { template_clusters: true, template_min_cluster: 7 }, origin: { period: 'flag', linkage: 'config' } });
    const byDefault = await resolveParameters(db, {});
    expect(byDefault).toEqual({ period: null, linkage: { template_clusters: false, template_min_cluster: 5 }, origin: { period: 'none', linkage: 'default' } });
  });
});
