// The bulletin's A4 PDF, printed by the local Chromium (browser.ts findChromium) through playwright-core:
// the HTML file opened with every other request refused, then page.pdf() with a running header (title
// and period) and footer (page N / total) from Chromium's header and footer templates.
import { escapeMarkup } from './chart-render.js';

export interface PdfOptions {
  executablePath: string;
  /** The running header's text (the bulletin's title and period) and the footer's run id. */
  header: string;
  footer: string;
  /** The page's @font-face rules: the header and footer are drawn with the same embedded font. */
  fontCss: string;
  timeoutMs?: number;
}

/** Prints a local HTML file to PDF bytes. */
export async function printPdf(htmlFile: string, options: PdfOptions): Promise<Uint8Array> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: options.executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const url = `file://${htmlFile}`;
    await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    await page.goto(url, { waitUntil: 'load', timeout: options.timeoutMs ?? 60_000 });
    await page.evaluate('document.fonts.ready');
    const style = `<style>${options.fontCss}.gs{font-family:'Noto Sans SC',sans-serif;font-size:8px;color:#555;width:100%;padding:0 15mm;display:flex;justify-content:space-between}</style>`;
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: `${style}<div class="gs"><span>${escapeMarkup(options.header)}</span></div>`,
      footerTemplate: `${style}<div class="gs"><span>${escapeMarkup(options.footer)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
      margin: { top: '18mm', bottom: '18mm', left: '15mm', right: '15mm' },
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
