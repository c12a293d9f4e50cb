-- description: Complaints per period and category (a taxonomy code, or ordinary for those not identified) - how many, how many by their own label, how many suspected through linkage and by which key, and their shares; the figures of a compliance return.
-- materialized: table
-- tags: [linkage, complaints, identification]
-- tests:
--   - not_null: [period, category, complaints, by_label, suspected, by_agency_name, by_phone_account, by_template_cluster, suspected_share, period_complaints, share_of_period, ordinary_naming_agency, amount_cny]
--   - accepted_values: {column: category, values: [debt_evasion, credit_repair, illegal_agency, false_litigation, money_laundering, info_theft, fraud_other, ordinary]}
--   - expression: "1 = (SELECT count(*) FROM complaint_identification AS other WHERE other.period = complaint_identification.period AND other.category = complaint_identification.category)"
--   - expression: "complaints > 0 AND suspected <= complaints AND by_label <= complaints"
--   - expression: "category = 'ordinary' OR complaints = by_label + suspected"
--   - expression: "category <> 'ordinary' OR (by_label = 0 AND suspected = 0)"
--   - expression: "category = 'ordinary' OR ordinary_naming_agency = 0"
--   - expression: "suspected = by_agency_name + by_phone_account + by_template_cluster"
--   - expression: "suspected_share BETWEEN 0 AND 1 AND share_of_period BETWEEN 0 AND 1"
--   - expression: "amount_cny >= 0"
--   - expression: "period_complaints = (SELECT sum(other.complaints) FROM complaint_identification AS other WHERE other.period = complaint_identification.period)"
--   - expression: "period_complaints = (SELECT count(*) FROM stg_complaints AS s WHERE s.period = complaint_identification.period)"
--   - expression: "(SELECT sum(other.suspected) FROM complaint_identification AS other WHERE other.period = complaint_identification.period) = (SELECT count(*) FROM stg_complaints AS s JOIN record_operations AS ro ON ro.source = 'complaints' AND ro.record_id = s.complaint_id WHERE s.category = 'ordinary' AND s.period = complaint_identification.period)"
-- # One row per period and category with at least one complaint. category is the complaint's
-- # category as complaint_classification decides it: its own label's taxonomy category, else its
-- # operation's (a suspected complaint), else ordinary.
-- #   complaints        - complaints of the category; for ordinary, those neither labelled nor suspected
-- #   by_label          - of which labelled with the category by the source (0 for ordinary)
-- #   suspected         - of which labelled ordinary but linked to an operation of the category
-- #                       (0 for ordinary); complaints = by_label + suspected for a taxonomy category
-- #   by_agency_name, by_phone_account, by_template_cluster - the suspected ones by the key that
-- #                       identified them (agency name first, then phone or account, then template
-- #                       cluster; they add up to suspected)
-- #   suspected_share   - suspected / complaints: the part of the category found only by linkage
-- #   period_complaints - every complaint of the period; share_of_period = complaints / it
-- #   ordinary_naming_agency - (ordinary row) ordinary complaints that name an agency, for review
-- #   amount_cny        - the amounts in dispute of the category's complaints, in yuan: the sum of
-- #                       the amounts given (0 when none gave one), for the return's 涉案金额
-- # Template clusters identify only when linkage.template_clusters is on in grayscope.yaml.
WITH per_category AS (
  SELECT period, category,
         count(*) AS complaints,
         count(*) FILTER (WHERE status = 'labelled') AS by_label,
         count(*) FILTER (WHERE status = 'suspected') AS suspected,
         count(*) FILTER (WHERE status = 'suspected' AND identified_by = 'agency_name') AS by_agency_name,
         count(*) FILTER (WHERE status = 'suspected' AND identified_by = 'phone_account') AS by_phone_account,
         count(*) FILTER (WHERE status = 'suspected' AND identified_by = 'template_cluster') AS by_template_cluster,
         count(*) FILTER (WHERE status = 'ordinary' AND names_agency) AS ordinary_naming_agency,
         coalesce(sum(amount_cny), 0) AS amount_cny
  FROM complaint_classification
  GROUP BY period, category
),
per_period AS (
  SELECT period, count(*) AS period_complaints FROM complaint_classification GROUP BY period
)
SELECT c.period, c.category, c.complaints, c.by_label, c.suspected,
       c.by_agency_name, c.by_phone_account, c.by_template_cluster,
       c.suspected / c.complaints AS suspected_share,
       p.period_complaints,
       c.complaints / p.period_complaints AS share_of_period,
       c.ordinary_naming_agency,
       c.amount_cny
FROM per_category AS c
JOIN per_period AS p USING (period)
ORDER BY c.period, c.category = 'ordinary', c.category
