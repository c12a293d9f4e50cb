// `grayscope return build` through the built CLI on a demo project: the JSON document and exit 0 for a
// clean return, exit 1 with the JSON still printed for a draft, exit 2 for a year or a changed filed
// return without --amend, exit 4 while another process holds the database. The workbook itself is
// read back cell by cell in test/integration/return-build.test.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReturnBuildResult } from '../../src/core/returns/build.js';
import { cli, type ErrorDocument, onlyJson, REPO } from '../helpers/cli.js';

let dir: string;
let demo: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gs-e2e-return-build-'));
  demo = join(dir, 'demo');
  const r = await cli(['demo', '--out', demo, '--quiet', '--json'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const copy = (name: string) => {
  const to = join(dir, name);
  cpSync(demo, to, { recursive: true });
  return to;
};

describe('grayscope return build', () => {
  it('--json prints one document with the file, version, checks and pending cells; exit 0; the human line names file and version', async () => {
    const r = await cli(['return', 'build', '--template', 'market', '--json'], { cwd: demo });
    expect(r.code, r.stderr).toBe(0);
    const out = onlyJson<ReturnBuildResult>(r);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['file', 'sha256', 'template', 'template_version', 'period', 'version', 'supersedes', 'draft', 'unchanged', 'run_id', 'validation', 'rules', 'pending']));
    expect(out).toMatchObject({ template: 'market', period: '2025Q4', version: 1, supersedes: null, draft: false, unchanged: true });
    expect(out.validation).toMatchObject({ blocking_failed: 0 });
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(out.file).toBe(join(demo, 'out', 'returns', 'market_2025Q4_v1.xlsx'));
    // The same build in the default language (the e2e locale names none: Chinese labels, Chinese human line).
    const human = await cli(['return', 'build', '--template', 'market'], { cwd: demo });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('market_2025Q4_v1.xlsx（第 1 版未变');
  }, 60_000);

  it('a draft (a blocking rule fails) exits 1 with the JSON printed, and --out writes where it says', async () => {
    const p = copy('draft');
    mkdirSync(join(p, 'reports', 'returns'), { recursive: true });
    const text = readFileSync(join(REPO, 'reports', 'returns', 'market.yaml'), 'utf8');
    writeFileSync(join(p, 'reports', 'returns', 'market.yaml'), `${text.trimEnd()}\n  - id: v9990\n    severity: blocking\n    expression: "{S01, r010, c010} < 0"\n    message: {zh: 不可能, en: Impossible}\n`);
    const r = await cli(['return', 'build', '--template', 'market', '--out', 'x/draft.xlsx', '--json'], { cwd: p });
    expect(r.code).toBe(1);
    const out = onlyJson<ReturnBuildResult>(r);
    expect(out).toMatchObject({ draft: true, file: join(p, 'x', 'draft.xlsx') });
    expect(out.validation.blocking_failed).toBe(1);
    expect(out.rules.find((x) => x.id === 'v9990')!.status).toBe('fail');
  }, 60_000);

  it('a year is a usage error (exit 2, --json error document)', async () => {
    const r = await cli(['return', 'build', '--period', '2025', '--json'], { cwd: demo });
    expect(r.code).toBe(2);
    expect(onlyJson<ErrorDocument>(r).error).toMatchObject({ code: 'usage', exit_code: 2 });
    expect(onlyJson<ErrorDocument>(r).error.message).toContain('one quarter');
  });

  it('--amend without a reason, or with nothing filed to amend, exits 2', async () => {
    expect((await cli(['return', 'build', '--template', 'market', '--amend'], { cwd: demo })).code).toBe(2);
    const r = await cli(['return', 'build', '--template', 'market', '--period', '2025Q2', '--amend', '--reason', 'x', '--json'], { cwd: demo });
    expect(r.code).toBe(2);
    expect(onlyJson<ErrorDocument>(r).error.message).toContain('no filed 2025Q2 market return to amend');
  }, 60_000);

  it('exits 4 while another process holds the database', async () => {
    const p = copy('locked');
    const url = pathToFileURL(createRequire(import.meta.url).resolve('@duckdb/node-api')).href;
    const script = join(p, 'holder.mjs');
    writeFileSync(script, `import { DuckDBInstance } from ${JSON.stringify(url)};\nconst i = await DuckDBInstance.create(process.argv[2]);\nconst c = await i.connect();\nawait c.run('SELECT 1');\nprocess.stdout.write('ready\\n');\nsetTimeout(() => process.exit(0), 30000);\n`);
    const child: ChildProcess = spawn(process.execPath, [script, join(p, 'grayscope.duckdb')], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        child.once('exit', () => reject(new Error('holder exited early')));
      });
      const r = await cli(['return', 'build', '--template', 'market', '--json'], { cwd: p });
      expect(r.code).toBe(4);
      expect(onlyJson<ErrorDocument>(r).error.code).toBe('busy');
    } finally {
      child.kill();
    }
  }, 60_000);
});
