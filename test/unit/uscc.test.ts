// 统一社会信用代码 (GB 32100-2015): published codes of real institutions pass; every single-character
// change and every swap of two neighbours is refused with a readable reason. A second implementation,
// written from the standard's other statement of the rule (the weighted sum of all 18 characters, the
// check character weighted 1, is a multiple of 31, the weights being powers of 3), cross-checks the first.
import { describe, expect, it } from 'vitest';
import { checkUscc, USCC_CHARSET, usccCheckChar } from '../../src/core/returns/uscc.js';

/** Published codes of real institutions (names as commonly cited; the check characters are what matter). */
const REAL = [
  '91350100M000100Y43', // the standard's own example, cited everywhere
  '914403001922038216', // 华为技术有限公司
  '91440300708461136T', // a 腾讯 company in 深圳 (the code inside Tencent's AIGC content labels)
  '91330100716105852F', // an 阿里巴巴 company in 杭州
  '91110000802100433B', // 北京百度网讯科技有限公司 (organisation code 802100433)
];

/** The independent check: Σ value(c_i)·3^(i) mod 31 over positions 1–17, plus value(c_18), ≡ 0 (mod 31). */
function independentlyValid(code: string): boolean {
  const value = new Map<string, number>();
  '0123456789'.split('').forEach((d, i) => value.set(d, i));
  let v = 10;
  for (let c = 'A'.charCodeAt(0); c <= 'Z'.charCodeAt(0); c++) {
    const ch = String.fromCharCode(c);
    if (!'IOSVZ'.includes(ch)) value.set(ch, v++);
  }
  if (code.length !== 18 || [...code].some((c) => !value.has(c))) return false;
  let total = 0;
  let weight = 1;
  for (let i = 0; i < 17; i++) {
    total += value.get(code[i]!)! * weight;
    weight = (weight * 3) % 31;
  }
  return (total + value.get(code[17]!)!) % 31 === 0;
}

describe('checkUscc', () => {
  it.each(REAL)('accepts the published code %s, and the independent implementation agrees', (code) => {
    expect(checkUscc(code)).toEqual({ ok: true });
    expect(independentlyValid(code)).toBe(true);
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('agrees with the independent implementation on the check character of many generated bodies', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 31;
    for (let n = 0; n < 500; n++) {
      const body = '9' + '1' + '110105' + Array.from({ length: 9 }, () => USCC_CHARSET[rand()]).join('');
      const code = body + usccCheckChar(body);
      expect(independentlyValid(code), code).toBe(true);
      expect(checkUscc(code), code).toEqual({ ok: true });
    }
  });

  it('maps a remainder of 0 to the check character 0 (31 → 0)', () => {
    // Find a body whose weighted sum is a multiple of 31 by fixing its last character.
    const stem = '91110105MA0000000';
    const body = [...USCC_CHARSET].map((c) => stem.slice(0, 16) + c).find((b) => usccCheckChar(b) === '0');
    expect(body).toBeDefined();
    expect(independentlyValid(`${body}0`)).toBe(true);
  });

  it('refuses every single-character change and every swap of two different neighbours', () => {
    for (const code of REAL) {
      for (let i = 0; i < 18; i++) {
        for (const ch of USCC_CHARSET) {
          if (ch === code[i]) continue;
          const mutated = code.slice(0, i) + ch + code.slice(i + 1);
          expect(checkUscc(mutated).ok, mutated).toBe(false);
        }
        if (i < 17 && code[i] !== code[i + 1]) {
          const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
          expect(checkUscc(swapped).ok, swapped).toBe(false);
        }
      }
    }
  });

  it.each([
    ['91350100M000100Y4', 'a 统一社会信用代码 has 18 characters, this one has 17'],
    ['91350100M000100Y433', 'a 统一社会信用代码 has 18 characters, this one has 19'],
    ['91350100m000100Y43', "character 9 'm' is not allowed: letters are upper case"],
    ['91350100M000100O43', "character 16 'O' is not allowed: I, O, S, V and Z are not used (0 and 1 look alike)"],
    ['91350100M000100-43', "character 16 '-' is not allowed: only digits and the letters A–H, J–N, P–R, T, U, W–Y are used"],
    ['B1350100M000100Y43', "character 1 'B' is not a registration authority (1, 2, 3, 4, 5, 6, 7, 8, 9, A, N, Y)"],
    ['94350100M000100Y43', "character 2 '4' is not an institution type of registration authority 9 (1, 2, 3)"],
    ['9135A100M000100Y43', "characters 3–8 '35A100' are not a six-digit GB/T 2260 region code"],
    ['91990100M000100Y43', "characters 3–8 '990100' name no province (GB/T 2260 codes start 11–82, or 10 for national registrations)"],
    ['91350100M000100Y44', 'check character expected 3 got 4'],
  ])('refuses %s: %s', (code, reason) => {
    expect(checkUscc(code)).toEqual({ ok: false, reason });
  });

  it('accepts national registrations (region 100000) and the other registration authorities', () => {
    for (const body of ['12100000400000624', '51100000500000080', 'N2330102MA0000000', '31110000400000000']) {
      const code = body + usccCheckChar(body);
      expect(checkUscc(code), code).toEqual({ ok: true });
    }
  });
});
