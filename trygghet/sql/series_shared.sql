-- One KPI over time, what every kommun's chart shares: Riket and the spread of all kommuner
-- (min, 25th, 75th percentile, median, max) per year, with all_n kommuner with a value behind each
-- year's band and all_size kommuner there are, so a thin year can be named as such.
-- Years run over the span where any unit has a row for this KPI, so a kommun's missing
-- year shows as a gap with its reason rather than vanishing.
WITH vals AS (
    SELECT v.municipality_id, v.year, v.value, v.status, v.municipality_type AS mtype
    FROM v_kpi_values v
    WHERE v.kpi_id = $kpi AND v.gender = $gender AND v.year BETWEEN $year_from AND $year_to
),
span AS (SELECT min(year) AS y0, max(year) AS y1 FROM vals),
years AS (SELECT unnest(range(y0, y1 + 1)) AS year FROM span WHERE y0 IS NOT NULL),
riket AS (SELECT year, value, status FROM vals WHERE municipality_id = '0000'),
band AS (
    SELECT year,
           min(value) AS all_min,
           quantile_cont(value, 0.25) AS all_p25,
           quantile_cont(value, 0.75) AS all_p75,
           quantile_cont(value, 0.5) AS all_median,
           max(value) AS all_max,
           count(value) AS all_n
    FROM vals WHERE mtype = 'K'
    GROUP BY year
)
SELECT y.year::INTEGER AS year,
       riket.value AS riket,
       CASE WHEN riket.year IS NULL THEN 'Unpublished' ELSE riket.status END AS riket_status,
       band.all_min, band.all_p25, band.all_p75, band.all_median, band.all_max, coalesce(band.all_n, 0) AS all_n,
       (SELECT count(*) FROM v_municipalities WHERE municipality_type = 'K') AS all_size
FROM years y
LEFT JOIN riket USING (year)
LEFT JOIN band USING (year)
ORDER BY y.year
