import { describe, expect, it } from 'vitest';
import { maskText } from '../../src/core/pii.js';

describe('masking personal data in free text', () => {
  it.each([
    ['电话13812345678', '电话138****5678'],
    ['电话 138 1234 5678。', '电话 138****5678。'],
    ['电话 (138)1234-5678', '电话 138****5678'],
    ['手机：１３８１２３４５６７８', '手机：138****5678'],
    ['+86 138-1234-5678', '+86 138****5678'],
    ['身份证11010519491231002X号', '身份证110****002X号'],
    ['证 110101 19900307 4514', '证 110****4514'],
    ['卡号6222 0202 0011 2233 445', '卡号622****3445'],
    ['卡号6222021234567890123。', '卡号622****0123。'],
    ['座机010-12345678', '座机010****5678'],
    ['QQ 12345678', 'QQ ****78'],
  ])('%s → %s', (raw, want) => {
    expect(maskText(raw)).toBe(want);
  });

  it.each([
    '2025-03-01 逾期',
    '于20250301起诉',
    '借款50,000元',
    '欠款12000000元',
    '共3期，每期1200',
    '2023年11月17日',
    '编号123456',
  ])('leaves dates, amounts and short numbers alone: %s', (text) => {
    expect(maskText(text)).toBe(text);
  });

  it.each([
    'the last model run (20261125T122325827Z-fec7d5) had failures',
    'runs/20261125T114622676Z-7532a3/manifest.json',
    'loaded on 2026-11-25 13:05:57.070542, after templates ran at 2026-11-25T12:49:45Z',
    '于2025-01-02 13:05致电',
  ])('leaves run ids and dates with a time of day alone: %s', (text) => {
    expect(maskText(text)).toBe(text);
  });

  it('still masks a phone beside a run id or a time of day', () => {
    expect(maskText('run 20261125T122325827Z-fec7d5 13912345678')).toBe('run 20261125T122325827Z-fec7d5 139****5678');
    expect(maskText('2025-01-02 13:05 来电13912345678')).toBe('2025-01-02 13:05 来电139****5678');
    expect(maskText('2025-01-02 13912345678')).not.toContain('13912345678');
  });

  it('no raw phone survives in a long narrative with several numbers', () => {
    const text = '本人13912345678于2024年3月1日借款5000元，代理机构电话17012345678、微信号同手机，卡号6217000011112222。';
    const masked = maskText(text);
    for (const raw of ['13912345678', '17012345678', '6217000011112222']) expect(masked).not.toContain(raw);
    expect(masked).toContain('5000元');
    expect(masked).toContain('2024年3月1日');
  });
});

describe('masking in a rejected CSV line', () => {
  it('a phone followed by a comma and another field is still masked', () => {
    expect(maskText('P4,2025-01-05,广东,15011113333,440301198501011235,x')).toBe('P4,2025-01-05,广东,150****3333,440****1235,x');
  });
});
