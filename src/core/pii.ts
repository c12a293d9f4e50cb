// Personal data inside free text (narratives, institution names, a rejected row's original text,
// messages). One rule set, written once here as data, serves both maskers: maskText below, and the
// loader's SQL fast path (gs_mask_text in sql/normalise.sql), whose patterns are built from these
// classes (PERSONAL_NUMBER_RE2) and which hands every text it cannot decide to maskText.
//
// Tokens. Full-width digits (and Ｘ) count as digits. A number is a run of digit groups with at
// most MAX_SEPARATORS separator characters between neighbours (SEPARATORS: white space of every
// width — thin, zero-width, ideographic —, dashes, dots, slashes, underscores, full-width forms),
// plus at most one bracket in a gap: 139 - 0000 - 0116, (0755) 1234 5678, 139.0000.0116.
// Classification. Inside a run, from the left: a date (2025-03-01, 2025.3.1, 20250301: year
// 1900–2100, a real month and day) stays; otherwise the longest stretch of groups whose digits are
// personal by NUMBER_SHAPES is masked to its first three and last four digits:
//   - a mobile number: 11 digits from 13–19 (after +86, 0086 or 86, which stay as written);
//   - a landline with its area code: 10 to 12 digits from 01–09;
//   - an ID number: 15 digits, or 17 digits and a check digit or X;
//   - a bank card number: 16 to 19 digits;
// otherwise the group stays and the next is tried (two phones one space apart are two numbers).
// A run of 7 to 30 digits written just after a word that says what it is (卡号, 账号, 手机, 电话,
// 身份证, 微信, QQ …: SAYS_PERSONAL) is masked whole (only the last two digits shown below 11),
// unless an amount's unit follows (账户1000000元).
// Shapes win over units: 13912345678万 is a phone (an amount of 13.9 billion yuan is written
// 139.12亿 or with thousands separators, which are not separators here). ID and card numbers are
// recognised by their length, not their check digit: a number with a typo still identifies
// someone. Everything else stays as written, so ticket numbers (TS2025030001, 12-14 digit
// references), amounts (12,345.67元, 1.5万), dates, times and run ids are what the officer sees.
//
// Person names in narratives (maskNames) are masked separately, in SQL at load (gs_mask_names in
// sql/normalise.sql, built from the patterns here) and here for tests and any TypeScript caller.

/** Digits as written: ASCII and full-width (a character class body, JavaScript syntax). */
export const DIGITS = '0-9\\uFF10-\\uFF19';
/** An ID number's check letter, half- and full-width. */
export const CHECK_LETTERS = 'Xx\\uFF38\\uFF58';
/** Characters people put between the groups of a number (a class body; brackets are BRACKETS). */
export const SEPARATORS =
  '\\t\\n\\v\\f\\r \\u00A0\\u1680\\u2000-\\u200B\\u2028\\u2029\\u202F\\u205F\\u2060\\u3000\\uFEFF' +
  '\\-\\u2010-\\u2015\\u2212\\uFF0D._/\\uFF0E\\uFF0F\\uFF3F';
/** Brackets around an area code or a country code: one may sit in a gap between groups. */
export const BRACKETS = '()\\uFF08\\uFF09';
/** At most this many separators between two groups of one number (a bracket not counted). */
export const MAX_SEPARATORS = 3;

/** The digit strings that are personal whatever surrounds them, in the order they are tried. */
export const NUMBER_SHAPES: ReadonlyArray<{ kind: string; digits: string; lead?: string }> = [
  { kind: 'mobile', digits: '1[3-9][0-9]{9}' },
  { kind: 'mobile after a country code', digits: '(?:0086|86)1[3-9][0-9]{9}', lead: '0086|86' },
  { kind: 'landline', digits: '0[1-9][0-9]{8,10}' },
  { kind: 'ID number', digits: '[0-9]{15}|[0-9]{17}[0-9X]' },
  { kind: 'bank card', digits: '[0-9]{16,19}' },
];
/** The longest digit string a shape can match. */
const SHAPE_MAX = 19;

/** What may follow a number that a keyword calls personal and still make it an amount. */
export const AMOUNT_AFTER = '^[ \\t\\u3000]*(?:[.\\uFF0E][0-9\\uFF10-\\uFF19]|元|块|万|亿|%|\\uFF05|人民币|美元)';

/** A word just before a number that says the number is personal data. */
const SAYS_PERSONAL =
  /(?:QQ|微信号?|卡号|账号|帐号|账户|帐户|银行卡|手机(?:号码?)?|电话(?:号码?)?|座机|联系方式|身份证(?:号码?)?|证件号码?)[\s:：是为]{0,3}$/i;

const GAP = `[${SEPARATORS}]{0,${MAX_SEPARATORS}}(?:[${BRACKETS}][${SEPARATORS}]{0,${MAX_SEPARATORS}})?`;
const RUN = new RegExp(`[${DIGITS}]+(?:${GAP}[${DIGITS}]+)*[${CHECK_LETTERS}]?`, 'g');
const ANY_DIGIT = new RegExp(`[${DIGITS}]`);
const GROUP = new RegExp(`[${DIGITS}]+`, 'g');
const SHAPES = NUMBER_SHAPES.map((s) => ({ re: new RegExp(`^(?:${s.digits})$`), lead: s.lead ? new RegExp(`^(?:${s.lead})`) : undefined }));
const AMOUNT = new RegExp(AMOUNT_AFTER);
const OPENING = /[(\uFF08]$/;
const CLOSING = /[)\uFF09]/;

function asciiDigits(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/** 138****5678: the first three and last four digits, as the SQL fast path in sql/normalise.sql writes them. */
export function maskDigits(digits: string): string {
  return digits.length <= 10 ? `****${digits.slice(-2)}` : `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** The length of the lead (+86's digits) to keep when `digits` is personal by its shape, or −1. */
function shapeOf(digits: string): number {
  if (digits.length > SHAPE_MAX) return -1;
  for (const s of SHAPES) if (s.re.test(digits)) return s.lead ? s.lead.exec(digits)![0].length : 0;
  return -1;
}

const isYmd = (y: number, m: number, d: number) => y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;

/** How many groups from `i` on make a date (3 for 2025-03-01, 1 for 20250301), or 0. */
function dateAt(groups: string[], i: number): number {
  const g = groups[i]!;
  if (g.length === 8 && isYmd(Number(g.slice(0, 4)), Number(g.slice(4, 6)), Number(g.slice(6)))) return 1;
  const m = groups[i + 1];
  const d = groups[i + 2];
  if (g.length === 4 && m && d && m.length <= 2 && d.length <= 2 && isYmd(Number(g), Number(m), Number(d))) return 3;
  return 0;
}

/** An ID number: 15 digits, or 17 digits and a check digit or X (by length: see above). */
export function isIdNumber(digits: string): boolean {
  return /^(?:\d{15}|\d{17}[\dX])$/.test(digits);
}

/** A bank card number: 16 to 19 digits (by length: see above). */
export function isCardNumber(digits: string): boolean {
  return /^\d{16,19}$/.test(digits);
}

/** A phone number: a mainland mobile (11 digits, 13–19) or a landline with its area code (10–12 digits from 01–09). */
export function isPhoneNumber(digits: string): boolean {
  return /^1[3-9]\d{9}$/.test(digits) || /^0[1-9]\d{8,10}$/.test(digits);
}

export function maskText(text: string): string {
  if (!ANY_DIGIT.test(text)) return text;
  const folded = asciiDigits(text);
  let out = '';
  let from = 0;
  for (const run of folded.matchAll(RUN)) {
    const start = run.index;
    const end = start + run[0].length;
    const groups: string[] = [];
    const at: number[] = [];
    for (const g of run[0].matchAll(GROUP)) {
      groups.push(g[0]);
      at.push(start + g.index);
    }
    if (groups.join('').length < 7) continue;
    const check = /[Xx]$/.test(run[0]);
    const groupEnd = (j: number) => at[j]! + groups[j]!.length;
    // Masks groups i..j (their digits `digits`, keeping `lead` digits as written) and moves `from` past them.
    const mask = (i: number, digits: string, lead: number, spanEnd: number) => {
      let begin = at[i]!;
      // (0755) 1234 5678: the opening bracket goes with the number.
      if (i === 0 && begin > 0 && OPENING.test(folded[begin - 1]!) && groups.length > 1 && CLOSING.test(folded.slice(groupEnd(0), at[1]))) begin--;
      let leadText = '';
      if (lead > 0) {
        let seen = 0;
        let k = at[i]!;
        while (seen < lead) if (/[0-9]/.test(folded[k++]!)) seen++;
        while (k < spanEnd && !/[0-9]/.test(folded[k]!)) k++;
        leadText = text.slice(begin, k);
      }
      out += text.slice(from, begin) + leadText + maskDigits(digits.slice(lead));
      from = spanEnd;
    };
    // The longest stretch of groups from i that is personal by its shape: masked, and the group after it returned.
    const shape = (i: number): number => {
      const last = groups.length - 1;
      let digits = groups.slice(i).join('');
      for (let j = last; j >= i; j--) {
        if (j < last) digits = digits.slice(0, digits.length - groups[j + 1]!.length);
        if (check && j === last && digits.length === 17) {
          mask(i, `${digits}X`, 0, end);
          return groups.length;
        }
        const lead = shapeOf(digits);
        if (lead >= 0) {
          mask(i, digits, lead, groupEnd(j));
          return j + 1;
        }
      }
      return i;
    };
    let i = 0;
    while (i < groups.length) {
      const date = dateAt(groups, i);
      if (date > 0) {
        i += date;
        continue;
      }
      const next = shape(i);
      if (next > i) {
        i = next;
        continue;
      }
      if (i === 0 && SAYS_PERSONAL.test(folded.slice(Math.max(0, start - 8), start))) {
        let j = 0;
        let count = groups[0]!.length;
        while (j + 1 < groups.length && count + groups[j + 1]!.length <= 30) count += groups[++j]!.length;
        if (count >= 7 && count <= 30 && !AMOUNT.test(folded.slice(groupEnd(j), groupEnd(j) + 8))) {
          mask(0, groups.slice(0, j + 1).join(''), 0, groupEnd(j));
          i = j + 1;
          continue;
        }
      }
      i++;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

// Messages (errors, hints, warnings, log lines) are masked too, since they may quote data; but what
// grayscope itself writes in them is never personal, though its digits can look so: a digest (12 or
// more lower-case hex characters with a letter, in full from 32 characters, or abbreviated with …,
// or after the word sha256), and a position (line N, column M, row N, file.ext:N, :N:M, 第N行). These
// spans are kept as written and maskText runs on the text between them. Data (narratives, rows)
// keeps maskText alone: there a phone written beside letters must not pass for a digest.
const HEX_DIGEST =
  '(?<![0-9A-Za-z])(?=[0-9a-f]*[a-f])(?:[0-9a-f]{32,}|[0-9a-f]{12,}(?=…)|(?<=(?:sha256|sha-256|digest)[\\s:：=]{1,3})[0-9a-f]{12,})(?![0-9A-Za-z])';
const POSITION = '(?<![A-Za-z])(?:[Ll]ines?|[Rr]ows?|[Cc]olumns?|[Cc]ol)\\s+\\d+|\\.[A-Za-z][A-Za-z0-9]{0,7}:\\d+(?::\\d+)?|:\\d+:\\d+|第\\s*\\d+\\s*[行列]';
const NOT_PERSONAL = new RegExp(`${HEX_DIGEST}|${POSITION}`, 'g');

/** maskText for a message: digests and positions kept as written (see above). */
export function maskMessage(text: string): string {
  if (!ANY_DIGIT.test(text)) return text;
  let out = '';
  let from = 0;
  for (const m of text.matchAll(NOT_PERSONAL)) {
    out += maskText(text.slice(from, m.index)) + m[0];
    from = m.index + m[0].length;
  }
  return from === 0 ? maskText(text) : out + maskText(text.slice(from));
}

/**
 * The loader's SQL fast path (RE2 patterns for sql/normalise.sql, built from the classes above):
 * `candidate` — text that may hold a personal number (any 7 characters of digits and separators
 * from a digit to a digit or X); `hard` — text whose masking the one-regex path cannot write
 * (digits with separators between them, full-width digits, plain runs whose length and first two
 * digits do not decide them: see below); texts with neither are left alone, texts with a candidate
 * and no hard part take one regex replace of every plain run of 11 to 19 digits (all personal by
 * their shape), the rest go to maskText.
 */
export const PERSONAL_NUMBER_RE2 = (() => {
  const d = `[${re2(DIGITS)}]`;
  const gap = `[${re2(SEPARATORS)}${re2(BRACKETS)}]`;
  // Plain runs (ASCII digits, nothing but non-digits around) the shapes do not decide by length
  // alone: 7–10 digits (a date, a keyword's number, a 10-digit landline), 11 digits not from 13–19
  // or 01–09, 12 not from 01–09, 13 and 14 (86 and a mobile), 15 from 00 (0086 and a mobile), 20 or
  // more; a check letter X after anything but 17 digits, and a lower-case x (maskText writes X).
  const plain =
    '(^|[^0-9])([0-9]{7,10}|(1[0-2]|[2-9][0-9]|00)[0-9]{9}|([1-9][0-9]|00)[0-9]{10}|[0-9]{13,14}|00[0-9]{13})([^0-9]|$)|[0-9]{20}' +
    '|(^|[^0-9])([0-9]{7,16}|[0-9]{18,})X|[0-9]x';
  return {
    candidate: `${d}[${re2(DIGITS)}${re2(SEPARATORS)}${re2(BRACKETS)}]{5,}[${re2(DIGITS)}${re2(CHECK_LETTERS)}]`,
    hard: `${d}${gap}{1,${2 * MAX_SEPARATORS + 1}}${d}|[\\x{FF10}-\\x{FF19}\\x{FF38}\\x{FF58}]|${plain}`,
  };
})();

// Person names in narratives. A name is a common surname (a compound one first) and one or two
// more characters, written after a word that introduces a person (本人, 我叫, 我是, 客户, 投诉人,
// 姓名：, 联系人, 申请人, 借款人, 委托人, 户名) or before 先生, 女士, 小姐, 同志, and followed by
// punctuation, a digit, the end of the text or a word that cannot be part of a name (于, 在, 是,
// 的, 名下, 身份证, 电话 …). The surname stays and the rest becomes ** whatever its length:
// 本人张伟， → 本人张**，; 张三丰先生 → 张**先生. A surname alone (李女士, 王先生) stays: it does
// not identify anyone. Words such as 本人于2023年, 客户经理, 本人名下, 我是一名 are not names
// (no surname follows, or a character that cannot be part of a name does). sql/normalise.sql
// gs_mask_names runs the same two patterns; a test holds them equal on generated narratives.

export const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕', '令狐', '钟离', '南宫', '独孤', '澹台', '端木', '呼延', '申屠'];
/** Common single surnames (about the 120 most frequent, less 常 and 和, which begin everyday words). */
export const SURNAME_CHARS =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝';
/** Characters that end a name: particles, verbs and title words that follow one (never inside a given name here). */
export const NAME_STOP_CHARS = '于在是的了名下先女经老同等从向因被把对给让说为已也都就还又很并要请现曾身电手办申今昨去上前后所买借贷投该反称表诉认及来与';
/** Words that introduce a person's name. */
export const NAME_TRIGGERS = ['本人', '我叫', '我是', '客户', '投诉人', '姓名', '联系人', '申请人', '借款人', '委托人', '户名'];
export const NAME_TITLES = ['先生', '女士', '小姐', '同志'];

/** Characters that end place and institution names (江苏省, 黄浦区, 王府井街): never the last of a name field. */
const PLACE_CHARS = '省市区县州镇乡村路街道行司局院会社团队部处厅科所';
const SURNAMES_SINGLE = SURNAME_CHARS.replace(/[常和]/g, '');
const NAME_CHAR = `[^\\u0000-\\u4DFF\\uA000-\\u{10FFFF}${NAME_STOP_CHARS}]`;
const NOT_NAME_CHAR = `[\\u0000-\\u4DFF\\uA000-\\u{10FFFF}${NAME_STOP_CHARS}]`;
const SURNAME = `(?:${COMPOUND_SURNAMES.join('|')}|[${SURNAMES_SINGLE}])`;
// One pattern, two alternatives, one pass: (trigger)(separator)(surname)given(end) | (surname)given(title).
const AFTER_TRIGGER = `(${NAME_TRIGGERS.join('|')})([:：\\s]{0,2})(${SURNAME})${NAME_CHAR}{1,2}(${NOT_NAME_CHAR}|$)`;
const BEFORE_TITLE = `(${SURNAME})${NAME_CHAR}{1,2}(${NAME_TITLES.join('|')})`;
const NAME_RE = new RegExp(`${AFTER_TRIGGER}|${BEFORE_TITLE}`, 'gu');
/** The replacement: an unmatched alternative's groups are empty. */
export const NAME_REPLACEMENT = { js: '$1$2$3$5**$4$6', re2: '\\1\\2\\3\\5**\\4\\6' };

/** Person names in a narrative masked to their surname and ** (see above). */
export function maskNames(text: string): string {
  return text.replace(NAME_RE, NAME_REPLACEMENT.js);
}

/** The SQL (RE2) forms of the name patterns, for sql/normalise.sql (tested equal to these). */
export const NAME_PATTERNS_RE2 = {
  names: `${re2(AFTER_TRIGGER)}|${re2(BEFORE_TITLE)}`,
  /**
   * What every name match contains: a trigger word followed by a surname, or a title. The loader
   * tests this before rewriting (a name pass only where it can change something: about a fifth of
   * generated narratives instead of the half that hold a trigger word somewhere).
   */
  gate: `(${NAME_TRIGGERS.join('|')})[:：\\s]{0,2}${SURNAME}|${NAME_TITLES.join('|')}`,
  /** A whole field of a delimited line that is a name (张三 between commas or tabs): for lines the reader refused. */
  field: `(^|[,\\t])"?(${SURNAME})${re2(NAME_CHAR.replace(']', `${PLACE_CHARS}]`))}{1,3}"?([,\\t]|$)`,
};

function re2(jsClass: string): string {
  return jsClass.replace(/\\u\{([0-9A-F]+)\}/gi, '\\x{$1}').replace(/\\u([0-9A-F]{4})/gi, '\\x{$1}');
}
