-- The kommun's latest notices in the period and categories, newest first.
SELECT id,
       timezone('Europe/Stockholm', incident_time) AS incident_local,
       timezone('Europe/Stockholm', published_utc) AS published_local,
       type, category, summary, url, versions
FROM v_incidents
WHERE kommun_id = $kommun
  AND timezone('Europe/Stockholm', coalesce(incident_time, published_utc)) >= $start
  AND timezone('Europe/Stockholm', coalesce(incident_time, published_utc)) < $end
  AND list_contains($cats, category)
ORDER BY coalesce(incident_time, published_utc) DESC, id DESC
LIMIT $limit
