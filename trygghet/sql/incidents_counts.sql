-- Notices per week or month (Swedish time) and category: the kommun, the län's other
-- kommuner, and notices that name only the län (no kommun).
WITH base AS (
    SELECT timezone('Europe/Stockholm', coalesce(incident_time, published_utc)) AS local_time,
           kommun_id, category
    FROM v_incidents
    WHERE county_id = $county
)
SELECT CAST(date_trunc($grain, local_time) AS DATE) AS period,
       CASE WHEN kommun_id = $kommun THEN 'kommun'
            WHEN kommun_id IS NULL THEN 'lan'
            ELSE 'ovriga' END AS area,
       category,
       CAST(count(*) AS INTEGER) AS notices
FROM base
WHERE local_time >= $start AND local_time < $end AND list_contains($cats, category)
GROUP BY ALL
ORDER BY period, area, category
