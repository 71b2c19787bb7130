-- The län a kommun belongs to (every kommun, loaded or not).
SELECT county_id, county
FROM v_incident_kommuner
WHERE kommun_id = $kommun
