// No import cycles in src, type-only imports included: checked with dpdm (a maintained dependency
// analyser) over every module, so a cycle fails the suite with its path instead of surfacing later
// as an undefined export at start-up.
import { fileURLToPath } from 'node:url';
import { parseCircular, parseDependencyTree } from 'dpdm';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

describe('import graph of src', () => {
  it('has no cycles, counting type-only and dynamic imports', async () => {
    const tree = await parseDependencyTree('src/**/*.ts', { context: REPO, transform: false, skipDynamicImports: false });
    expect(Object.keys(tree).length, 'dpdm found the modules').toBeGreaterThan(50);
    const cycles = parseCircular(tree).map((cycle) => cycle.join(' → '));
    expect(cycles).toEqual([]);
  });
});
