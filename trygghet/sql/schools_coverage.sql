-- Which counties have school units loaded (the ETL loads one configured county at a time).
SELECT s.county_id, r.municipality AS county, count(*) AS n_schools
FROM v_school_units s
LEFT JOIN v_municipalities r ON r.municipality_id = '00' || s.county_id
GROUP BY s.county_id, r.municipality
ORDER BY s.county_id
