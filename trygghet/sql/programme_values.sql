-- Total (both genders) values of the programme's KPIs for the kommun and its comparison kommuner,
-- all years; status says why a value is missing.
SELECT kpi_id, municipality_id, year, value, status
FROM v_kpi_values
WHERE list_contains($kpis, kpi_id) AND gender = 'T'
  AND (municipality_id = $kommun OR list_contains($members, municipality_id))
ORDER BY kpi_id, municipality_id, year
