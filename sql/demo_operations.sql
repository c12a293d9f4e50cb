-- The demo: operations the linkage found per quarter (compared with the generator's truth).
SELECT period, count(*) AS n FROM operations GROUP BY period ORDER BY period
