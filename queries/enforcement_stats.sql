-- description: Enforcement cases per period, category, region and authority; counts, amounts, persons arrested and gangs dismantled.
-- materialized: table
-- tags: [stats, enforcement]
-- tests:
--   - not_null: [period, category, region, cases, amounts, persons_arrested, gangs_dismantled]
--   - accepted_values: {column: category, values: [debt_evasion, credit_repair, illegal_agency, false_litigation, money_laundering, info_theft, fraud_other]}
--   - accepted_values: {column: authority, values: [public_security, nfra, pboc, court, procuratorate, market_regulation, other]}
--   - expression: "cases > 0 AND persons_arrested >= 0 AND gangs_dismantled >= 0"
-- # Enforcement has no channel; the authority that opened the case takes its place (NULL where
-- # not given). persons_arrested and gangs_dismantled sum the figures given (missing counts as 0).
SELECT period, category, region, authority,
       count(*) AS cases,
       count(amount_cny) AS amounts,
       sum(amount_cny) AS amount_cny,
       coalesce(sum(persons_arrested), 0) AS persons_arrested,
       coalesce(sum(gangs_dismantled), 0) AS gangs_dismantled
FROM stg_enforcement
GROUP BY period, category, region, authority
ORDER BY period, category, region, authority NULLS LAST
