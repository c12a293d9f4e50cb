-- description: Incidents per period, category, region and channel; counts and amounts.
-- materialized: table
-- tags: [stats, incidents]
-- tests:
--   - not_null: [period, category, region, incidents, amounts]
--   - accepted_values: {column: category, values: [debt_evasion, credit_repair, illegal_agency, false_litigation, money_laundering, info_theft, fraud_other]}
--   - expression: "incidents > 0 AND amounts <= incidents"
-- # channel is NULL where the source did not give one. amount_cny sums the amounts given;
-- # amounts says how many incidents gave one.
SELECT period, category, region, channel,
       count(*) AS incidents,
       count(amount_cny) AS amounts,
       sum(amount_cny) AS amount_cny
FROM stg_incidents
GROUP BY period, category, region, channel
ORDER BY period, category, region, channel NULLS LAST
