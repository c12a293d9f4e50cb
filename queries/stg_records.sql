-- description: Every record of the three sources in one shape, for linkage; one row per loaded record.
-- materialized: view
-- tags: [staging, linkage]
-- tests:
--   - not_null: [source, record_id, period, record_date, region, category]
--   - accepted_values: {column: source, values: [complaints, incidents, enforcement]}
SELECT source, record_id, period, record_date, region, category, amount_cny,
       agency_key, phone_hash, account_hash,
       CAST(NULL AS INTEGER) AS persons_arrested, CAST(NULL AS INTEGER) AS gangs_dismantled
FROM stg_complaints
UNION ALL
SELECT source, record_id, period, record_date, region, category, amount_cny,
       agency_key, phone_hash, account_hash,
       CAST(NULL AS INTEGER), CAST(NULL AS INTEGER)
FROM stg_incidents
UNION ALL
SELECT source, record_id, period, record_date, region, category, amount_cny,
       agency_key, phone_hash, account_hash,
       persons_arrested, gangs_dismantled
FROM stg_enforcement
