// The one font every chart is measured and drawn with: Noto Sans SC (OFL) from the npm package
// @expo-google-fonts/noto-sans-sc, regular and bold TTFs, so Chinese renders on a machine with no
// Chinese system fonts. The only place that knows where the font files are; cheap to import.
import { createRequire } from 'node:module';

/** The family name inside the TTF files (their `name` table), as canvas and resvg match it. */
export const CHART_FONT_FAMILY = 'Noto Sans SC';

/**
 * The font-family written into specs and SVGs: the shipped family first (resvg draws with it, and text
 * is measured with it); the rest only matter to a browser opening the SVG or HTML without Noto Sans SC.
 */
export const CHART_FONT_STACK = `'${CHART_FONT_FAMILY}', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif`;

export interface ChartFontFace {
  /** Absolute path of the TTF file. */
  path: string;
  weight: 400 | 700;
}

const PACKAGE = '@expo-google-fonts/noto-sans-sc';
const FACES = [
  { file: '400Regular/NotoSansSC_400Regular.ttf', weight: 400 },
  { file: '700Bold/NotoSansSC_700Bold.ttf', weight: 700 },
] as const;

let faces: readonly ChartFontFace[] | undefined;

/** The shipped faces (regular, bold), resolved through the package so any install layout works. */
export function chartFontFaces(): readonly ChartFontFace[] {
  if (faces) return faces;
  const require = createRequire(import.meta.url);
  faces = FACES.map(({ file, weight }) => ({ path: require.resolve(`${PACKAGE}/${file}`), weight }));
  return faces;
}
