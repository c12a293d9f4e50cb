-- description: The periods a run covers, from the `period` variable (NULL = every period); one row.
-- materialized: view
-- tags: [staging, parameters]
-- tests:
--   - expression: "span IN ('all', 'quarter', 'year')"
-- # A quarter (2025Q1) selects itself and its three comparison bases (previous quarter, the same
-- # quarter a year and two years earlier), so growth is always computed like for like with the
-- # same linkage; a year (2025) selects that year and the two before it. The staging views keep a
-- # record when `offset` (target_index − the record's quarter index) is one the span allows.
SELECT
  p AS selected,
  CASE
    WHEN p IS NULL THEN 'all'
    WHEN regexp_full_match(p, '[0-9]{4}Q[1-4]') THEN 'quarter'
    WHEN regexp_full_match(p, '[0-9]{4}') THEN 'year'
    ELSE error('period must be written like 2025Q1 (a quarter) or 2025 (a year), got ''' || p || '''')
  END AS span,
  CASE
    WHEN regexp_full_match(p, '[0-9]{4}Q[1-4]') THEN CAST(left(p, 4) AS INTEGER) * 4 + CAST(right(p, 1) AS INTEGER) - 1
    WHEN regexp_full_match(p, '[0-9]{4}') THEN CAST(p AS INTEGER) * 4 + 3
  END AS target_index
FROM (SELECT CAST(getvariable('period') AS VARCHAR) AS p)
