// The bulletin in a real browser (Debian's chromium through playwright-core): the page asks for
// nothing beyond itself and logs no error, draws its text in the embedded font, its headline numbers
// in the DOM are the estimate run's, it fits a 390 px phone without sideways scrolling; the PDF
// printed with --pdf has a sensible page count and its text (pdftotext) holds the headline; its pages
// are drawn with pdftoppm for a person to look at. Skipped, saying what to install, where no Chromium
// is installed; CI installs it (and poppler-utils).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_HINT, findChromium, visitPage } from '../../src/adapters/browser.js';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { bulletinCommand } from '../../src/api-outputs.js';
import { demoCommand } from '../../src/api.js';
import type { BulletinResult } from '../../src/core/bulletin/bulletin-run.js';
import { decimal } from '../../src/render/format.js';
import { makeTempDir } from '../helpers/cli.js';

const chromium = findChromium();
if (!chromium) {
  if (process.env.CI) throw new Error(`no Chromium in CI: ${CHROMIUM_HINT}`);
  console.warn(`skipping the browser tests of the bulletin: ${CHROMIUM_HINT}`);
}
const hasPoppler = (() => {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (chromium && !hasPoppler) {
  if (process.env.CI) throw new Error('no pdfinfo/pdftotext in CI: install poppler-utils (apt-get install poppler-utils)');
  console.warn('skipping the PDF checks of the bulletin: install poppler-utils (apt-get install poppler-utils)');
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe.skipIf(!chromium)('the bulletin in headless Chromium', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let project: string;
  let result: BulletinResult;
  let shots: string;
  beforeAll(async () => {
    tmp = makeTempDir('grayscope-bulletin-browser-');
    project = join(tmp.dir, 'demo');
    await demoCommand({ out: project, seed: 1 });
    result = await bulletinCommand({ project, lang: 'all', pdf: true, out: join(tmp.dir, 'bulletin') });
    shots = join(tmp.dir, 'shots');
    mkdirSync(shots, { recursive: true });
  }, 300_000);
  afterAll(() => tmp?.remove());

  const file = (lang: string, format: string) => result.files.find((f) => f.lang === lang && f.format === format)!.file;

  it.each(['zh', 'en'] as const)('bulletin.%s.html: no request, no console error, the embedded font, the estimate run’s figures in the headline', async (lang) => {
    const visit = await visitPage(file(lang, 'html'), '#headline', { executablePath: chromium! });
    expect(visit.requests).toEqual([]);
    expect(visit.errors).toEqual([]);
    expect(visit.fonts).toEqual(expect.arrayContaining(['Noto Sans SC 400', 'Noto Sans SC 700']));
    const db = await openDatabase(join(project, 'grayscope.duckdb'), { readOnly: true });
    let est: { scale_cny: number; scale_ci_low: number; scale_ci_high: number };
    try {
      est = (await db.all<typeof est>(`SELECT scale_cny, scale_ci_low, scale_ci_high FROM estimates WHERE run_id = ? AND period = '2025Q4' AND segment = 'all' AND method = 'mse'`, [result.run_id]))[0]!;
    } finally {
      db.close();
    }
    const headline = visit.text.split('\n').find((l) => l.includes(decimal(est.scale_ci_low / 1e8, 1)))!;
    expect(headline).toBeDefined();
    expect(headline).toContain(`${decimal(est.scale_ci_low / 1e8, 1)}–${decimal(est.scale_ci_high / 1e8, 1)}`);
    expect(headline).toContain(decimal(Math.floor(est.scale_cny / 1e8 / 100) * 100, 0));
    expect(visit.text).toContain(decimal(est.scale_cny / 1e8, 1));
    writeFileSync(join(shots, `bulletin.${lang}.png`), visit.screenshot);
    expect(visit.screenshot.length).toBeGreaterThan(50_000);
  }, 120_000);

  it.each(['zh', 'en'] as const)('bulletin.%s.html fits a 390 px phone: nothing wider than the screen but a table scrolled in its own box', async (lang) => {
    const { chromium: browserType } = await import('playwright-core');
    const browser = await browserType.launch({ executablePath: chromium!, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
      await page.route('**/*', (route) => (route.request().url().startsWith('file://') ? route.continue() : route.abort()));
      await page.goto(`file://${file(lang, 'html')}`, { waitUntil: 'load' });
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      const svgWidths = (await page.evaluate(`[...document.querySelectorAll('figure svg')].map((s) => s.getBoundingClientRect().width)`)) as number[];
      expect(svgWidths.length).toBe(7);
      for (const w of svgWidths) expect(w).toBeLessThanOrEqual(390);
      writeFileSync(join(shots, `bulletin.${lang}.phone.png`), await page.screenshot());
    } finally {
      await browser.close();
    }
  }, 120_000);

  it.skipIf(!hasPoppler).each(['zh', 'en'] as const)('bulletin.%s.pdf: A4 pages, the headline in its text, pages drawn to PNG', (lang) => {
    const pdf = file(lang, 'pdf');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThanOrEqual(10);
    expect(info).toMatch(/Page size:\s+59[56]\.\d+ x 84[12]\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const headline = /<p class="headline" id="headline">([^<]*)<\/p>/.exec(readFileSync(file(lang, 'html'), 'utf8'))![1]!;
    expect(squash(text)).toContain(squash(headline.replace(/[.。]$/, '')));
    // The running header (title and period) and footer (page N / total) on every page.
    expect(text.split('\f').filter((p) => p.trim()).every((p) => p.includes(lang === 'zh' ? '2025年第四季度' : 'Q4 2025') && /\d+\s*\/\s*\d+/.test(p))).toBe(true);
    const dir = join(shots, `pdf-${lang}`);
    mkdirSync(dir, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(dir, 'page')]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.png'))).toHaveLength(pages);
    expect(existsSync(pdf)).toBe(true);
  }, 120_000);
});
