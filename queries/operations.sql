-- description: One row per operation-quarter found by linkage, with its category, region, record counts per source, capture history and amount totals.
-- materialized: table
-- tags: [linkage, operations]
-- tests:
--   - not_null: [operation_id, period, category, region, n_records, in_complaints, in_incidents, in_enforcement]
--   - unique: operation_id
--   - accepted_values: {column: category, values: [debt_evasion, credit_repair, illegal_agency, false_litigation, money_laundering, info_theft, fraud_other]}
--   - expression: "n_records = n_complaints + n_incidents + n_enforcement AND n_records > 0"
--   - expression: "in_complaints OR in_incidents OR in_enforcement"
-- # category is the most common taxonomy category among the operation's records, ignoring
-- # ordinary complaints (suspected ones, which take this category; every operation has at least
-- # one record with a taxonomy category: record_operations); region is the most common region
-- # among all its records (ties: the smaller code). The amount totals are sums of each source's amount_cny: for incidents and enforcement
-- # that is the operation's own takings as recorded; for complaints it is what the complainants
-- # disputed, a different quantity. operation_amounts has per-operation value statistics.
WITH members AS (
  SELECT ro.operation_id, ro.period, r.source, r.category, r.region, r.amount_cny,
         r.persons_arrested, r.gangs_dismantled
  FROM record_operations AS ro
  JOIN stg_records AS r ON r.source = ro.source AND r.record_id = ro.record_id
),
top_category AS (
  SELECT operation_id, category
  FROM (SELECT operation_id, category, count(*) AS n FROM members WHERE category <> 'ordinary' GROUP BY operation_id, category)
  QUALIFY row_number() OVER (PARTITION BY operation_id ORDER BY n DESC, category) = 1
),
top_region AS (
  SELECT operation_id, region
  FROM (SELECT operation_id, region, count(*) AS n FROM members GROUP BY operation_id, region)
  QUALIFY row_number() OVER (PARTITION BY operation_id ORDER BY n DESC, region) = 1
),
totals AS (
  SELECT operation_id,
         any_value(period) AS period,
         count(*) AS n_records,
         count(*) FILTER (WHERE source = 'complaints') AS n_complaints,
         count(*) FILTER (WHERE source = 'incidents') AS n_incidents,
         count(*) FILTER (WHERE source = 'enforcement') AS n_enforcement,
         sum(amount_cny) FILTER (WHERE source = 'complaints') AS complaints_amount_cny,
         sum(amount_cny) FILTER (WHERE source = 'incidents') AS incidents_amount_cny,
         sum(amount_cny) FILTER (WHERE source = 'enforcement') AS enforcement_amount_cny,
         sum(persons_arrested) AS persons_arrested,
         sum(gangs_dismantled) AS gangs_dismantled
  FROM members
  GROUP BY operation_id
)
SELECT t.operation_id, t.period, c.category, g.region,
       t.n_records, t.n_complaints, t.n_incidents, t.n_enforcement,
       t.n_complaints > 0 AS in_complaints,
       t.n_incidents > 0 AS in_incidents,
       t.n_enforcement > 0 AS in_enforcement,
       t.complaints_amount_cny, t.incidents_amount_cny, t.enforcement_amount_cny,
       t.persons_arrested, t.gangs_dismantled
FROM totals AS t
JOIN top_category AS c USING (operation_id)
JOIN top_region AS g USING (operation_id)
ORDER BY t.period, t.operation_id
