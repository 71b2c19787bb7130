-- For the kommun: which years each indicator has a value (total, gender T), and the years
-- with a row but no value together with Kolada's status (the reason).
SELECT i.theme, i.label, i.kpi_id,
       list(v.year ORDER BY v.year) FILTER (WHERE v.value IS NOT NULL) AS years_with_value,
       list(v.year ORDER BY v.year) FILTER (WHERE v.year IS NOT NULL AND v.value IS NULL)
           AS gap_years,
       list(v.status ORDER BY v.year) FILTER (WHERE v.year IS NOT NULL AND v.value IS NULL)
           AS gap_status
FROM v_indicators i
LEFT JOIN v_kpi_values v
       ON v.kpi_id = i.kpi_id AND v.municipality_id = $kommun AND v.gender = 'T'
GROUP BY i.theme, i.label, i.kpi_id, i.sort_order
ORDER BY i.theme, i.sort_order, i.kpi_id
