// A mistaken flag is a usage error even when grayscope.yaml is broken too: flags are checked before
// the project's configuration is read, so the user fixes the command line first.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { estimateCommand, rejectsCommand, templatesCommand } from '../../src/api.js';
import { tempProject } from '../helpers/project.js';

describe('flags before configuration', () => {
  let project: ReturnType<typeof tempProject>;
  beforeEach(() => {
    project = tempProject('gs-usage-first-');
    writeFileSync(join(project.dir, 'grayscope.yaml'), 'project: x\nnot_a_key: 1\n');
  });
  afterEach(() => project.cleanup());

  it('templates --threshold 2 and rejects with an unknown source are usage errors, not configuration errors', async () => {
    await expect(templatesCommand({ project: project.dir, threshold: 2 })).rejects.toMatchObject({ code: 'usage', exitCode: 2 });
    await expect(rejectsCommand({ project: project.dir, source: 'complains' })).rejects.toMatchObject({ code: 'usage', exitCode: 2 });
  });

  it('the configuration is still checked when the flags are fine', async () => {
    await expect(templatesCommand({ project: project.dir })).rejects.toMatchObject({ code: 'config', exitCode: 2 });
    await expect(estimateCommand({ project: project.dir })).rejects.toMatchObject({ code: 'config', exitCode: 2 });
  });
});
