// Person names and personal numbers in free text, in TypeScript (pii.ts) and in the loader's SQL
// (sql/normalise.sql), which must agree; and the name column's normaliser and mask.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/duckdb.js';
import { defineMacros } from '../../src/core/ingest/macros.js';
import { maskNames, maskText } from '../../src/core/pii.js';
import type { Db } from '../../src/core/ports/db.js';
import { Rng } from '../../src/core/random.js';
import { freeComplaint, TEMPLATES, templatedNarrative } from '../../src/core/generate/text.js';
import { idNumber, personName, randomCard, randomConsumerPhone } from '../../src/core/generate/personal.js';

let db: Db;
beforeAll(async () => {
  db = await openDatabase(':memory:');
  await defineMacros(db, 'test-salt-0123456789', new Date('2026-01-01T00:00:00Z'));
});
afterAll(() => db.close());

const sql = async (expr: string, value: string) => db.scalar<string>(`SELECT ${expr}`, [value]);

describe('names in narratives are masked to the surname and **', () => {
  it.each([
    ['本人张伟，身份证号', '本人张**，身份证号'],
    ['本人钱燕涛，身份证号', '本人钱**，身份证号'],
    ['我叫李明，是借款人', '我叫李**，是借款人'],
    ['我是王芳，2024年起', '我是王**，2024年起'],
    ['本人陶云于2023年1月1日', '本人陶**于2023年1月1日'],
    ['本人刘德华在招商银行', '本人刘**在招商银行'],
    ['本人王芳芳名下的信用卡', '本人王**名下的信用卡'],
    ['我是张伟的母亲', '我是张**的母亲'],
    ['投诉人：欧阳明华，电话', '投诉人：欧阳**，电话'],
    ['姓名:赵丽', '姓名:赵**'],
    ['姓名： 孙小明。', '姓名： 孙**。'],
    ['客户周杰，反映', '客户周**，反映'],
    ['客户王芳反映催收员王先生多次来电', '客户王**反映催收员王先生多次来电'],
    ['投诉人赵丽称', '投诉人赵**称'],
    ['联系人张三丰先生', '联系人张**先生'],
    ['对方是张三丰先生，', '对方是张**先生，'],
    ['请联系李建国同志', '请联系李**同志'],
  ])('%s → %s', (raw, want) => {
    expect(maskNames(raw)).toBe(want);
  });

  it('a name must end at punctuation, a digit, the end or a word that cannot be part of it (办理, 申请, 身份证 …)', () => {
    expect(maskNames('本人王芳办理了业务')).toBe('本人王**办理了业务');
    expect(maskNames('本人王芳')).toBe('本人王**');
    // Three characters after the surname with no end in sight: not taken for a name.
    expect(maskNames('本人王芳华美丽')).toBe('本人王芳华美丽');
  });

  it.each([
    '本人于2023年3月1日办理',
    '本人名下有一张信用卡',
    '本人并非恶意拖欠',
    '本人多次致电客服',
    '本人常年在外地打工',
    '本人是招商银行的老客户',
    '我是一名外卖骑手',
    '我是在校研究生',
    '客户经理王明说没有费用',
    '客户王经理说可以退',
    '找过客户经理，对方态度很差',
    '李女士来电反映',
    '王先生表示',
    '本人要求退还全部扣费',
    '本人电话13812345678',
  ])('leaves words that are not names alone: %s', (text) => {
    expect(maskNames(text)).toBe(text);
  });

  it('keeps a surname alone before 女士/先生 (李女士 does not identify anyone)', () => {
    expect(maskNames('联系了李女士和王先生')).toBe('联系了李女士和王先生');
  });
});

describe('personal numbers in free text: only what is personal', () => {
  it.each([
    ['工单TS2025030001已受理', '工单TS2025030001已受理'],
    ['金额12345678', '金额12345678'],
    ['金额12345678元', '金额12345678元'],
    ['订单号123456789012', '订单号123456789012'],
    ['流水号12345678901234567890', '流水号12345678901234567890'],
    ['参考号12345678901', '参考号12345678901'],
    ['2025-03-01 10:20 受理', '2025-03-01 10:20 受理'],
    ['于20250301起诉', '于20250301起诉'],
  ])('keeps ids, amounts and dates as written: %s', (raw, want) => {
    expect(maskText(raw)).toBe(want);
  });

  it.each([
    ['电话13812345678', '电话138****5678'],
    ['座机0755-12345678', '座机075****5678'],
    ['来电075512345678', '来电075****5678'],
    ['身份证号11010519491231002X', '身份证号110****002X'],
    ['老身份证110105491231002', '老身份证110****1002'],
    ['6222021234567890123', '622****0123'],
    ['卡号12345678', '卡号****78'],
    ['账号：123456789012', '账号：123****9012'],
    ['微信 12345678', '微信 ****78'],
    ['+86 138 1234 5678', '+86 138****5678'],
  ])('masks personal numbers: %s → %s', (raw, want) => {
    expect(maskText(raw)).toBe(want);
  });
});

describe('the loader SQL agrees with TypeScript', () => {
  const cases = [
    '工单TS2025030001，金额12345678元，订单号123456789012',
    '本人张伟，身份证号11010519491231002X，电话13812345678，卡号6222021234567890123。',
    '参考号12345678901,13812345678',
    '于20250301起诉，编号1234567，座机010-88886666',
    '8613812345678 与 +86 13912345678',
    '客户经理王明说，联系人周杰伦先生，李女士',
    // a name before a title with no trigger word, and a compound surname after a separator: the
    // loader's gate (a trigger then a surname, or a title) must let both through
    '对方是张三丰先生，自称律师',
    '投诉人： 欧阳娜娜，电话未留',
  ];
  it.each(cases)('%s', async (text) => {
    expect(await sql('gs_mask_names(gs_mask_text(?))', text)).toBe(maskNames(maskText(text)));
    expect(await sql('gs_mask_narrative(?)', text)).toBe(maskNames(maskText(text)));
  });

  it('on 600 generated narratives (templated and free-form) the two give the same text, and no generated name survives', async () => {
    const rng = new Rng(42);
    const texts: Array<{ text: string; name: string }> = [];
    for (let i = 0; i < 600; i++) {
      const name = personName(rng);
      const slots: Record<string, string> = {
        name, idn: idNumber(rng, i % 31), date: '2024年3月1日', amount: String(1000 + i), inst: '招商银行', phone: randomConsumerPhone(rng),
        n: '3', small: '800', age: '67', city: '深圳', date2: '3月2日', card: randomCard(rng), otherphone: randomConsumerPhone(rng),
      };
      const text = i % 2 === 0 ? templatedNarrative(TEMPLATES[i % TEMPLATES.length]!, slots, rng) : freeComplaint('debt_evasion', slots, rng);
      texts.push({ text, name });
    }
    await db.run('CREATE OR REPLACE TEMP TABLE t (i INTEGER, s VARCHAR)');
    for (let i = 0; i < texts.length; i += 100) {
      const chunk = texts.slice(i, i + 100);
      await db.run(`INSERT INTO t VALUES ${chunk.map(() => '(?, ?)').join(', ')}`, chunk.flatMap((t, k) => [i + k, t.text]));
    }
    const rows = await db.all<{ i: number; m: string }>('SELECT i, gs_mask_narrative(s) AS m FROM t ORDER BY i');
    let named = 0;
    for (const { i, m } of rows) {
      const { text, name } = texts[i]!;
      expect(m, text).toBe(maskNames(maskText(text)));
      // Templates name the complainant after 本人/我叫/我是 (an edit may split the name: then it is not checked).
      if (new RegExp(`(本人|我叫|我是)${name}[，。于在名]`).test(text)) {
        named++;
        expect(m, text).not.toContain(name);
      }
    }
    expect(named).toBeGreaterThan(100);
  });
});

describe('the name column', () => {
  it.each([
    ['张三', '张*'],
    ['张三明', '张*明'],
    ['欧阳明华', '欧阳**'],
    ['欧阳明', '欧阳*'],
    ['爱新觉罗溥仪', '爱*****'],
    [' 张 三 ', '张*'],
    ['张　三明', '张*明'],
    ['John  Smith', 'J***'],
  ])('%j is masked as %s', async (raw, want) => {
    expect(await sql('gs_name_mask(gs_name_text(gs_fold(?)))', raw)).toBe(want);
  });

  it('hashes spelling variants of one name alike (spaces, full-width space, Latin case)', async () => {
    const hash = (v: string) => sql("gs_hash('name', gs_name_text(gs_fold(?)))", v);
    expect(await hash('张 三')).toBe(await hash('张三'));
    expect(await hash('john smith')).toBe(await hash('JOHN  SMITH'));
    expect(await hash('张三')).not.toBe(await hash('张四'));
  });

  it.each([['张三13812345678', false], ['A'.repeat(41), false], ['张三', true], ['Mary-Jane O’Neil', true]])('%j is a name: %s', async (raw, ok) => {
    expect(await db.scalar(`SELECT gs_name_ok(gs_name_text(gs_fold(?)))`, [raw])).toBe(ok);
  });
});

describe('a line the reader refused', () => {
  it('has its name fields and personal numbers masked, and keeps ids, dates, places and amounts', async () => {
    expect(await sql('gs_mask_line(?)', 'TS2025030001,2025-03-01 10:20,江苏省,张三,13812345678,"王芳",12345678')).toBe(
      'TS2025030001,2025-03-01 10:20,江苏省,张**,138****5678,王**,12345678',
    );
  });
});
