// End to end: `grayscope mse` from the built CLI (npm run build first): the JSON shape of DESIGN.md,
// a readable table without --json, and the exit codes (2 usage, 3 bad input) with and without --json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MseResult } from '../../src/index.js';
import { cli, type ErrorDocument, makeTempDir, onlyJson, present, REPO } from '../helpers/cli.js';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.remove());
// Human output pinned to English (the --json document is the same in every language).
const run = (...args: string[]) => cli(['mse', '--lang', 'en', ...args], { cwd: tmp.dir });
const fixture = (name: string) => join(REPO, 'fixtures', 'mse', name);

describe('grayscope mse', () => {
  it('prints exactly the documented JSON shape with --json and exits 0', async () => {
    const r = await run(fixture('zero-overlap.csv'), '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = onlyJson<MseResult>(r);
    expect(Object.keys(doc)).toEqual(['lists', 'n_observed', 'chao_lower_bound', 'models', 'selected', 'warnings']);
    expect(doc.lists).toEqual(['A', 'B', 'C', 'D']);
    expect(doc.n_observed).toBe(2573);
    for (const m of doc.models) {
      expect(Object.keys(m)).toEqual(['terms', 'N', 'se', 'ci', 'ci_method', 'deviance', 'df', 'aic', 'bic', 'status']);
    }
    // A and D never overlap: stepwise adds A:D (its p-value is e^{-λ*}) and fits the extended MLE.
    expect(doc.models.map((m: { status: string }) => m.status)).toEqual(['ok', 'extended_mle']);
    expect(Object.keys(doc.selected)).toEqual(['terms', 'N', 'ci', 'ci_method', 'estimator', 'gof']);
    expect(Object.keys(present(doc.selected.gof, 'selected.gof'))).toEqual(['deviance', 'df', 'p_value']);
    expect(doc.selected.terms).toEqual(['A', 'B', 'C', 'D', 'A:D']);
    expect(present(doc.selected.ci, 'selected.ci')[0]).toBeLessThan(present(doc.selected.N, 'selected.N'));
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
  });
  it('reports a model whose MLE does not exist by its extended MLE, and one whose N is not identifiable with nulls, exit 0', async () => {
    const r = await run(fixture('zero-overlap.csv'), '--model', 'A + B + C + D + A:D', '--ci', 'profile', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
    const m = onlyJson<MseResult>(r).models[0];
    expect(m).toMatchObject({ terms: ['A', 'B', 'C', 'D', 'A:D'], status: 'extended_mle', ci_method: 'profile' });
    expect(m?.N).toBeGreaterThan(present(m?.ci, 'models[0].ci')[0]);
    const art = join(tmp.dir, 'artificial.csv');
    writeFileSync(art, 'A,B,C,count\n1,0,0,40\n0,1,0,30\n0,0,1,20\n1,1,0,6\n');
    const none = await run(art, '--model', 'A + B + C + A:B', '--json');
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).not.toMatch(/NaN|Infinity/);
    expect(onlyJson<MseResult>(none).models[0]).toMatchObject({ N: null, se: null, ci: null, deviance: null, aic: null, bic: null, status: 'not_identifiable' });
    expect(onlyJson<MseResult>(none).selected).toMatchObject({ N: null, ci: null });
  });
  it('prints a readable table without --json', async () => {
    const r = await run(fixture('three.csv'), '--select', 'bic', '--ci', 'profile');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Chao lower bound/);
    expect(r.stdout).toMatch(/^selected: A \+ B \+ C/m);
    expect(r.stdout).toMatch(/\(profile\)/);
  });
  it('exits 3 on a bad table, naming line and column, with and without --json', async () => {
    const bad = join(tmp.dir, 'bad.csv');
    writeFileSync(bad, 'A,B,count\n1,0,5\n1,x,3\n');
    const plain = await run(bad);
    expect(plain.code).toBe(3);
    expect(plain.stderr).toMatch(/bad\.csv:3:2 \(list "B"\): "x" is not 0 or 1/);
    const json = await run(bad, '--json');
    expect(json.code).toBe(3);
    expect(onlyJson<ErrorDocument>(json).error).toMatchObject({ code: 'input', exit_code: 3 });
  });
  it('reads Chinese list names from a GB18030 file, and refuses bytes that are neither UTF-8 nor GB18030 with exit 3', async () => {
    const iconv = (await import('iconv-lite')).default;
    const gb = join(tmp.dir, 'gb.csv');
    writeFileSync(gb, iconv.encode('公安,法院,热线,count\n1,0,0,50\n0,1,0,40\n0,0,1,30\n1,1,0,10\n1,0,1,8\n0,1,1,6\n1,1,1,2\n', 'gb18030'));
    const r = await run(gb, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(onlyJson<MseResult>(r).lists).toEqual(['公安', '法院', '热线']);
    const junk = join(tmp.dir, 'junk.csv');
    writeFileSync(junk, Buffer.concat([Buffer.from('A,B,count\n1,0,5\n'), Buffer.from([0x81, 0x20, 0xff, 0xfe, 0x0a])]));
    const bad = await run(junk, '--json');
    expect(bad.code).toBe(3);
    expect(onlyJson<ErrorDocument>(bad).error.message).toMatch(/unreadable encoding/);
  });
  it('refuses a bootstrap too big to finish with exit 2 and the largest --bootstrap that fits, before any replicate runs', async () => {
    const started = Date.now();
    const r = await run(fixture('eight.csv'), '--bootstrap', '1000000000', '--json');
    expect(r.code, r.stderr).toBe(2);
    const e = onlyJson<ErrorDocument>(r).error;
    expect(e.message).toMatch(/--bootstrap 1,000,000,000 on 8 lists: .* jackknife tables/);
    expect(e.hint).toMatch(/Use --bootstrap [\d,]+ or fewer\./);
    // 16 lists with a case in every cell: 65,535 jackknife tables alone are hours of work.
    const wide = join(tmp.dir, 'wide.csv');
    const names = Array.from({ length: 16 }, (_, j) => `L${j + 1}`);
    const rows = [[...names, 'count'].join(',')];
    for (let c = 1; c < 2 ** 16; c++) rows.push([...names.map((_, j) => (c >> j) & 1), 1].join(','));
    writeFileSync(wide, rows.join('\n'));
    const jack = await run(wide, '--bootstrap', '10', '--json');
    expect(jack.code, jack.stderr).toBe(2);
    expect(onlyJson<ErrorDocument>(jack).error.hint).toMatch(/Even the jackknife .* use --model/);
    // With a fixed model already, the hint does not send the user back to --model.
    const fixed = await run(wide, '--model', names.join(' + '), '--bootstrap', '10', '--json');
    expect(fixed.code, fixed.stderr).toBe(2);
    expect(onlyJson<ErrorDocument>(fixed).error.hint).toMatch(/Even the jackknife .* fewer lists/);
    expect(onlyJson<ErrorDocument>(fixed).error.hint).not.toMatch(/--model/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
  it('says why there is no N when no two lists overlap, and reports the observed count as a lower bound', async () => {
    const none = join(tmp.dir, 'none.csv');
    writeFileSync(none, 'A,B,count\n1,0,50\n0,1,70\n');
    const r = await run(none);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/N = —, 95% interval — \(no estimate: the model is not identifiable; the observed count 120 and Chao's bound are lower bounds\)/);
    expect(onlyJson<MseResult>(await run(none, '--json')).selected).toMatchObject({ N: null, ci: null });
  });
  it('exits 2 on a non-hierarchical model and on --model with --select', async () => {
    const r = await run(fixture('five.csv'), '--model', 'police + nfra + pboc + court + hotline + police:nfra:pboc', '--json');
    expect(r.code).toBe(2);
    expect(onlyJson<ErrorDocument>(r).error.message).toMatch(/not hierarchical/);
    const both = await run(fixture('five.csv'), '--model', 'police', '--select', 'bic');
    expect(both.code).toBe(2);
  });
  it('--strict-existence: stepwise skips the step SparseMSE checkident rejects (fixtures/mse/nested.csv), and is refused with --select bic (exit 2)', async () => {
    const plain = onlyJson<MseResult>(await run(fixture('nested.csv'), '--json'));
    const strict = await run(fixture('nested.csv'), '--strict-existence', '--json');
    expect(strict.code, strict.stderr).toBe(0);
    expect(plain.selected.terms).toEqual(['A', 'B', 'C', 'A:B']);
    expect(onlyJson<MseResult>(strict).selected.terms).toEqual(['A', 'B', 'C']);
    const bic = await run(fixture('nested.csv'), '--strict-existence', '--select', 'bic', '--json');
    expect(bic.code).toBe(2);
    expect(onlyJson<ErrorDocument>(bic).error.message).toMatch(/--strict-existence applies to stepwise choice only/);
  });
  it("warns on stderr, and in the JSON's warnings, when N is below Chao's lower bound (the HIV table of Rome)", async () => {
    const r = await run(join(REPO, 'fixtures', 'mse', 'published', 'hiv-rome.csv'), '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = onlyJson<MseResult>(r);
    expect(doc.warnings).toHaveLength(1);
    expect(doc.warnings[0]).toMatch(/below Chao's lower bound 12,158\.2 for 4 lists/);
    expect(r.stderr).toMatch(/warning: N = 11,124\.6 is below Chao's lower bound/);
  });
});
