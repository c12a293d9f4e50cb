// The tile-grid map of China used by the regions chart: one square per provincial-level division
// (all 34), placed roughly where it lies — 黑龙江 top right, 新疆 and 西藏 in the west, 海南 at the
// bottom, 台湾, 香港 and 澳门 in the south-east. col grows eastward, row southward, both from 0.
import { REGIONS } from '../regions.js';

export interface TileCell {
  /** GB/T 2260 two-digit code (regions.ts). */
  code: string;
  col: number;
  row: number;
}

// Rows north to south, each a list of [column, short Chinese name].
const LAYOUT: ReadonlyArray<ReadonlyArray<readonly [number, string]>> = [
  [[7, '黑龙江']],
  [[4, '内蒙古'], [5, '北京'], [6, '辽宁'], [7, '吉林']],
  [[1, '新疆'], [2, '甘肃'], [3, '宁夏'], [4, '山西'], [5, '河北'], [6, '天津']],
  [[1, '西藏'], [2, '青海'], [3, '陕西'], [4, '河南'], [5, '山东']],
  [[2, '四川'], [3, '重庆'], [4, '湖北'], [5, '安徽'], [6, '江苏'], [7, '上海']],
  [[2, '云南'], [3, '贵州'], [4, '湖南'], [5, '江西'], [6, '浙江']],
  [[3, '广西'], [4, '广东'], [5, '福建'], [6, '台湾']],
  [[3, '海南'], [4, '澳门'], [5, '香港']],
];

/** Every provincial-level division's cell, in GB/T 2260 code order. */
export const TILE_GRID: readonly TileCell[] = (() => {
  const byShort = new Map(REGIONS.map((r) => [r.short, r.code]));
  const cells: TileCell[] = [];
  LAYOUT.forEach((cols, row) => {
    for (const [col, short] of cols) {
      const code = byShort.get(short);
      if (code === undefined) throw new Error(`tile grid: ${short} is not a provincial-level division in regions.ts`);
      cells.push({ code, col, row });
    }
  });
  return cells.sort((a, b) => a.code.localeCompare(b.code));
})();

/** The grid's size: columns and rows. */
export const TILE_GRID_SIZE = { cols: 8, rows: LAYOUT.length } as const;
