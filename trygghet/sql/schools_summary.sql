-- Per metric and school year over one kommun's schools: how many have a number, how many have
-- a reason instead, and the spread of the numbers. Suppressed, missing and rounded values have
-- value NULL, so min/max/avg never include them. avg is unweighted (not an official figure).
SELECT r.metric, r.school_year,
       count(r.value) AS n_with_value,
       count(*) - count(r.value) AS n_without_value,
       min(r.value) AS min_value,
       max(r.value) AS max_value,
       avg(r.value) AS unweighted_mean
FROM v_school_results r
WHERE r.municipality_id = $kommun AND list_contains($metrics, r.metric)
GROUP BY r.metric, r.school_year
ORDER BY r.metric, r.school_year
