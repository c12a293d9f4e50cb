-- description: Each record that belongs to a gray-market operation, with that operation and the kinds of shared key that linked it (agency name, phone or account within a quarter, and optionally template cluster); one row per linked record.
-- materialized: table
-- tags: [linkage]
-- tests:
--   - not_null: [record_key, source, record_id, period, operation_id, linked_by_name, linked_by_phone, linked_by_account, linked_by_template]
--   - unique: record_key
--   - accepted_values: {column: source, values: [complaints, incidents, enforcement]}
--   - relationships: {column: operation_id, to: operations, field: operation_id}
-- # Link (DESIGN "From records to estimates", step 1). A key is (period, kind, value) for kind
-- # name (agency_key), phone (phone_hash) and account (account_hash); records and keys form a
-- # bipartite graph per period. Only keys held by two or more records can join anything, so keys
-- # held by one record (almost every consumer's own phone) stay out. The graph is then folded onto
-- # its keys: a record holding several shared keys links them (each to the smallest of them), and
-- # connected components over keys come from min-label propagation in a recursive CTE with USING
-- # KEY, where a key's label is replaced only when a neighbour offers a smaller one, so each round
-- # touches only what changed and the recursion stops at the fixpoint. A label is the smallest
-- # record number in the component; a record takes the label of its keys (its own number when it
-- # has no shared key). Propagating over keys rather than records and keys is what keeps this
-- # fast: about 0.2 s for the recursion on 1.2M records, against 7 s on the bipartite graph.
-- #
-- # Operation rule: a component is an operation when it holds an incident or an enforcement case
-- # (every such record is about an actor), or a complaint that names an agency, or two or more
-- # records. What is left are lone complaints whose only key is a phone no other record of the
-- # quarter carries. Such a complaint is an operation's after all when that phone (or account) is
-- # an actor's key: it sits on an operation's record in another period of the run (operations
-- # keep their phones and cards for years, a consumer's own number does not turn up in incidents
-- # or in someone else's operation). The rest are ordinary consumer complaints: they belong to no
-- # operation and are not listed here. The price: an agency whose only trace in the run is one
-- # complaint filed from its phone without its name is not seen.
-- #
-- # Ordinary complaints (category 'ordinary': not, or not yet, known to be black/gray market) take
-- # part in linkage like every record, but a component needs at least one record with a taxonomy
-- # category to be an operation: one made only of ordinary complaints (two complaints naming one
-- # agency, a consumer who complained twice from one phone) has no known category and is not an
-- # operation. It stays out of the operations, their capture histories and the estimate: the
-- # estimate counts operations per category, and a complaints-only group cannot be estimated by
-- # capture-recapture anyway (one list, no overlap). complaint_classification still shows whether
-- # such a complaint names an agency, for review. Likewise a lone complaint is an operation through
-- # an actor key only when it has a taxonomy category, and only records with a taxonomy category
-- # make a phone or account an actor key (an ordinary complaint's phone is usually the consumer's).
-- # An ordinary complaint in an operation is a suspected black/gray-market complaint: see
-- # complaint_classification and complaint_identification.
-- #
-- # linked_by_name, linked_by_phone, linked_by_account, linked_by_template: the record holds a key
-- # of that kind shared with another record of its quarter (all false for a lone complaint that is
-- # an operation through an actor key); complaint_classification reads them.
-- #
-- # Template clusters (linkage.template_clusters in grayscope.yaml, default off; read from the
-- # variables linkage_template_clusters and linkage_template_min_cluster): a complaint in a
-- # cluster of `grayscope templates` of at least template_min_cluster complaints (counted over
-- # every period) also holds the key (period, 'template', cluster_id). The key is per quarter like
-- # the others, because operations are counted per quarter: a cluster spans years (a 2024 template
-- # is still used in 2025), and one key across quarters would join a quarter's components to other
-- # quarters'. It is never an actor key for the lone-complaint rule below: one template is used
-- # by many agencies, so sharing it says nothing about whose phone a lone complaint carries.
-- #
-- # operation_id is OP-<period>-<n>, numbered within the period in the order of each component's
-- # first record (period, source, record_id): the same data always gives the same ids.
WITH RECURSIVE records AS (
  SELECT source, record_id, period, category, agency_key, phone_hash, account_hash,
         row_number() OVER (ORDER BY period, source, record_id) AS node
  FROM stg_records
),
memberships AS (
  SELECT node, period, 'name' AS kind, agency_key AS key FROM records WHERE agency_key IS NOT NULL
  UNION ALL
  SELECT node, period, 'phone', phone_hash FROM records WHERE phone_hash IS NOT NULL
  UNION ALL
  SELECT node, period, 'account', account_hash FROM records WHERE account_hash IS NOT NULL
  UNION ALL
  SELECT r.node, r.period, 'template', t.cluster_id
  FROM records AS r
  JOIN complaint_template_clusters AS t ON r.source = 'complaints' AND t.complaint_id = r.record_id
  WHERE coalesce(getvariable('linkage_template_clusters'), false)
    AND t.cluster_size >= getvariable('linkage_template_min_cluster')
),
shared_keys AS (
  SELECT period, kind, key, min(node) AS first_node, row_number() OVER () AS key_node
  FROM memberships
  GROUP BY period, kind, key
  HAVING count(*) >= 2
),
edges AS (
  SELECT m.node AS record_node, s.key_node, m.kind
  FROM memberships AS m
  JOIN shared_keys AS s ON s.period = m.period AND s.kind = m.kind AND s.key = m.key
),
bridges AS (
  -- records that hold two or more shared keys; hub is the smallest of them
  SELECT key_node, min(key_node) OVER (PARTITION BY record_node) AS hub
  FROM edges
  QUALIFY count(*) OVER (PARTITION BY record_node) >= 2
),
key_links AS (
  SELECT hub AS node, key_node AS neighbour FROM bridges WHERE key_node <> hub
  UNION
  SELECT key_node, hub FROM bridges WHERE key_node <> hub
),
seeds AS (
  -- one round done up front: the smallest first record among a key and its neighbours
  SELECT l.node, least(min(n.first_node), any_value(k.first_node)) AS label
  FROM key_links AS l
  JOIN shared_keys AS k ON k.key_node = l.node
  JOIN shared_keys AS n ON n.key_node = l.neighbour
  GROUP BY l.node
),
key_components(node, label) USING KEY (node) AS (
  SELECT node, label FROM seeds
  UNION
  SELECT l.neighbour, min(c.label)
  FROM key_components AS c
  JOIN key_links AS l ON l.node = c.node
  JOIN recurring.key_components AS r ON r.node = l.neighbour
  GROUP BY l.neighbour
  HAVING min(c.label) < min(r.label)
),
record_labels AS (
  SELECT e.record_node AS node, min(coalesce(c.label, k.first_node)) AS label
  FROM edges AS e
  JOIN shared_keys AS k ON k.key_node = e.key_node
  LEFT JOIN key_components AS c ON c.node = e.key_node
  GROUP BY e.record_node
),
record_keys AS (
  SELECT record_node AS node,
         bool_or(kind = 'name') AS linked_by_name,
         bool_or(kind = 'phone') AS linked_by_phone,
         bool_or(kind = 'account') AS linked_by_account,
         bool_or(kind = 'template') AS linked_by_template
  FROM edges
  GROUP BY record_node
),
labelled AS (
  SELECT r.node, r.source, r.record_id, r.period, r.category, r.agency_key, coalesce(c.label, r.node) AS label
  FROM records AS r
  LEFT JOIN record_labels AS c ON c.node = r.node
),
components_found AS (
  SELECT label, period,
         bool_or(category <> 'ordinary') AS has_category,
         bool_or(category <> 'ordinary')
           AND (count(*) >= 2 OR bool_or(source <> 'complaints' OR agency_key IS NOT NULL)) AS is_operation
  FROM labelled
  GROUP BY label, period
),
actor_keys AS (
  SELECT DISTINCT m.kind, m.key
  FROM memberships AS m
  JOIN labelled AS l ON l.node = m.node
  JOIN components_found AS f ON f.label = l.label
  WHERE f.is_operation AND m.kind IN ('phone', 'account') AND l.category <> 'ordinary'
),
operation_labels AS (
  SELECT label, period FROM components_found WHERE is_operation
  UNION
  -- a lone complaint is its own component: its label is its own node
  SELECT f.label, f.period
  FROM components_found AS f
  JOIN memberships AS m ON m.node = f.label
  JOIN actor_keys AS k ON k.kind = m.kind AND k.key = m.key
  WHERE NOT f.is_operation AND f.has_category
),
numbered AS (
  SELECT label,
         'OP-' || period || '-' || lpad(CAST(row_number() OVER (PARTITION BY period ORDER BY label) AS VARCHAR), 6, '0') AS operation_id
  FROM operation_labels
)
SELECT l.source || ':' || l.record_id AS record_key, l.source, l.record_id, l.period, n.operation_id,
       coalesce(k.linked_by_name, false) AS linked_by_name,
       coalesce(k.linked_by_phone, false) AS linked_by_phone,
       coalesce(k.linked_by_account, false) AS linked_by_account,
       coalesce(k.linked_by_template, false) AS linked_by_template
FROM labelled AS l
JOIN numbered AS n ON n.label = l.label
LEFT JOIN record_keys AS k ON k.node = l.node
ORDER BY l.period, n.operation_id, l.source, l.record_id
