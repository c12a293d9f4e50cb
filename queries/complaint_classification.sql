-- description: Every complaint with how it was classified - by its own label (a taxonomy category), suspected (an ordinary complaint linked to an operation, taking the operation's category) or ordinary - and what identified it; one row per complaint.
-- materialized: table
-- tags: [linkage, complaints, identification]
-- tests:
--   - not_null: [complaint_id, period, label_category, category, status, linked_by_name, linked_by_phone_account, linked_by_template, names_agency]
--   - unique: complaint_id
--   - accepted_values: {column: status, values: [labelled, suspected, ordinary]}
--   - accepted_values: {column: identified_by, values: [label, agency_name, phone_account, template_cluster]}
--   - accepted_values: {column: category, values: [debt_evasion, credit_repair, illegal_agency, false_litigation, money_laundering, info_theft, fraud_other, ordinary]}
--   - relationships: {column: operation_id, to: operations, field: operation_id}
--   - expression: "(status = 'ordinary') = (identified_by IS NULL)"
--   - expression: "(status = 'labelled') = (label_category <> 'ordinary')"
--   - expression: "(status = 'labelled') = coalesce(identified_by = 'label', false)"
--   - expression: "(status = 'suspected') = (label_category = 'ordinary' AND operation_id IS NOT NULL)"
--   - expression: "(status = 'ordinary') = (category = 'ordinary')"
-- # The three statuses (DESIGN "Data contracts", docs/METHODOLOGY.md "Ordinary and suspected
-- # complaints"):
-- #   labelled  - the source's own label maps to a taxonomy category (label_category); that is the
-- #               complaint's category, whether or not it links to an operation (identified_by label);
-- #   suspected - the label maps to ordinary, but the complaint links to an operation
-- #               (record_operations): a suspected black/gray-market complaint, with the
-- #               operation's category;
-- #   ordinary  - the label maps to ordinary and the complaint links to no operation.
-- # identified_by of a suspected complaint is the first kind of shared key it holds, in the order
-- # agency name, phone or account, template cluster; the linked_by_* columns say every kind it holds.
-- # names_agency: the complaint names an agency (agency_name given); an ordinary complaint that
-- # does is worth a look although no operation explains it (for example two ordinary complaints
-- # naming one agency and nothing else: not an operation, as its category is unknown).
-- # amount_cny is the complaint's amount in dispute as loaded (NULL where none was given), so the
-- # figures per category and per region (complaint_identification, the report tables) sum it.
SELECT c.complaint_id, c.period, c.received_date, c.region, c.topic,
       c.category AS label_category,
       CASE WHEN c.category <> 'ordinary' THEN c.category
            WHEN ro.operation_id IS NOT NULL THEN o.category
            ELSE 'ordinary' END AS category,
       CASE WHEN c.category <> 'ordinary' THEN 'labelled'
            WHEN ro.operation_id IS NOT NULL THEN 'suspected'
            ELSE 'ordinary' END AS status,
       CASE WHEN c.category <> 'ordinary' THEN 'label'
            WHEN ro.operation_id IS NULL THEN NULL
            WHEN ro.linked_by_name THEN 'agency_name'
            WHEN ro.linked_by_phone OR ro.linked_by_account THEN 'phone_account'
            WHEN ro.linked_by_template THEN 'template_cluster' END AS identified_by,
       ro.operation_id,
       coalesce(ro.linked_by_name, false) AS linked_by_name,
       coalesce(ro.linked_by_phone OR ro.linked_by_account, false) AS linked_by_phone_account,
       coalesce(ro.linked_by_template, false) AS linked_by_template,
       c.agency_key IS NOT NULL AS names_agency,
       c.amount_cny
FROM stg_complaints AS c
LEFT JOIN record_operations AS ro ON ro.source = 'complaints' AND ro.record_id = c.complaint_id
LEFT JOIN operations AS o ON o.operation_id = ro.operation_id
ORDER BY c.period, c.complaint_id
