// The --select examples a new user copies name models that exist (issue 15 item 11): the examples
// of `run` and `test --help`, and the README's shell blocks, against the shipped queries/*.sql.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Run from '../../src/commands/run.js';
import Test from '../../src/commands/test.js';
import { REPO } from '../helpers/cli.js';

/** The model names in every `--select SPEC` of a command line (tag: specs name tags, not models). */
function selectedModels(line: string): string[] {
  return [...line.matchAll(/--select\s+(\S+)/g)]
    .map((m) => m[1]!)
    .filter((spec) => !spec.startsWith('tag:') && !/^(stepwise|bic|aic|bic\|aic)$/.test(spec))
    .map((spec) => spec.replace(/^\+|\+$/g, ''));
}

const shipped = (name: string) => existsSync(join(REPO, 'queries', `${name}.sql`));

describe('--select examples', () => {
  it('run and test --help name shipped models', () => {
    const examples = [...(Run.examples as string[]), ...(Test.examples as string[])];
    const names = examples.flatMap(selectedModels);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !shipped(n))).toEqual([]);
  });

  it("the README's shell examples of run and test name shipped models", () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const lines = blocks.flatMap((b) => b.split('\n')).filter((l) => /grayscope (run|test)\b.*--select/.test(l));
    const names = lines.flatMap(selectedModels);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !shipped(n))).toEqual([]);
  });
});
