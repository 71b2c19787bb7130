-- First and last year with any value among the themed indicators (bounds of the year slider).
SELECT min(year) AS first_year, max(year) AS last_year
FROM v_kpi_values
WHERE theme IN ('brott', 'trygghet', 'skola', 'unga_fritid') AND value IS NOT NULL
