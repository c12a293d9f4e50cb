// The bulletin page's font: the charts' shipped font (chart-font.ts), cut down by font-subset.ts to the
// characters the page shows, as data: @font-face rules — Chinese reads on a machine without a CJK
// font, and nothing is fetched (the page's CSP allows fonts from data: only).
import { CHART_FONT_FAMILY, CHART_FONT_STACK, chartFontFaces } from './chart-font.js';
import { subsetFace } from './font-subset.js';

export { CHART_FONT_STACK as BULLETIN_FONT_STACK };

/** @font-face rules (regular and bold) holding every character of `text`, digits and common punctuation. */
export async function bulletinFontCss(text: string): Promise<string> {
  const chars = new Set<number>();
  for (const ch of `${text}0123456789.,-+%−–—()（）·：；，。、`) chars.add(ch.codePointAt(0)!);
  for (let cp = 0x20; cp < 0x7f; cp++) chars.add(cp);
  const rules = await Promise.all(
    chartFontFaces().map(async (face) => {
      const bytes = await subsetFace(face, chars);
      return `@font-face{font-family:'${CHART_FONT_FAMILY}';font-weight:${face.weight};src:url(data:font/ttf;base64,${bytes.toString('base64')}) format('truetype')}`;
    }),
  );
  return rules.join('\n');
}
