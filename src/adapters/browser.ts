// A locally installed Chromium (Debian's `chromium` package), driven by playwright-core: nothing is
// downloaded, here or at install time. Charts' HTML is checked in it now; the bulletin's PDF will be
// printed by it. GRAYSCOPE_CHROMIUM names another executable.
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The Chromium executable to use, or null when none is installed. */
export function findChromium(env: Record<string, string | undefined> = process.env): string | null {
  const named = env.GRAYSCOPE_CHROMIUM;
  if (named) return existsSync(named) ? named : null;
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

/** What to install when no Chromium is found (the message of a skipped test or a refused --pdf). */
export const CHROMIUM_HINT = 'Install Debian\'s chromium package (apt-get install chromium), or name an executable with GRAYSCOPE_CHROMIUM.';

export interface PageVisit {
  /** Requests the page made beyond the document itself (each was refused). */
  requests: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
  /** The page's text after it settled, and the outer HTML of its first SVG, if any. */
  text: string;
  svg: string | null;
  /** The font faces the page loaded (family and weight), e.g. an embedded data: font. */
  fonts: string[];
  /** A PNG screenshot of the page. */
  screenshot: Uint8Array;
}

/**
 * Opens a local HTML file in headless Chromium with every request but the document refused, waits for
 * `selector` to appear, and reports what the page asked for, what it logged as an error, and what it shows.
 */
export async function visitPage(file: string, selector: string, options: { executablePath: string; timeoutMs?: number }): Promise<PageVisit> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: options.executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const url = `file://${file}`;
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.route('**/*', (route) => {
      if (route.request().url() === url) return route.continue();
      requests.push(route.request().url());
      return route.abort();
    });
    await page.goto(url, { waitUntil: 'load', timeout: options.timeoutMs ?? 30_000 });
    await page.waitForSelector(selector, { timeout: options.timeoutMs ?? 30_000 });
    const text = await page.innerText('body');
    const svg = (await page.$('svg')) ? await page.$eval('svg', (el) => (el as unknown as { outerHTML: string }).outerHTML) : null;
    // A string expression: the page's DOM types are not this program's.
    const fonts = (await page.evaluate(`document.fonts.ready.then(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/['"]/g, '') + ' ' + f.weight))`)) as string[];
    const screenshot = await page.screenshot({ fullPage: true });
    return { requests, errors, text, svg, fonts, screenshot };
  } finally {
    await browser.close();
  }
}
