-- description: Per period and category, exactly what grayscope estimate reads - the capture-history counts indexed by bit mask, the value of each valued operation in yuan, and the observed losses; one row per segment.
-- materialized: table
-- tags: [linkage, mse, valuation]
-- tests:
--   - not_null: [period, category, capture_counts, value_per_operation_cny, observed_losses_cny]
--   - accepted_values: {column: category, values: [debt_evasion, credit_repair, illegal_agency, false_litigation, money_laundering, info_theft, fraud_other]}
--   - expression: "1 = (SELECT count(*) FROM estimate_inputs AS other WHERE other.period = estimate_inputs.period AND other.category = estimate_inputs.category)"
--   - expression: "len(capture_counts) = 8 AND capture_counts[1] = 0"
--   - expression: "list_min(capture_counts) >= 0 AND list_sum(capture_counts) > 0"
--   - expression: "len(value_per_operation_cny) <= list_sum(capture_counts) AND coalesce(list_min(value_per_operation_cny) > 0, true)"
--   - expression: "observed_losses_cny >= 0"
-- # capture_counts: the operations of the segment per capture history, indexed by the history's
-- # bit mask: bit 0 complaints, bit 1 incidents, bit 2 enforcement (mask 5 = complaints and
-- # enforcement, not incidents; history '101' in capture_histories). The unobservable history 000
-- # keeps its place as mask 0 with the count 0, so every list has 8 elements. DuckDB lists are
-- # 1-based and the estimator's array 0-based: the count of mask m is capture_counts[m + 1] here
-- # and capture_counts[m] in TypeScript (capture_counts[1] here is mask 0).
-- #
-- # value_per_operation_cny: value_cny_estimate of operation_amounts (the mean of an operation's
-- # incident and enforcement amounts, its quarterly takings) for each operation of the segment
-- # with a positive value, in yuan as DOUBLE, ordered by operation_id. The order is part of the
-- # contract: the bootstrap resamples the list by index, so another order gives other intervals.
-- # Operations seen only in complaints have no value and are not in the list.
-- #
-- # Complaint amounts never value an operation. A complaint's amount is what is disputed between
-- # a consumer and an institution - the sum in dispute, a fee, a loan balance - not an operation's
-- # takings; valuing operations with it would put a consumer's claim into the size of the market.
-- #
-- # observed_losses_cny: the sum of the segment's values, each operation once - every incident or
-- # case of an operation records the operation's quarterly takings, so summing the records would
-- # count it several times; an operation without a value adds nothing. The multiplier method
-- # divides it by the reporting rate. It is value_per_operation_cny added up in its order as
-- # DOUBLE, the number the estimate has always used: an exact DECIMAL sum differs in the last bit,
-- # and the multiplier's rounding to whole yuan then differs where a quotient ends in .5.
WITH segments AS (
  SELECT DISTINCT period, category FROM capture_histories
),
cells AS (
  SELECT period, category,
         CAST(in_complaints AS INTEGER) + 2 * CAST(in_incidents AS INTEGER) + 4 * CAST(in_enforcement AS INTEGER) AS mask,
         n
  FROM capture_histories
),
counts AS (
  SELECT s.period, s.category, list(coalesce(c.n, 0) ORDER BY m.mask) AS capture_counts
  FROM segments AS s
  CROSS JOIN range(8) AS m(mask)
  LEFT JOIN cells AS c ON c.period = s.period AND c.category = s.category AND c.mask = m.mask
  GROUP BY s.period, s.category
),
amounts AS (
  SELECT period, category,
         list(CAST(value_cny_estimate AS DOUBLE) ORDER BY operation_id) FILTER (WHERE value_cny_estimate > 0) AS valued
  FROM operation_amounts
  GROUP BY period, category
),
segment_values AS (
  SELECT c.period, c.category, c.capture_counts,
         coalesce(a.valued, CAST([] AS DOUBLE[])) AS value_per_operation_cny
  FROM counts AS c
  LEFT JOIN amounts AS a ON a.period = c.period AND a.category = c.category
)
SELECT period, category, capture_counts, value_per_operation_cny,
       list_reduce(value_per_operation_cny, lambda total, v: total + v, CAST(0 AS DOUBLE)) AS observed_losses_cny
FROM segment_values
ORDER BY period, category
