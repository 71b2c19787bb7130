-- First and last notice of the län (Swedish local time of the incident, else publication).
SELECT min(local_time) AS first_time, max(local_time) AS last_time, count(*) AS notices
FROM (
    SELECT timezone('Europe/Stockholm', coalesce(incident_time, published_utc)) AS local_time
    FROM v_incidents
    WHERE county_id = $county
)
