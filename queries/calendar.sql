-- description: One row per quarter from the first to the last quarter with data (gaps included), with the bases growth is measured against.
-- materialized: table
-- tags: [calendar]
-- tests:
--   - not_null: [period, year, quarter, start_date, end_date, previous_period, same_period_last_year, same_period_two_years_ago]
--   - unique: period
--   - expression: "quarter BETWEEN 1 AND 4 AND start_date <= end_date"
-- # previous_period is the 环比 base, same_period_last_year the 同比 base, same_period_two_years_ago
-- # the base of the two-year change (its geometric annual average). A base may lie before the
-- # first quarter with data: it is still named, and a later join simply finds nothing there.
WITH bounds AS (
  SELECT date_trunc('quarter', min(record_date)) AS first_start,
         date_trunc('quarter', max(record_date)) AS last_start
  FROM stg_records
),
quarters AS (
  SELECT CAST(unnest(generate_series(first_start, last_start, INTERVAL 3 MONTH)) AS DATE) AS start_date
  FROM bounds
  WHERE first_start IS NOT NULL
)
SELECT
  gs_period(start_date) AS period,
  year(start_date) AS year,
  quarter(start_date) AS quarter,
  start_date,
  CAST(start_date + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) AS end_date,
  gs_period(start_date - INTERVAL 3 MONTH) AS previous_period,
  gs_period(start_date - INTERVAL 1 YEAR) AS same_period_last_year,
  gs_period(start_date - INTERVAL 2 YEAR) AS same_period_two_years_ago
FROM quarters
ORDER BY start_date
