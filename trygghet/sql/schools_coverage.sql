-- Which counties have school units loaded (the ETL loads one configured county at a time).
SELECT s.county_id, r.title AS county, count(*) AS n_schools
FROM skolverket_school s
LEFT JOIN kolada_municipality r ON r.municipality_id = '00' || s.county_id
GROUP BY s.county_id, r.title
ORDER BY s.county_id
