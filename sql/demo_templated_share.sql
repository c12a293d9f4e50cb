-- The demo: the templated share of complaints per year, from complaint_template_shares, with the
-- minimum cluster size the share was counted at.
SELECT CAST(left(period, 4) AS INTEGER) AS year, sum(templated) / sum(complaints) AS share, max(min_cluster) AS min_cluster
FROM complaint_template_shares
GROUP BY 1
ORDER BY 1
