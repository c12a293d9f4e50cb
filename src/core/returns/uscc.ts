// The 统一社会信用代码 (unified social credit identifier, GB 32100-2015) that a return's cover names
// the filing institution by: 18 characters from a 31-character set, a registration authority, an
// institution type, a GB/T 2260 region and a check character, so a mistyped code is refused with the
// reason before the return is filed.
import { REGIONS } from '../regions.js';

/** The code set in value order: digits, then letters without I, O, S, V, Z. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weights of positions 1–17 (3^i mod 31). */
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * Registration authorities (position 1) and the institution types (position 2) each registers, from
 * the standard's code table as amended: 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教,
 * 8 工会, 9 市场监管 (工商), A 中央军委改革和编制办公室, N 农业农村, Y 其他.
 */
const TYPES: Record<string, string> = {
  '1': '1239', // 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他
  '2': '19', // 外国常驻新闻机构, 其他
  '3': '1234569', // 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
  '4': '19', // 外国在华文化中心, 其他
  '5': '1239', // 社会团体, 民办非企业单位, 基金会, 其他
  '6': '129', // 外国旅游部门常驻代表机构, 港澳台地区旅游部门常驻内地代表机构, 其他
  '7': '129', // 宗教活动场所, 宗教院校, 其他
  '8': '19', // 基层工会, 其他
  '9': '123', // 企业, 个体工商户, 农民专业合作社
  A: '19', // 军队事业单位, 其他
  N: '1239', // 组级, 村级, 乡镇级集体经济组织, 其他
  Y: '1', // 其他
};

/**
 * Two-digit prefixes of the region (positions 3–8): the provinces, and 10 for 国家 (100000). Only the
 * province is checked: a code keeps the region of its registration authority for life, so codes of
 * divisions since merged or renumbered (absent from today's divisions.ts) are still valid.
 */
const REGION_PREFIXES = new Set(['10', ...REGIONS.map((r) => r.code)]);

export type UsccCheck = { ok: true } | { ok: false; reason: string };

/** The check character of the first 17 characters (all in the code set): 31 − (Σ value·weight mod 31), 31 → 0. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** Whether `s` is a well-formed 统一社会信用代码, and if not, the first reason why. */
export function checkUscc(s: string): UsccCheck {
  const chars = [...s];
  if (chars.length !== 18) return { ok: false, reason: `a 统一社会信用代码 has 18 characters, this one has ${chars.length}` };
  for (const [i, ch] of chars.entries()) {
    if (USCC_CHARSET.includes(ch)) continue;
    const why = /[a-z]/.test(ch)
      ? 'letters are upper case'
      : /[IOSVZ]/.test(ch)
        ? 'I, O, S, V and Z are not used (0 and 1 look alike)'
        : 'only digits and the letters A–H, J–N, P–R, T, U, W–Y are used';
    return { ok: false, reason: `character ${i + 1} '${ch}' is not allowed: ${why}` };
  }
  const authority = s[0]!;
  const types = TYPES[authority];
  if (types === undefined) {
    return { ok: false, reason: `character 1 '${authority}' is not a registration authority (${Object.keys(TYPES).join(', ')})` };
  }
  if (!types.includes(s[1]!)) {
    return { ok: false, reason: `character 2 '${s[1]}' is not an institution type of registration authority ${authority} (${[...types].join(', ')})` };
  }
  const region = s.slice(2, 8);
  if (!/^\d{6}$/.test(region)) return { ok: false, reason: `characters 3–8 '${region}' are not a six-digit GB/T 2260 region code` };
  if (!REGION_PREFIXES.has(region.slice(0, 2))) {
    return { ok: false, reason: `characters 3–8 '${region}' name no province (GB/T 2260 codes start 11–82, or 10 for national registrations)` };
  }
  const expected = usccCheckChar(s);
  if (expected !== s[17]) return { ok: false, reason: `check character expected ${expected} got ${s[17]}` };
  return { ok: true };
}
