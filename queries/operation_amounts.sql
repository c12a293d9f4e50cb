-- description: Observed amounts per operation-quarter from incidents and enforcement cases (sum, mean, max per source, and both together), the loss sample for valuation; one row per operation.
-- materialized: table
-- tags: [linkage, valuation]
-- tests:
--   - not_null: [operation_id, period, category, value_records]
--   - unique: operation_id
--   - relationships: {column: operation_id, to: operations, field: operation_id}
--   - expression: "value_records = 0 OR value_cny_estimate > 0"
--     severity: warn
-- # Each incident or case amount is one observation of the operation's value that quarter (with
-- # multiplicative noise of mean 1), so value_cny_estimate, the mean over all of them, estimates the
-- # operation's quarterly value. Complaint amounts are the consumers' own disputed sums and are not
-- # used (why: the header of estimate_inputs.sql, and docs/METHODOLOGY.md, "Scale in yuan").
-- # Operations seen only in complaints have value_records = 0 and NULL amounts.
WITH amounts AS (
  SELECT ro.operation_id, r.source, r.amount_cny
  FROM record_operations AS ro
  JOIN stg_records AS r ON r.source = ro.source AND r.record_id = ro.record_id
  WHERE ro.source IN ('incidents', 'enforcement') AND r.amount_cny IS NOT NULL
),
per_operation AS (
  SELECT operation_id,
         count(*) FILTER (WHERE source = 'incidents') AS incident_amounts,
         sum(amount_cny) FILTER (WHERE source = 'incidents') AS incident_amount_sum_cny,
         CAST(avg(amount_cny) FILTER (WHERE source = 'incidents') AS DECIMAL(18, 2)) AS incident_amount_mean_cny,
         max(amount_cny) FILTER (WHERE source = 'incidents') AS incident_amount_max_cny,
         count(*) FILTER (WHERE source = 'enforcement') AS enforcement_amounts,
         sum(amount_cny) FILTER (WHERE source = 'enforcement') AS enforcement_amount_sum_cny,
         CAST(avg(amount_cny) FILTER (WHERE source = 'enforcement') AS DECIMAL(18, 2)) AS enforcement_amount_mean_cny,
         max(amount_cny) FILTER (WHERE source = 'enforcement') AS enforcement_amount_max_cny,
         count(*) AS value_records,
         CAST(avg(amount_cny) AS DECIMAL(18, 2)) AS value_cny_estimate
  FROM amounts
  GROUP BY operation_id
)
SELECT o.operation_id, o.period, o.category, o.region,
       coalesce(a.incident_amounts, 0) AS incident_amounts,
       a.incident_amount_sum_cny, a.incident_amount_mean_cny, a.incident_amount_max_cny,
       coalesce(a.enforcement_amounts, 0) AS enforcement_amounts,
       a.enforcement_amount_sum_cny, a.enforcement_amount_mean_cny, a.enforcement_amount_max_cny,
       coalesce(a.value_records, 0) AS value_records,
       a.value_cny_estimate
FROM operations AS o
LEFT JOIN per_operation AS a USING (operation_id)
ORDER BY o.period, o.operation_id
