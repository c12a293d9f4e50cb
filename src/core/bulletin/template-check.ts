// What an association's own bulletin template may not hold: anything that would run code or pull in a
// file or URL when the page is opened. The page's Content-Security-Policy (injected by grayscope, not
// left to the template) blocks such requests anyway; refusing them here says so where they were written.
import { configError } from '../errors.js';

/** The refused constructs, each with what it would do. Matched case-insensitively, spaces allowed where HTML allows them. */
const REFUSED: ReadonlyArray<{ pattern: RegExp; what: string }> = [
  { pattern: /<script\b/gi, what: 'a <script> element (the bulletin runs no code)' },
  { pattern: /\bsrc\s*=\s*["']?\s*(?:https?:|\/\/)/gi, what: 'src= naming a URL' },
  { pattern: /\bhref\s*=\s*["']?\s*(?:https?:|\/\/)/gi, what: 'href= naming a URL' },
  { pattern: /url\(\s*["']?\s*(?:https?:|\/\/)/gi, what: 'url() naming a URL' },
  { pattern: /@import\b/gi, what: '@import' },
  { pattern: /\bjavascript:/gi, what: 'a javascript: URL' },
  { pattern: /<meta\b[^>]*http-equiv/gi, what: 'a <meta http-equiv> (grayscope sets the page policy itself)' },
  { pattern: /<base\b/gi, what: 'a <base> element' },
];

/** line:col (1-based) of an offset in text. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

/** Every refused construct in a template, as `file:line:col: what`. */
export function refusedConstructs(text: string, file: string): string[] {
  const found: Array<{ offset: number; what: string }> = [];
  for (const { pattern, what } of REFUSED) {
    for (const m of text.matchAll(pattern)) found.push({ offset: m.index ?? 0, what });
  }
  return found
    .sort((a, b) => a.offset - b.offset)
    .map(({ offset, what }) => {
      const { line, col } = lineCol(text, offset);
      return `${file}:${line}:${col}: ${what}`;
    });
}

/** Refuses (exit 2) a template that holds any refused construct, naming each where it was written. */
export function checkTemplateText(text: string, file: string): void {
  const found = refusedConstructs(text, file);
  if (found.length) {
    throw configError(
      `${found[0]}${found.length > 1 ? ` (and ${found.length - 1} more)` : ''}: a bulletin template cannot run code or read files or URLs`,
      'Remove scripts, external src/href/url(), @import, javascript: URLs, <base> and <meta http-equiv>; the view gives charts as inline SVG ({{{svg}}}) and the font as data: (@font-face in {{{font_css}}}).',
      { refused: found },
    );
  }
}
