// Golden files: every command's --json on a committed input project, compared with the expected
// output in test/golden/<case>/expected/. Run ids, times, durations and absolute paths are
// normalised, nothing else. On a difference the new output is written beside the expected one as
// <step>-changed.json and the test fails with the diff; `npm run golden:update` rewrites the expected
// files when a change is intended (say so in the commit).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, makeTempDir } from '../helpers/cli.js';
import { type GoldenStep, normaliseFile, normaliseOutput } from './normalise.js';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const UPDATE = process.env.GOLDEN_UPDATE === '1';

const cases = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(ROOT, d.name, 'steps.json')))
  .map((d) => d.name)
  .sort();

for (const name of cases) {
  describe(`golden case ${name}`, () => {
    const caseDir = join(ROOT, name);
    const steps = JSON.parse(readFileSync(join(caseDir, 'steps.json'), 'utf8')) as GoldenStep[];
    const expectedDir = join(caseDir, 'expected');
    let tmp: ReturnType<typeof makeTempDir>;
    let project: string;

    beforeAll(() => {
      tmp = makeTempDir(`grayscope-golden-${name}-`);
      project = join(tmp.dir, 'project');
      cpSync(join(caseDir, 'project'), project, { recursive: true });
      if (UPDATE) {
        rmSync(expectedDir, { recursive: true, force: true });
        mkdirSync(expectedDir, { recursive: true });
      }
    });
    afterAll(() => tmp?.remove());

    // Steps build on each other (load, then run, then estimate …), so they run in order in one project.
    for (const step of steps) {
      it(`${step.name}: grayscope ${step.args.join(' ')} --json`, async () => {
        const result = await cli([...(await resolveRunIds(step.args, project)), '--json'], { cwd: project });
        expect(result.code, `exit code of ${step.name}; stderr:\n${result.stderr}`).toBe(step.exit ?? 0);
        const actual = normaliseOutput(result.stdout, { project, tmp: tmp.dir }, step.mask);
        const expectedFile = join(expectedDir, `${step.name}.json`);
        const changedFile = join(expectedDir, `${step.name}-changed.json`);
        if (UPDATE) {
          writeFileSync(expectedFile, actual, 'utf8');
          for (const file of step.files ?? []) {
            mkdirSync(join(expectedDir, step.name), { recursive: true });
            writeFileSync(join(expectedDir, step.name, basename(file)), normaliseFile(readFileSync(join(project, file), 'utf8'), { project, tmp: tmp.dir }, file, step.mask), 'utf8');
          }
          return;
        }
        rmSync(changedFile, { force: true });
        expect(existsSync(expectedFile), `${expectedFile} is missing: run npm run golden:update`).toBe(true);
        const expected = readFileSync(expectedFile, 'utf8');
        if (actual !== expected) writeFileSync(changedFile, actual, 'utf8');
        expect(actual, `${step.name}: output differs from ${expectedFile} (new output in ${changedFile})`).toBe(expected);
        for (const file of step.files ?? []) {
          const written = normaliseFile(readFileSync(join(project, file), 'utf8'), { project, tmp: tmp.dir }, file, step.mask);
          const expectedWritten = join(expectedDir, step.name, basename(file));
          expect(existsSync(expectedWritten), `${expectedWritten} is missing: run npm run golden:update`).toBe(true);
          const want = readFileSync(expectedWritten, 'utf8');
          if (written !== want) writeFileSync(`${expectedWritten}-changed`, written, 'utf8');
          expect(written, `${step.name}: ${file} differs from ${expectedWritten}`).toBe(want);
        }
      });
    }
  });
}

/**
 * `{run:COMMAND:N}` in a step's arguments stands for the run id of the Nth newest run of COMMAND
 * (1 = the newest), read from `grayscope runs --json`: steps such as `runs diff` and
 * `estimate --rerun` name runs whose ids change on every run.
 */
async function resolveRunIds(args: readonly string[], project: string): Promise<string[]> {
  if (!args.some((a) => /^\{run:\w+:\d+\}$/.test(a))) return [...args];
  const listed = await cli(['runs', '--json'], { cwd: project });
  const runs = (JSON.parse(listed.stdout) as { runs: Array<{ run_id: string; command: string; rerun_of: string | null }> }).runs;
  return args.map((a) => {
    const m = /^\{run:(\w+):(\d+)\}$/.exec(a);
    if (!m) return a;
    const id = runs.filter((r) => r.command === m[1] && r.rerun_of === null)[Number(m[2]) - 1]?.run_id;
    if (!id) throw new Error(`${a}: no such run in grayscope runs --json`);
    return id;
  });
}
