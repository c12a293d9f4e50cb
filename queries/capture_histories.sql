-- description: Operations per observable capture history (complaints, incidents, enforcement) for each period and category, zero cells included; the input to multiple-systems estimation.
-- materialized: table
-- tags: [linkage, mse]
-- tests:
--   - not_null: [period, category, history, in_complaints, in_incidents, in_enforcement, n]
--   - accepted_values: {column: history, values: ['100', '010', '001', '110', '101', '011', '111']}
--   - accepted_values: {column: category, values: [debt_evasion, credit_repair, illegal_agency, false_litigation, money_laundering, info_theft, fraud_other]}
--   - expression: "n >= 0"
-- # Seven rows per (period, category) with at least one operation: every history except 000, which
-- # cannot be observed. history spells the flags in the order complaints, incidents, enforcement
-- # (101 = in complaints and enforcement, not incidents). The n of a period sum to its operations.
WITH cells(in_complaints, in_incidents, in_enforcement) AS (
  VALUES (true, false, false), (false, true, false), (false, false, true),
         (true, true, false), (true, false, true), (false, true, true), (true, true, true)
),
segments AS (
  SELECT DISTINCT period, category FROM operations
),
counts AS (
  SELECT period, category, in_complaints, in_incidents, in_enforcement, count(*) AS n
  FROM operations
  GROUP BY period, category, in_complaints, in_incidents, in_enforcement
)
SELECT s.period, s.category,
       CAST(h.in_complaints AS INTEGER) || CAST(h.in_incidents AS INTEGER) || CAST(h.in_enforcement AS INTEGER) AS history,
       h.in_complaints, h.in_incidents, h.in_enforcement,
       coalesce(c.n, 0) AS n
FROM segments AS s
CROSS JOIN cells AS h
LEFT JOIN counts AS c
  ON c.period = s.period AND c.category = s.category AND c.in_complaints = h.in_complaints
 AND c.in_incidents = h.in_incidents AND c.in_enforcement = h.in_enforcement
ORDER BY s.period, s.category, history DESC
