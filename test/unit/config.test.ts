import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';
import { GrayscopeError } from '../../src/core/errors.js';
import { configTemplate } from '../../src/core/project.js';

const fail = async (text: string) => (await parseConfig(text, 'grayscope.yaml').catch((e: unknown) => e)) as GrayscopeError;

describe('grayscope.yaml', () => {
  it('an empty file gives the defaults', async () => {
    const config = await parseConfig('', 'grayscope.yaml');
    expect(config.database).toBe('grayscope.duckdb');
    expect(config.aliases).toEqual({});
  });

  it('the file grayscope init writes is valid, with the template-cluster linkage key off', async () => {
    const config = await parseConfig(configTemplate('demo', 'ab'.repeat(16)), 'grayscope.yaml');
    expect(config.project).toBe('demo');
    expect(config.linkage).toEqual({ template_clusters: false, template_min_cluster: 5 });
  });

  it('an unknown key is named with its full path, line and column', async () => {
    const err = await fail('project: x\nentity:\n  nmae: 某银行\n');
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('grayscope.yaml:3:3: entity.nmae: unknown key');
  });

  it('a wrong type names the key path and where it is', async () => {
    const err = await fail('aliases:\n  complaints:\n    region: 地区\n');
    expect(err.message).toMatch(/^grayscope\.yaml:3:5: aliases\.complaints\.region: /);
  });

  it('invalid YAML names the line and column', async () => {
    const err = await fail('project: [unclosed\n');
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^grayscope\.yaml:\d+:\d+: invalid YAML/);
  });

  it('a credit code that is not 18 characters is refused', async () => {
    const err = await fail('entity:\n  credit_code: "123"\n');
    expect(err.message).toContain('entity.credit_code');
  });

  it('project aliases are kept', async () => {
    const config = await parseConfig('aliases:\n  complaints:\n    complaint_id: [工单号, 单号]\n', 'grayscope.yaml');
    expect(config.aliases.complaints?.complaint_id).toEqual(['工单号', '单号']);
  });
});
