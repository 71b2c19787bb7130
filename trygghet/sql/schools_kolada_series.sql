-- Kolada's year-9 KPIs for one kommun (total, both genders), with status when there is no number.
SELECT kpi_id, kpi_title, year, value, status
FROM v_kpi_values
WHERE municipality_id = $kommun AND gender = 'T' AND list_contains($kpis, kpi_id)
ORDER BY kpi_id, year
