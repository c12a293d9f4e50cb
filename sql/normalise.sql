-- Normalisers for loading, as temporary macros of the loading connection. One definition serves
-- every row of every format, so a rule is written once. :fold_from/:fold_to are the full-width →
-- half-width character lists (constants, filled in by the loader, never user input).

-- Trimmed text with full-width ASCII folded to half-width; empty → NULL. translate() costs time in
-- proportion to its character list (about 5 µs a value), so it runs only on text that holds a
-- full-width character other than the parentheses （） (the common case in names such as
-- 某某信息咨询（深圳）有限公司, folded with two plain replaces).
CREATE OR REPLACE TEMP MACRO gs_fold(s) AS nullif(trim(
  CASE WHEN strlen(s) = length(s) OR NOT regexp_matches(s, '[\x{FF01}-\x{FF5E}\x{3000}]') THEN s
       WHEN NOT regexp_matches(replace(replace(s, '（', '('), '）', ')'), '[\x{FF01}-\x{FF5E}\x{3000}]') THEN replace(replace(s, '（', '('), '）', ')')
       ELSE translate(s, :fold_from, :fold_to) END), '');

-- Dates: ISO, slashes, dots, 年月日, compact yyyymmdd, with or without a time, and Excel serials.
CREATE OR REPLACE TEMP MACRO gs_date(s) AS (
  CASE
    WHEN s IS NULL THEN NULL
    WHEN TRY_CAST(s AS DATE) IS NOT NULL AND regexp_full_match(s, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}') THEN TRY_CAST(s AS DATE)
    -- A UTC timestamp (…Z) is moved to China time (UTC+8) before its date is taken.
    WHEN suffix(s, 'Z') AND contains(s, 'T') THEN
      CAST(coalesce(try_strptime(s, '%Y-%m-%dT%H:%M:%SZ'), try_strptime(s, '%Y-%m-%dT%H:%M:%S.%fZ')) + INTERVAL 8 HOUR AS DATE)
    -- A timestamp with its UTC offset (+08:00, +0800, +08, -05:00) likewise, dated in China time.
    WHEN regexp_matches(s, '[0-9]:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)? ?[+-][0-9]{2}(:?[0-9]{2})?$') THEN
      CAST(make_timestamp(epoch_us(try_strptime(s, [
        '%Y-%m-%dT%H:%M:%S%z', '%Y-%m-%dT%H:%M%z', '%Y-%m-%dT%H:%M:%S.%f%z',
        '%Y-%m-%d %H:%M:%S%z', '%Y-%m-%d %H:%M%z', '%Y-%m-%d %H:%M:%S %z', '%Y-%m-%d %H:%M %z'
      ]))) + INTERVAL 8 HOUR AS DATE)
    WHEN regexp_full_match(s, '[0-9]{5}(\.[0-9]+)?') THEN
      CAST(DATE '1899-12-30' + CAST(floor(CAST(s AS DOUBLE)) AS INTEGER) AS DATE)
    -- Every date form with a time of day (China time), with or without seconds: 2025-03-01 10:20,
    -- 2025/3/1 10:20:30, 2025.3.1 10:20, 2025年3月1日 10:20, 2025年3月1日10时20分(30秒), 10点20分,
    -- 20250301 102030 and 20250301102030.
    ELSE CAST(try_strptime(s, [
      '%Y-%m-%d', '%Y/%m/%d', '%Y.%m.%d', '%Y年%m月%d日', '%Y%m%d',
      '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M:%S', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M',
      '%Y年%m月%d日 %H:%M:%S', '%Y年%m月%d日%H时%M分',
      '%Y-%m-%dT%H:%M', '%Y-%m-%dT%H:%M:%S.%f', '%Y-%m-%d %H:%M:%S.%f', '%Y.%m.%d %H:%M:%S', '%Y.%m.%d %H:%M',
      '%Y年%m月%d日 %H:%M', '%Y年%m月%d日%H:%M', '%Y年%m月%d日%H:%M:%S', '%Y年%m月%d日%H时%M分%S秒',
      '%Y年%m月%d日 %H时%M分', '%Y年%m月%d日 %H时%M分%S秒', '%Y年%m月%d日%H点%M分', '%Y年%m月%d日 %H点%M分',
      '%Y年%m月%d日%H点%M分%S秒', '%Y年%m月%d日 %H点%M分%S秒',
      '%Y%m%d %H%M%S', '%Y%m%d %H:%M:%S', '%Y%m%d %H:%M', '%Y%m%d%H%M%S'
    ]) AS DATE)
  END
);

-- Amounts: drop thousands separators, spaces and currency signs; a trailing 元/万元/亿元 sets the unit.
CREATE OR REPLACE TEMP MACRO gs_amount_text(s) AS
  regexp_replace(regexp_replace(s, '[,，\s¥￥]|人民币|^(RMB|CNY)', '', 'gi'), '元整$', '元');
CREATE OR REPLACE TEMP MACRO gs_amount_factor(t, dflt) AS (
  CASE
    WHEN suffix(t, '亿元') OR suffix(t, '亿') THEN 100000000
    WHEN suffix(t, '万元') OR suffix(t, '万') THEN 10000
    WHEN suffix(t, '元') THEN 1
    ELSE dflt
  END
);
CREATE OR REPLACE TEMP MACRO gs_amount_number(t) AS
  TRY_CAST(regexp_replace(t, '(亿元|万元|亿|万|元)$', '') AS DOUBLE);
-- In DOUBLE (exact to the fen below 1e12 yuan, and far faster than a 38-digit DECIMAL); the
-- stored column is DECIMAL(18,2). inf and nan are not amounts.
CREATE OR REPLACE TEMP MACRO gs_amount(s, dflt) AS (
  CASE
    WHEN s IS NULL THEN NULL
    WHEN isfinite(TRY_CAST(s AS DOUBLE)) THEN TRY_CAST(s AS DOUBLE) * dflt
    WHEN isfinite(gs_amount_number(gs_amount_text(s))) THEN gs_amount_number(gs_amount_text(s)) * gs_amount_factor(gs_amount_text(s), dflt)
  END
);

-- The linkage key of an agency name (already folded to half-width by gs_fold): all whitespace
-- removed, one trailing 有限责任公司/有限公司/公司 dropped, ASCII upper-cased. Spelling variants of
-- one agency (spaces, （） vs (), full-width letters, the suffix, case) share a key.
CREATE OR REPLACE TEMP MACRO gs_agency_key(s) AS
  nullif(upper(regexp_replace(regexp_replace(s, '[\s\x{00A0}\x{3000}]+', '', 'g'), '(有限责任公司|有限公司|公司)$', '')), '');

-- Counts (persons arrested, gangs dismantled): whole non-negative numbers.
CREATE OR REPLACE TEMP MACRO gs_count(s) AS
  CASE WHEN regexp_full_match(regexp_replace(s, '[,\s人个]', '', 'g'), '[0-9]{1,9}') THEN CAST(regexp_replace(s, '[,\s人个]', '', 'g') AS BIGINT) END;

-- Personal data. Digits only for phones and accounts; the ID number keeps its check letter X.
-- Values already in their plain form (the common case) skip the rewriting.
CREATE OR REPLACE TEMP MACRO gs_phone_digits(s) AS
  CASE WHEN regexp_full_match(s, '1[0-9]{10}') THEN s
       ELSE regexp_replace(regexp_replace(s, '[\s\-()（）\x{00A0}\x{3000}\x{2010}-\x{2015}\x{2212}\x{FF0D}]', '', 'g'), '^(\+?0{0,2}86)(1[0-9]{10})$', '\2') END;
CREATE OR REPLACE TEMP MACRO gs_phone_ok(d) AS regexp_full_match(d, '[0-9]{7,15}');
CREATE OR REPLACE TEMP MACRO gs_phone_mask(d) AS
  CASE WHEN length(d) >= 11 THEN left(d, 3) || '****' || right(d, 4) ELSE '****' || right(d, 2) END;

CREATE OR REPLACE TEMP MACRO gs_idno_text(s) AS
  CASE WHEN regexp_full_match(s, '[0-9]{17}[0-9X]') THEN s ELSE upper(regexp_replace(s, '[\s\-()（）\x{00A0}\x{3000}\x{2010}-\x{2015}\x{2212}\x{FF0D}]', '', 'g')) END;
CREATE OR REPLACE TEMP MACRO gs_idno_ok(d) AS regexp_full_match(d, '[0-9]{17}[0-9X]|[0-9]{15}');
CREATE OR REPLACE TEMP MACRO gs_idno_mask(d) AS left(d, 3) || repeat('*', length(d) - 7) || right(d, 4);

CREATE OR REPLACE TEMP MACRO gs_account_digits(s) AS
  CASE WHEN regexp_full_match(s, '[0-9]{8,30}') THEN s ELSE regexp_replace(s, '[\s\-()（）\x{00A0}\x{3000}\x{2010}-\x{2015}\x{2212}\x{FF0D}]', '', 'g') END;
CREATE OR REPLACE TEMP MACRO gs_account_ok(d) AS regexp_full_match(d, '[0-9]{8,30}');
CREATE OR REPLACE TEMP MACRO gs_account_mask(d) AS
  CASE WHEN length(d) >= 12 THEN left(d, 4) || '****' || right(d, 4) ELSE '****' || right(d, 2) END;

-- Salted hash for linkage: the raw value never reaches a table. SHA-256 truncated to 128 bits
-- (32 hex characters): ample for telling keys apart, and half the bytes to write and join.
CREATE OR REPLACE TEMP MACRO gs_hash(kind, d) AS left(sha256(getvariable('gs_salt') || ':' || kind || ':' || d), 32);

-- Personal data inside free text: phone, ID and card numbers, plain or grouped, are masked to their
-- first three and last four digits (only the last two below 11 digits); ticket numbers, amounts
-- and dates are not. src/core/pii.ts holds the one rule set (separators, shapes, exceptions) and
-- maskText, registered by the loader as gs_mask_js; this macro is its fast path, with the two
-- patterns built there from the same classes (:pii_candidate, :pii_hard). Text with no 7
-- characters of digits and separators is left as it is (one regex scan). Text whose digit runs are
-- all plain and personal by their length and first two digits (11 digits from 13 to 19 or from 01
-- to 09, 12 from 01 to 09, 15 to 19 digits, 17 digits and X: the common case) takes one regex
-- replace; anything else (separators between digits, full-width digits, other lengths) goes to
-- gs_mask_js. test/unit/pii-property.test.ts holds the two equal on thousands of written forms.
CREATE OR REPLACE TEMP MACRO gs_mask_text(s) AS (
  CASE
    -- A mobile number (the usual case) is looked for first: a pattern that begins with one literal
    -- character lets RE2 skip to it (memchr), several times faster than a scan for any digit run,
    -- AND stops at the first false (NOT (a OR b) would evaluate both).
    WHEN s IS NULL OR (NOT regexp_matches(s, '1[3-9][0-9]{9}') AND NOT regexp_matches(s, :pii_candidate)) THEN s
    WHEN regexp_matches(s, :pii_hard) THEN gs_mask_js(s)
    ELSE regexp_replace(s, '(^|[^0-9])([0-9]{3})[0-9]{4,12}([0-9]{3}[0-9Xx])', '\1\2****\3', 'g')
  END
);

-- Person names inside narratives (src/core/pii.ts maskNames, whose pattern the loader fills in for
-- :name_pattern and :name_replacement): a surname and one or two more characters after
-- 本人, 我叫, 客户, 投诉人, 姓名：… or before 先生/女士, masked to the surname and **. Text where
-- no trigger word is followed by a surname and no title appears is left as it is (one scan that
-- stops at the first hit, cheaper than rewriting).
CREATE OR REPLACE TEMP MACRO gs_mask_names(s) AS (
  CASE
    WHEN s IS NULL OR NOT regexp_matches(s, :name_gate) THEN s
    ELSE regexp_replace(s, :name_pattern, :name_replacement, 'g')
  END
);

-- A narrative as stored: personal numbers and person names masked.
CREATE OR REPLACE TEMP MACRO gs_mask_narrative(s) AS gs_mask_names(gs_mask_text(s));

-- A raw line the reader refused (its columns unknown): as a narrative, and any field that is a
-- name on its own (,张三, between delimiters) masked to the surname and **.
CREATE OR REPLACE TEMP MACRO gs_mask_line(s) AS
  regexp_replace(regexp_replace(gs_mask_narrative(s), :name_field, '\1\2**\3', 'g'), :name_field, '\1\2**\3', 'g');

-- Person names (the name column): whitespace removed from Chinese names, Latin names upper-cased
-- with single spaces. A name has no digits and at most 40 characters. Masked to the surname and
-- stars: 张* (two characters), 张*明 (three), 欧阳** (a compound surname), 爱*** (four or more);
-- a Latin name to its first letter and ***.
CREATE OR REPLACE TEMP MACRO gs_name_text(s) AS
  CASE WHEN regexp_matches(s, '\p{Han}') THEN regexp_replace(s, '[\s\x{00A0}\x{3000}]+', '', 'g') ELSE upper(regexp_replace(s, '\s+', ' ', 'g')) END;
CREATE OR REPLACE TEMP MACRO gs_name_ok(d) AS length(d) <= 40 AND NOT regexp_matches(d, '[0-9]');
CREATE OR REPLACE TEMP MACRO gs_name_mask(d) AS
  CASE
    WHEN NOT regexp_matches(d, '\p{Han}') THEN left(d, 1) || '***'
    WHEN length(d) <= 1 THEN '*'
    WHEN length(d) = 2 THEN left(d, 1) || '*'
    WHEN list_contains(:compound_surnames, left(d, 2)) THEN left(d, 2) || repeat('*', length(d) - 2)
    WHEN length(d) = 3 THEN left(d, 1) || '*' || right(d, 1)
    ELSE left(d, 1) || repeat('*', length(d) - 1)
  END;
