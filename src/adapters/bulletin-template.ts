// The bulletin's template language: mustache (logic-less; {{x}} is HTML-escaped, {{{x}}} is not, and
// no file or URL is read because no partials are handed to it). Parse errors name file:line:col from
// the offset mustache gives; partial tags ({{> name}}) are refused rather than silently left empty.
import Mustache from 'mustache';
import { configError } from '../core/errors.js';
import { lineCol } from '../core/bulletin/template-check.js';

type Span = [string, string, number, number, ...unknown[]];

function partials(spans: Span[], found: Array<{ name: string; at: number }> = []): Array<{ name: string; at: number }> {
  for (const span of spans) {
    if (span[0] === '>') found.push({ name: span[1], at: span[2] });
    if ((span[0] === '#' || span[0] === '^') && Array.isArray(span[4])) partials(span[4] as Span[], found);
  }
  return found;
}

/** Checks that a template parses and names no partial; a problem is exit 2 at file:line:col. */
export function parseTemplate(text: string, file: string): void {
  let spans: Span[];
  try {
    spans = Mustache.parse(text) as unknown as Span[];
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /\bat (\d+)\s*$/.exec(message);
    const where = at ? (({ line, col }) => `${file}:${line}:${col}`)(lineCol(text, Number(at[1]))) : file;
    throw configError(`${where}: the template does not parse: ${message.replace(/\s*at \d+\s*$/, '')}`, 'Close every {{#section}} with {{/section}} and every tag with }} (mustache: https://mustache.github.io/mustache.5.html).');
  }
  const named = partials(spans);
  if (named.length) {
    const { line, col } = lineCol(text, named[0]!.at);
    throw configError(`${file}:${line}:${col}: the template asks for the partial "${named[0]!.name}": a bulletin template is one file and reads no other`, 'Write the partial\'s text into the template.');
  }
}

/** HTML: mustache's own escaping. Markdown: no HTML entities, but a table cell's | and line breaks made safe. */
const ESCAPES = {
  html: (s: string) => Mustache.escape(s),
  md: (s: string) => String(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' '),
} as const;

export function renderTemplate(text: string, view: object, format: 'html' | 'md'): string {
  return Mustache.render(text, view, {}, { escape: ESCAPES[format] });
}
