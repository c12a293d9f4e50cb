// A chart's HTML page in a real browser (Debian's chromium through playwright-core): it draws the
// chart with no console error, asks for nothing beyond itself — no CDN, no font file, no data URL —,
// draws its text in the embedded font and carries the run id. Skipped, saying what to install, where no Chromium is installed; CI installs it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_HINT, findChromium, visitPage } from '../../src/adapters/browser.js';
import { chartCommand } from '../../src/api-outputs.js';
import { demoCommand } from '../../src/api.js';
import { makeTempDir } from '../helpers/cli.js';

const chromium = findChromium();
if (!chromium) {
  if (process.env.CI) throw new Error(`no Chromium in CI: ${CHROMIUM_HINT}`);
  console.warn(`skipping the browser tests of chart HTML: ${CHROMIUM_HINT}`);
}

describe.skipIf(!chromium)('chart HTML in headless Chromium', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let project: string;
  beforeAll(async () => {
    tmp = makeTempDir('grayscope-chart-html-');
    project = join(tmp.dir, 'demo');
    await demoCommand({ out: project, seed: 1 });
  }, 180_000);
  afterAll(() => tmp?.remove());

  it.each(['zh', 'en'] as const)('market_scale.%s.html draws its chart with no console error, no request and the run id', async (lang) => {
    const result = await chartCommand({ project, names: ['market_scale'], format: 'html', lang });
    const file = result.charts[0]!.file;
    const visit = await visitPage(file, '#chart svg', { executablePath: chromium! });
    expect(visit.requests).toEqual([]);
    expect(visit.errors).toEqual([]);
    expect(visit.svg).toContain(lang === 'zh' ? '金融黑灰产市场规模' : 'Size of the financial black and gray market');
    expect(visit.svg).toContain('2025Q4');
    // The shipped font, embedded as a data: URL cut down to the chart's characters, is what draws
    // the text: the page reads Chinese on a machine with no Chinese font (this one has none).
    expect(visit.fonts).toEqual(expect.arrayContaining(['Noto Sans SC 400']));
    const runId = result.charts[0]!.run_id;
    expect(runId).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{6}$/);
    const shots = join(tmp.dir, 'shots');
    mkdirSync(shots, { recursive: true });
    writeFileSync(join(shots, `market_scale.${lang}.png`), visit.screenshot);
    expect(visit.screenshot.length).toBeGreaterThan(10_000);
  }, 120_000);

  it('a page that would fetch something is caught: the refusal list is not empty', async () => {
    const file = join(tmp.dir, 'fetches.html');
    writeFileSync(file, '<!doctype html><html><body><svg></svg><img src="https://example.invalid/x.png"></body></html>');
    const visit = await visitPage(file, 'svg', { executablePath: chromium! });
    expect(visit.requests).toEqual(['https://example.invalid/x.png']);
  }, 120_000);
});
