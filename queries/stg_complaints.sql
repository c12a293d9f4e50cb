-- description: Loaded complaints with their quarter (period), source name and normalised agency key; one row per loaded complaint.
-- materialized: view
-- tags: [staging, complaints]
-- tests:
--   - not_null: [complaint_id, received_date, period, region, category, source, record_id]
--   - unique: complaint_id
--   - accepted_values: {column: category, values: [debt_evasion, credit_repair, illegal_agency, false_litigation, money_laundering, info_theft, fraud_other, ordinary]}
--   - expression: "amount_cny IS NULL OR amount_cny >= 0"
--     severity: warn
-- # agency_key (the linkage form of agency_name) is written by the loader: see gs_agency_key in
-- # sql/normalise.sql.
-- # The rows are those of the periods period_filter selects (all of them when period is NULL).
SELECT
  t.*,
  'complaints' AS source,
  t.complaint_id AS record_id,
  t.received_date AS record_date,
  gs_period(t.received_date) AS period
FROM complaints AS t
CROSS JOIN period_filter AS f
WHERE f.span = 'all'
  OR (f.span = 'quarter' AND f.target_index - (year(t.received_date) * 4 + quarter(t.received_date) - 1) IN (0, 1, 4, 8))
  OR (f.span = 'year' AND f.target_index - (year(t.received_date) * 4 + quarter(t.received_date) - 1) BETWEEN 0 AND 11)
