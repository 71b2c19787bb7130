-- Notices of one kommun by weekday (1 = Monday) and hour of the incident, Swedish time.
SELECT isodow(local_time) AS weekday, hour(local_time) AS hour, CAST(count(*) AS INTEGER) AS notices
FROM (
    SELECT timezone('Europe/Stockholm', incident_time) AS local_time, category
    FROM v_incidents
    WHERE kommun_id = $kommun AND incident_time IS NOT NULL
)
WHERE local_time >= $start AND local_time < $end AND list_contains($cats, category)
GROUP BY ALL
ORDER BY weekday, hour
