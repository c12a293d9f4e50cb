// Personal data inside free text (narratives, institution names, a rejected row's original text,
// messages). A run of digits (plain, or grouped with spaces, dashes or brackets) is masked to its
// first three and last four digits (only the last two below 11 digits) when it is personal data:
//   - a mobile number: 11 digits starting 13–19, or with +86 / 0086 / 86 before it;
//   - a landline with its area code: 10 to 12 digits starting 01–09 (010-12345678, 0755 1234 5678);
//   - an ID number: 15 digits, or 17 digits and a check digit or X;
//   - a bank card number: 16 to 19 digits;
//   - any run of 7 to 30 digits written just after a word that says what it is (卡号, 账号, 账户,
//     银行卡, 手机, 电话, 座机, 联系方式, 身份证, 证件号, 微信, QQ).
// ID and card numbers are recognised by their length, not their check digit: a number with a typo
// still identifies someone, and the loader's fast path (sql/normalise.sql gs_mask_text) decides
// by length in one regex. Everything else stays as written, so ticket numbers (TS2025030001,
// 12-14 digit references), amounts (12345678, 13800000000元), dates and times are what the officer
// sees. The loader calls this from SQL (a DuckDB scalar function) on the rows the fast path cannot
// decide; the terminal and error output pass everything through it.
//
// Person names in narratives (maskNames) are masked separately, in SQL at load (gs_mask_names in
// sql/normalise.sql, built from the patterns here) and here for tests and any TypeScript caller.

const DIGIT = '[0-9\uFF10-\uFF19]';
/** Separators people put inside numbers; SEPARATOR_CLASS_RE2 in sql/normalise.sql lists the same. */
const SEP = '[\\s\\-()\uFF08\uFF09\u2010-\u2015\u2212\uFF0D]';
/** A run of at least 7 digits with at most two separator characters between neighbours, an ID's X at the end. */
const CANDIDATE = new RegExp(`(?:\\+?86${SEP}{0,2})?[(\uFF08]?${DIGIT}(?:${SEP}{0,2}${DIGIT}){6,}(?:[Xx\uFF38\uFF58](?![A-Za-z]))?`, 'g');
const AMOUNT_AFTER = /^\s*(?:[.．]\d|元|块|万|亿|%|％|人民币|美元)/;

function asciiDigits(text: string): string {
  return text.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/** A date, or what is meant as one (2025-13-45 is a bad date, not a phone number). */
function isDate(digits: string, raw: string): boolean {
  if (/^\d{4}[-./\s]\d{1,2}[-./\s]\d{1,2}$/.test(raw.trim())) return true;
  if (digits.length !== 8) return false;
  if (/^\d{8}$/.test(raw.trim())) {
    const y = Number(digits.slice(0, 4));
    const m = Number(digits.slice(4, 6));
    const d = Number(digits.slice(6, 8));
    return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
  }
  return false;
}

/** 138****5678: the first three and last four digits, as the SQL fast path in sql/normalise.sql writes them. */
export function maskDigits(digits: string): string {
  return digits.length <= 10 ? `****${digits.slice(-2)}` : `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/**
 * Digit runs that are never personal data and would otherwise look like one: grayscope's own run ids
 * (20261125T122325827Z-7532a3) and a date with its time of day (2026-11-25 13:05:57), which the
 * terminal and error output carry.
 */
const NOT_PERSONAL = /\d{8}T\d{9}Z(?:-[0-9a-f]{1,16})?|\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?/g;

export function maskText(text: string): string {
  let out = '';
  let from = 0;
  for (const keep of text.matchAll(NOT_PERSONAL)) {
    out += maskPart(text.slice(from, keep.index)) + keep[0];
    from = keep.index + keep[0].length;
  }
  return from === 0 ? maskPart(text) : out + maskPart(text.slice(from));
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

/** A word just before a number that says the number is personal data. */
const SAYS_PERSONAL =
  /(?:QQ|微信号?|卡号|账号|帐号|账户|帐户|银行卡|手机(?:号码?)?|电话(?:号码?)?|座机|联系方式|身份证(?:号码?)?|证件号码?)[\s:：是为]{0,3}$/i;

function maskPart(text: string): string {
  return text.replace(CANDIDATE, (match, offset: number) => {
    let raw = match;
    let lead = '';
    // A leading country code is personal data's prefix, not part of the number's digits.
    const cc = /^\+?86[\s\-]{0,2}(?=[(\uFF08]?1)/.exec(raw);
    if (cc && asciiDigits(raw).replace(/\D/g, '').length >= 13) {
      lead = cc[0];
      raw = raw.slice(cc[0].length);
    }
    const folded = asciiDigits(raw).replace(/[\uFF38\uFF58]/g, 'X');
    const digits = folded.replace(/[^0-9Xx]/g, '').toUpperCase();
    if (isDate(digits, folded)) return match;
    if (AMOUNT_AFTER.test(text.slice(offset + match.length))) return match;
    const personal =
      isPhoneNumber(digits) ||
      isIdNumber(digits) ||
      isCardNumber(digits) ||
      (digits.length <= 30 && SAYS_PERSONAL.test(text.slice(Math.max(0, offset - 8), offset)));
    if (!personal) return match;
    return `${lead}${maskDigits(digits)}`;
  });
}

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
