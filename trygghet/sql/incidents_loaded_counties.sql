-- The län whose notices are loaded (TRYGGHET_COUNTY), with their names.
SELECT DISTINCT county_id, county
FROM v_incident_area
ORDER BY county_id
