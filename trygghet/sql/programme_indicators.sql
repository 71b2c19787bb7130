-- Label, unit, direction and Kolada title for each KPI the programme catalogue names (and the
-- Kolada twins of Skolverket's measures, whose direction the school rows borrow). in_catalogue is
-- false for a KPI the Kolada ETL does not load (not in catalogues/indicators.toml): the page says so.
SELECT k.kpi_id, i.label, i.unit, i.direction, i.theme, i.kpi_title, i.kpi_id IS NOT NULL AS in_catalogue
FROM (SELECT unnest($kpis::VARCHAR[]) AS kpi_id) k
LEFT JOIN v_indicators i USING (kpi_id)
