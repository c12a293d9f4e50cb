-- Normalisers for loading, as temporary macros of the loading connection. One definition serves
-- every row of every format, so a rule is written once. :fold_from/:fold_to are the full-width →
-- half-width character lists (constants, filled in by the loader, never user input).

-- Trimmed text with full-width ASCII folded to half-width; empty → NULL. translate() costs time in
-- proportion to its character list, so it runs only on text that holds a full-width character.
CREATE OR REPLACE TEMP MACRO gs_fold(s) AS nullif(trim(
  CASE WHEN strlen(s) = length(s) OR NOT regexp_matches(s, '[\x{FF01}-\x{FF5E}\x{3000}]') THEN s
       ELSE translate(s, :fold_from, :fold_to) END), '');

-- Dates: ISO, slashes, dots, 年月日, compact yyyymmdd, with or without a time, and Excel serials.
CREATE OR REPLACE TEMP MACRO gs_date(s) AS (
  CASE
    WHEN s IS NULL THEN NULL
    WHEN TRY_CAST(s AS DATE) IS NOT NULL AND regexp_full_match(s, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}') THEN TRY_CAST(s AS DATE)
    -- A UTC timestamp (…Z) is moved to China time (UTC+8) before its date is taken.
    WHEN suffix(s, 'Z') AND contains(s, 'T') THEN
      CAST(coalesce(try_strptime(s, '%Y-%m-%dT%H:%M:%SZ'), try_strptime(s, '%Y-%m-%dT%H:%M:%S.%fZ')) + INTERVAL 8 HOUR AS DATE)
    WHEN regexp_full_match(s, '[0-9]{5}(\.[0-9]+)?') THEN
      CAST(DATE '1899-12-30' + CAST(floor(CAST(s AS DOUBLE)) AS INTEGER) AS DATE)
    ELSE CAST(try_strptime(s, [
      '%Y-%m-%d', '%Y/%m/%d', '%Y.%m.%d', '%Y年%m月%d日', '%Y%m%d',
      '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M:%S', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M',
      '%Y年%m月%d日 %H:%M:%S', '%Y年%m月%d日%H时%M分'
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
-- first three and last four digits. Text with no run of 7+ digits and separators is left as it is
-- (one regex scan). Plain runs of 11 to 19 digits (mobiles, ID and card numbers: the common case)
-- are masked here; anything subtler (grouped digits, full-width digits, 7 to 10 digits that may be
-- a date or a landline, very long runs) goes to gs_mask_js, src/core/pii.ts, registered by the
-- loader, which counts digits and leaves dates and amounts alone.
CREATE OR REPLACE TEMP MACRO gs_mask_text(s) AS (
  CASE
    WHEN s IS NULL OR NOT regexp_matches(s, '[0-9０-９][0-9０-９\s\-()（）\x{00A0}\x{3000}\x{2010}-\x{2015}\x{2212}\x{FF0D}]{5,}[0-9０-９XxＸｘ]') THEN s
    WHEN regexp_matches(s, '[0-9０-９][\s\-()（）\x{00A0}\x{3000}\x{2010}-\x{2015}\x{2212}\x{FF0D}]{1,2}[0-9０-９]|[０-９Ｘｘ]|(^|[^0-9])[0-9]{7,10}([^0-9]|$)|[0-9]{20}') THEN gs_mask_js(s)
    ELSE regexp_replace(s, '(^|[^0-9])([0-9]{3})[0-9]{4,12}([0-9]{3}[0-9Xx])', '\1\2****\3', 'g')
  END
);
