// `grayscope bulletin` from the built CLI (npm run build first): its exit codes hold under --json,
// with exactly one JSON error document on stdout — no database is exit 3, --pdf without a Chromium,
// an unknown --lang, a bad --period and a refused template exit 2 — all before any work is done.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, type ErrorDocument, makeTempDir, onlyJson } from '../helpers/cli.js';

let tmp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  tmp = makeTempDir('grayscope-bulletin-cli-');
});
afterAll(() => tmp?.remove());

const run = (args: string[], env: Record<string, string> = {}) => cli(['bulletin', '--project', join(tmp.dir, 'empty'), '--json', ...args], { cwd: tmp.dir, env });

describe('grayscope bulletin --json exit codes', () => {
  it('a project without a database is exit 3 saying what to run', async () => {
    const r = await run([]);
    expect(r.code).toBe(3);
    const doc = onlyJson<ErrorDocument>(r);
    expect(doc.error).toMatchObject({ code: 'input', exit_code: 3 });
    expect(doc.error.hint).toContain('grayscope estimate');
  });

  it('--pdf without a Chromium is exit 2 naming the package', async () => {
    const r = await run(['--pdf'], { GRAYSCOPE_CHROMIUM: join(tmp.dir, 'no-chromium') });
    expect(r.code).toBe(2);
    expect(onlyJson<ErrorDocument>(r).error.hint).toContain('apt-get install chromium');
  });

  it('an unknown --lang and a malformed --period are exit 2', async () => {
    expect((await run(['--lang', 'fr'])).code).toBe(2);
    const r = await run(['--period', '2025Q7']);
    expect(r.code).toBe(2);
    expect(onlyJson<ErrorDocument>(r).error.message).toContain('2025Q7');
  });

  it('a template with a script is exit 2 at file:line:col, before the project is read', async () => {
    writeFileSync(join(tmp.dir, 't.html'), '<html><head></head>\n<body><script src="x.js"></script></body></html>');
    const r = await run(['--template', 't.html']);
    expect(r.code).toBe(2);
    expect(onlyJson<ErrorDocument>(r).error.message).toMatch(new RegExp(`^${join(tmp.dir, 't.html')}:2:7: a <script> element`));
  });
});
