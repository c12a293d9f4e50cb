-- description: Complaints per period, category, region and channel; counts (all, naming an agency, linked to an operation) and disputed amounts.
-- materialized: table
-- tags: [stats, complaints]
-- tests:
--   - not_null: [period, category, region, complaints, linked_complaints, named_agency]
--   - accepted_values: {column: category, values: [debt_evasion, credit_repair, illegal_agency, false_litigation, money_laundering, info_theft, fraud_other, ordinary]}
--   - expression: "complaints > 0 AND linked_complaints <= complaints AND named_agency <= complaints"
-- # category is the complaint's own label mapped (a taxonomy code, or ordinary); the category a
-- # suspected complaint takes from its operation is in complaint_classification and
-- # complaint_identification. channel is NULL where the source did not give one. amount_cny sums the amounts given;
-- # amounts says how many complaints gave one.
SELECT c.period, c.category, c.region, c.channel,
       count(*) AS complaints,
       count(*) FILTER (WHERE c.agency_key IS NOT NULL) AS named_agency,
       count(ro.operation_id) AS linked_complaints,
       count(c.amount_cny) AS amounts,
       sum(c.amount_cny) AS amount_cny
FROM stg_complaints AS c
LEFT JOIN record_operations AS ro ON ro.source = 'complaints' AND ro.record_id = c.complaint_id
GROUP BY c.period, c.category, c.region, c.channel
ORDER BY c.period, c.category, c.region, c.channel NULLS LAST
