// Templated-complaint detection, the pure parts: normalisation and slot masking, shingles and
// exact Jaccard, MinHash (deterministic, unbiased, error shrinking with length), the LSH banding
// chosen from the S-curve, union-find and the radix order behind the band buckets.
import { describe, expect, it } from 'vitest';
import { fill, TEMPLATES } from '../../src/core/generate/text.js';
import { Rng } from '../../src/core/random.js';
import { chooseBanding, sCurve } from '../../src/core/templates/lsh.js';
import { estimateJaccard, signature } from '../../src/core/templates/minhash.js';
import { normaliseNarrative, SLOT } from '../../src/core/templates/normalise.js';
import { jaccard, shingleSet } from '../../src/core/templates/shingles.js';
import { RadixScratch, radixOrder, TemplateIndex } from '../../src/core/templates/template-index.js';
import { UnionFind } from '../../src/core/templates/union-find.js';

describe('normaliseNarrative', () => {
  it('folds full-width forms (NFKC) and strips spaces and punctuation', () => {
    expect(normaliseNarrative('ＡＢＣ， 退款！ (ok)')).toBe('ABC退款ok');
  });

  it('masks digit runs, amounts, masked phone and ID numbers as one number slot', () => {
    expect(normaliseNarrative('借款１２，０００元，电话138****5678，身份证430****4625X')).toBe(`借款${SLOT.number}元电话${SLOT.number}身份证${SLOT.number}`);
  });

  it('masks dates written with 年月日 and with only 月日', () => {
    expect(normaliseNarrative('于2023年1月15日借款')).toBe(`于${SLOT.date}借款`);
    expect(normaliseNarrative('3月8日起')).toBe(`${SLOT.date}起`);
  });

  it('masks institution and company names by their suffix, keeping the word before them', () => {
    expect(normaliseNarrative('在华信银行办理')).toBe(`在${SLOT.org}办理`);
    expect(normaliseNarrative('在北辰农村商业银行办理')).toBe(`在${SLOT.org}办理`);
    expect(normaliseNarrative('投诉中诚消费金融。')).toBe(`投诉${SLOT.org}`);
    expect(normaliseNarrative('对方是深圳恒信法务咨询有限公司的人')).toBe(`对方是${SLOT.org}的人`);
    expect(normaliseNarrative('自称是恒信法务咨询（深圳）有限公司的人')).toBe(`自称是${SLOT.org}的人`);
  });

  it('masks a person name after 我叫 / 本人 / 我是 but not ordinary words there', () => {
    expect(normaliseNarrative('我叫刘雨，是借款人')).toBe(`我叫${SLOT.name}是借款人`);
    expect(normaliseNarrative('本人薛凤秀于昨日')).toBe(`本人${SLOT.name}于昨日`);
    expect(normaliseNarrative('本人并非恶意拖欠')).toBe('本人并非恶意拖欠');
  });

  it('drops characters outside the BMP (emoji, CJK extension B) and combining marks fold in; punctuation alone leaves nothing', () => {
    expect(normaliseNarrative('借款😀逾期👨\u200d👩\u200d👧𠮷𠀀了')).toBe('借款逾期了');
    expect(normaliseNarrative('cafe\u0301 か\u3099 ｶﾞ')).toBe('caféがガ');
    expect(normaliseNarrative('，。！？……——“”《》【】 \u3000\t\n')).toBe('');
    expect(shingleSet(normaliseNarrative('！！！'), 3)).toHaveLength(0);
    // Shorter than k: one shingle, so two identical short narratives are a pair at J = 1.
    expect(shingleSet(normaliseNarrative('无。'), 3)).toEqual(shingleSet(normaliseNarrative('无'), 3));
    expect(shingleSet(normaliseNarrative('无'), 3)).toHaveLength(1);
  });

  it('gives the same text for one template filled with different slot values', () => {
    const rng = new Rng(7);
    for (const template of TEMPLATES) {
      const a = fill(template.parts, { name: '王伟', idn: '110****1234', date: '2023年1月1日', amount: '5000', inst: '华信银行', phone: '138****5678' }, rng);
      const b = fill(template.parts, { name: '欧阳娜娜', idn: '520****783X', date: '2025年12月31日', amount: '123456', inst: '北辰农村商业银行', phone: '171****0001' }, rng);
      expect(normaliseNarrative(a), template.id).toBe(normaliseNarrative(b));
    }
  });
});

describe('shingles and exact Jaccard', () => {
  it('takes overlapping character k-shingles as a set (repeats once)', () => {
    expect(shingleSet('abcabc', 3).length).toBe(3); // abc, bca, cab
    expect(shingleSet('abcd', 2).length).toBe(3);
    expect(shingleSet('ab', 3).length).toBe(1);
    expect(shingleSet('', 3).length).toBe(0);
  });

  it('hashes a shingle the same wherever it occurs', () => {
    const a = shingleSet('xyzabc', 3);
    const b = shingleSet('abcxyz', 3);
    expect(jaccard(a, b)).toBeCloseTo(2 / 6, 10); // {xyz, abc} shared of 6 distinct
  });

  it('computes |A∩B|/|A∪B| of sorted sets', () => {
    const s = (xs: number[]) => Uint32Array.from(xs);
    expect(jaccard(s([1, 2, 3]), s([2, 3, 4]))).toBe(0.5);
    expect(jaccard(s([1]), s([2]))).toBe(0);
    expect(jaccard(s([]), s([]))).toBe(1);
  });
});

/** A random set of `n` shingle hashes, and a copy that keeps each with probability `keep` and adds new ones. */
function pair(rng: Rng, n: number, keep: number): [Uint32Array, Uint32Array] {
  const a = Array.from({ length: n }, () => rng.nextU32());
  const b = a.filter(() => rng.uniform() < keep);
  while (b.length < n) b.push(rng.nextU32());
  return [Uint32Array.from(new Set(a)).sort(), Uint32Array.from(new Set(b)).sort()];
}

describe('MinHash', () => {
  it('gives the same signature for the same input, in any order', () => {
    const set = shingleSet('本人于某日在某机构办理信用贷款因疫情和失业导致收入锐减', 3);
    const shuffled = new Rng(1).shuffle([...set]);
    expect(signature(set, 256)).toEqual(signature(Uint32Array.from(shuffled), 256));
    expect(signature(set, 128)).toEqual(signature(set, 256).subarray(0, 128));
  });

  it('estimates Jaccard without bias, with an error that shrinks as the signature grows', () => {
    const rng = new Rng(11);
    const err = { 128: 0, 512: 0 } as Record<number, number>;
    let bias = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const [a, b] = pair(rng, 150, 0.8);
      const exact = jaccard(a, b);
      for (const h of [128, 512]) {
        const est = estimateJaccard(signature(a, h), signature(b, h));
        err[h]! += Math.abs(est - exact) / trials;
        if (h === 512) bias += (est - exact) / trials;
      }
    }
    expect(Math.abs(bias)).toBeLessThan(0.01);
    expect(err[512]!).toBeLessThan(err[128]! * 0.7);
    expect(err[128]!).toBeLessThan(0.05);
  });
});

describe('LSH banding', () => {
  it('follows the S-curve 1 − (1 − J^r)^b', () => {
    expect(sCurve(0.7, 36, 7)).toBeCloseTo(1 - (1 - 0.7 ** 7) ** 36, 12);
    expect(sCurve(0, 36, 7)).toBe(0);
    expect(sCurve(1, 36, 7)).toBe(1);
  });

  it('picks the most selective banding whose recall at the threshold is ≥ 0.95', () => {
    const b = chooseBanding(256, 0.7);
    expect(b).toMatchObject({ bands: 36, rows: 7 });
    expect(b.recall_at_threshold).toBeGreaterThanOrEqual(0.95);
    // One more row per band would miss the target.
    expect(sCurve(0.7, Math.floor(256 / 8), 8)).toBeLessThan(0.95);
    expect(chooseBanding(128, 0.7)).toMatchObject({ bands: 25, rows: 5 });
    // A chance pair (J = 0.2) is almost never a candidate.
    expect(sCurve(0.2, b.bands, b.rows)).toBeLessThan(0.001);
  });
});

describe('UnionFind', () => {
  it('joins sets transitively and tracks their sizes', () => {
    const u = new UnionFind(6);
    expect(u.union(0, 1)).toBe(true);
    expect(u.union(2, 3)).toBe(true);
    expect(u.union(1, 3)).toBe(true);
    expect(u.union(0, 2)).toBe(false);
    expect(u.find(0)).toBe(u.find(3));
    expect(u.find(4)).not.toBe(u.find(0));
    expect(u.setSize(2)).toBe(4);
    expect(u.setSize(5)).toBe(1);
  });
});

describe('TemplateIndex', () => {
  it('orders doc numbers by their 32-bit keys (radix sort)', () => {
    const rng = new Rng(3);
    const keys = Uint32Array.from({ length: 5000 }, () => (rng.fast() < 0.5 ? rng.nextU32() : rng.nextU32() & 0xff));
    const order = new Int32Array(keys.length);
    const sorted = new Uint32Array(keys.length);
    radixOrder(keys, order, sorted, new RadixScratch(keys.length));
    for (let i = 1; i < order.length; i++) {
      expect(keys[order[i - 1]!]! <= keys[order[i]!]!).toBe(true);
      // Ties stay in doc order: the buckets are walked in ascending doc numbers.
      if (keys[order[i - 1]!] === keys[order[i]!]) expect(order[i - 1]!).toBeLessThan(order[i]!);
    }
    expect(new Set(order).size).toBe(keys.length);
    expect(sorted).toEqual(Uint32Array.from(order, (d) => keys[d]!));
  });

  it('clusters filled-in templates together and leaves unrelated texts alone', () => {
    const rng = new Rng(5);
    const texts: string[] = [];
    for (let i = 0; i < 40; i++) {
      const t = TEMPLATES[i % 2]!;
      texts.push(fill(t.parts, { name: `张${i}`, idn: `11${i}****1234`, date: `2024年${(i % 12) + 1}月${i + 1}日`, amount: String(1000 + i * 37), inst: i % 3 ? '华信银行' : '中诚消费金融', phone: '138****5678' }, rng));
    }
    texts.push('今天天气很好我们去公园散步看见很多人在跳舞和唱歌', '信用卡年费被多扣了客服一直说在核实没有任何进展希望尽快处理');
    const normal = texts.map(normaliseNarrative);
    const index = TemplateIndex.fromNormalised(normal, { shingle: 3, hashes: 256, ...chooseBanding(256, 0.7) });
    const { sets } = index.cluster(0.7);
    expect(sets.setSize(0)).toBe(20);
    expect(sets.setSize(1)).toBe(20);
    expect(sets.find(0)).not.toBe(sets.find(1));
    expect(sets.setSize(40)).toBe(1);
    expect(sets.setSize(41)).toBe(1);
  });
});
