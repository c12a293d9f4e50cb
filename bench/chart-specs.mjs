// Realistic Vega-Lite specs (inline data, zh and en) for the renderer's benchmark and the sample PNGs:
// market scale per quarter with a 95% interval, a ranked bar of the 34 provincial-level divisions,
// and categories stacked over time with a legend. Numbers are made up but of the right size.

const QUARTERS = ['2023Q1', '2023Q2', '2023Q3', '2023Q4', '2024Q1', '2024Q2', '2024Q3', '2024Q4', '2025Q1'];
const ZH_Q = ['第一季度', '第二季度', '第三季度', '第四季度'];
const quarterLabel = (q, lang) => (lang === 'zh' ? `${q.slice(0, 4)}年${ZH_Q[Number(q[5]) - 1]}` : `Q${q[5]} ${q.slice(0, 4)}`);

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Market scale (亿元) per quarter: bars for the estimate, error bars for the 95% interval. */
export function marketScale(lang) {
  const zh = lang === 'zh';
  const values = QUARTERS.map((q, i) => {
    const est = 2000 * Math.pow(1.183, i / 4) * (1 + 0.03 * Math.sin(i));
    return { quarter: quarterLabel(q, lang), estimate: Math.round(est), lo: Math.round(est * 0.86), hi: Math.round(est * 1.17) };
  });
  const y = zh ? '市场规模（亿元，95%置信区间）' : 'Market scale (CNY 100 million, 95% interval)';
  return {
    $schema: SCHEMA,
    title: {
      text: zh ? '金融黑灰产市场规模估计' : 'Estimated scale of the financial black and gray market',
      subtitle: zh ? '按季度，点估计与95%置信区间；2025年第一季度超过2,800亿元' : 'Per quarter, point estimate and 95% interval; above CNY 280 billion in Q1 2025',
      anchor: 'start',
    },
    width: 520,
    height: 280,
    data: { values },
    encoding: {
      x: { field: 'quarter', type: 'ordinal', sort: null, title: zh ? '季度' : 'Quarter', axis: { labelAngle: -40 } },
    },
    layer: [
      {
        mark: { type: 'bar', color: '#4c78a8', opacity: 0.85 },
        encoding: { y: { field: 'estimate', type: 'quantitative', title: y, axis: { format: ',d' } } },
      },
      {
        mark: { type: 'errorbar', ticks: { size: 14 }, color: '#222' },
        encoding: { y: { field: 'lo', type: 'quantitative', title: y }, y2: { field: 'hi' } },
      },
    ],
  };
}

const PROVINCES_ZH = ['北京市', '天津市', '河北省', '山西省', '内蒙古自治区', '辽宁省', '吉林省', '黑龙江省', '上海市', '江苏省', '浙江省', '安徽省', '福建省', '江西省', '山东省', '河南省', '湖北省', '湖南省', '广东省', '广西壮族自治区', '海南省', '重庆市', '四川省', '贵州省', '云南省', '西藏自治区', '陕西省', '甘肃省', '青海省', '宁夏回族自治区', '新疆维吾尔自治区', '台湾省', '香港特别行政区', '澳门特别行政区'];
const PROVINCES_EN = ['Beijing', 'Tianjin', 'Hebei', 'Shanxi', 'Inner Mongolia', 'Liaoning', 'Jilin', 'Heilongjiang', 'Shanghai', 'Jiangsu', 'Zhejiang', 'Anhui', 'Fujian', 'Jiangxi', 'Shandong', 'Henan', 'Hubei', 'Hunan', 'Guangdong', 'Guangxi', 'Hainan', 'Chongqing', 'Sichuan', 'Guizhou', 'Yunnan', 'Tibet', 'Shaanxi', 'Gansu', 'Qinghai', 'Ningxia', 'Xinjiang', 'Taiwan', 'Hong Kong SAR', 'Macao SAR'];

/** Suspected gray-market complaints by provincial-level division, ranked (34 labels). */
export function regions(lang) {
  const zh = lang === 'zh';
  const names = zh ? PROVINCES_ZH : PROVINCES_EN;
  const values = names.map((region, i) => ({ region, n: Math.round(400 + ((i * 7919) % 3100)) }));
  return {
    $schema: SCHEMA,
    title: zh ? '各省级行政区疑似黑灰产投诉（2025年第一季度）' : 'Suspected gray-market complaints by province (Q1 2025)',
    width: 420,
    height: { step: 14 },
    data: { values },
    mark: { type: 'bar', color: '#54a24b' },
    encoding: {
      y: { field: 'region', type: 'nominal', sort: '-x', title: null },
      x: { field: 'n', type: 'quantitative', title: zh ? '投诉数量（件）' : 'Complaints', axis: { format: ',d' } },
    },
  };
}

const CATEGORIES = {
  zh: ['非法集资与金融诈骗', '代理维权与恶意投诉', '套路贷与暴力催收', '信用卡套现', '其他'],
  en: ['Illegal fundraising and fraud', 'Agency-run complaints', 'Predatory lending and collection', 'Credit-card cash-out', 'Other'],
};

/** Scale by category over time, stacked, with a legend of long Chinese names. */
export function categories(lang) {
  const zh = lang === 'zh';
  const values = [];
  QUARTERS.forEach((q, i) =>
    CATEGORIES[lang].forEach((category, k) => values.push({ quarter: quarterLabel(q, lang), category, value: Math.round((600 - k * 90) * (1 + i * 0.04)) })),
  );
  return {
    $schema: SCHEMA,
    title: zh ? '分类别市场规模（亿元）' : 'Market scale by category (CNY 100 million)',
    width: 460,
    height: 260,
    data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'quarter', type: 'ordinal', sort: null, title: zh ? '季度' : 'Quarter', axis: { labelAngle: -40 } },
      y: { field: 'value', type: 'quantitative', stack: 'zero', title: zh ? '市场规模（亿元）' : 'CNY 100 million' },
      // A scale domain (not `sort`) makes vega-lite stack in legend order (the legend's first is on top).
      color: { field: 'category', type: 'nominal', title: zh ? '类别' : 'Category', scale: { domain: CATEGORIES[lang] } },
    },
  };
}

/** The smallest useful chart: what the renderer costs with nothing to lay out. */
export function trivial(i) {
  return { $schema: SCHEMA, data: { values: [{ a: i }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } };
}

export const REALISTIC = [marketScale, regions, categories];
