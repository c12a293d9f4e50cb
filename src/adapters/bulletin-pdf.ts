// The bulletin's A4 PDF, printed by the local Chromium (browser.ts findChromium) through playwright-core:
// each HTML file opened with every other request refused, then page.pdf() with a running header (title
// and period) and footer (page N / total) from Chromium's header and footer templates.
import { escapeMarkup } from './chart-render.js';

export interface PdfPage {
  /** The local HTML file to print. */
  htmlFile: string;
  /** The running header's text (the bulletin's title and period) and the footer's (the run id). */
  header: string;
  footer: string;
  /** The page's @font-face rules: the header and footer are drawn with the same embedded font. */
  fontCss: string;
}

/** Prints local HTML files to PDF bytes, in order, with one browser. */
export async function printPdfs(pages: readonly PdfPage[], options: { executablePath: string; timeoutMs?: number }): Promise<Uint8Array[]> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: options.executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const pdfs: Uint8Array[] = [];
    for (const one of pages) {
      const page = await browser.newPage();
      const url = `file://${one.htmlFile}`;
      await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
      await page.goto(url, { waitUntil: 'load', timeout: options.timeoutMs ?? 60_000 });
      await page.evaluate('document.fonts.ready');
      const style = `<style>${one.fontCss}.gs{font-family:'Noto Sans SC',sans-serif;font-size:8px;color:#555;width:100%;padding:0 15mm;display:flex;justify-content:space-between}</style>`;
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: `${style}<div class="gs"><span>${escapeMarkup(one.header)}</span></div>`,
        footerTemplate: `${style}<div class="gs"><span>${escapeMarkup(one.footer)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
        margin: { top: '18mm', bottom: '18mm', left: '15mm', right: '15mm' },
      });
      pdfs.push(new Uint8Array(pdf));
      await page.close();
    }
    return pdfs;
  } finally {
    await browser.close();
  }
}
