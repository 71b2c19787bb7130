-- The years any of the programme's sources has a value in (for the baseline picker).
SELECT DISTINCT year FROM v_kpi_values WHERE list_contains($kpis, kpi_id) AND value IS NOT NULL
UNION
SELECT DISTINCT year_end FROM v_skolverket_kommun_results WHERE value IS NOT NULL
ORDER BY 1
