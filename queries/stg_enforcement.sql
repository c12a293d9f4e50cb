-- description: Loaded enforcement cases with their quarter (period), source name and normalised agency key; one row per loaded case.
-- materialized: view
-- tags: [staging, enforcement]
-- tests:
--   - not_null: [case_id, opened_date, period, region, category, source, record_id]
--   - unique: case_id
--   - accepted_values: {column: category, values: [debt_evasion, credit_repair, illegal_agency, false_litigation, money_laundering, info_theft, fraud_other]}
--   - expression: "amount_cny IS NULL OR amount_cny >= 0"
--     severity: warn
-- # agency_key is the linkage form of agency_name, the same rule the generator documents
-- # (truth.json model.key_normalisation): NFKC restricted to what names carry (full-width
-- # U+FF01–FF5E → ASCII, ideographic space U+3000 → space, which also turns （） into ()), all
-- # whitespace removed, one trailing 有限责任公司 / 有限公司 / 公司 dropped, ASCII upper-cased;
-- # a name that is empty after this has no key. translate() runs only on names that hold a
-- # full-width character: it is the slow step and most names have none.
-- # The rows are those of the periods period_filter selects (all of them when period is NULL).
SELECT
  t.*,
  'enforcement' AS source,
  t.case_id AS record_id,
  t.opened_date AS record_date,
  year(t.opened_date) || 'Q' || quarter(t.opened_date) AS period,
  nullif(upper(regexp_replace(regexp_replace(
    CASE WHEN regexp_matches(t.agency_name, '[\x{FF01}-\x{FF5E}\x{3000}]')
      THEN translate(t.agency_name,
        '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　',
        '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ ')
      ELSE t.agency_name END,
    '\s+', '', 'g'), '(有限责任公司|有限公司|公司)$', '')), '') AS agency_key
FROM enforcement AS t
CROSS JOIN period_filter AS f
WHERE f.span = 'all'
  OR (f.span = 'quarter' AND f.target_index - (year(t.opened_date) * 4 + quarter(t.opened_date) - 1) IN (0, 1, 4, 8))
  OR (f.span = 'year' AND f.target_index - (year(t.opened_date) * 4 + quarter(t.opened_date) - 1) BETWEEN 0 AND 11)
