-- For the kommun: which years each indicator has a value (total, gender T), and the gaps' reasons.
SELECT i.theme, i.label, i.kpi_id,
       list(v.year ORDER BY v.year) FILTER (WHERE v.value IS NOT NULL) AS years_with_value,
       list(v.year || ': ' || v.status ORDER BY v.year) FILTER (WHERE v.value IS NULL) AS gaps
FROM v_indicators i
LEFT JOIN kolada_value v
       ON v.kpi_id = i.kpi_id AND v.municipality_id = $kommun AND v.gender = 'T'
GROUP BY i.theme, i.label, i.kpi_id, i.sort_order
ORDER BY i.theme, i.sort_order, i.kpi_id
