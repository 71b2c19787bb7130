-- The indicator catalogue joined with Kolada's KPI metadata, in display order.
SELECT kpi_id, theme, label, unit, direction, headline, sort_order, kpi_title, description,
       coalesce(is_divided_by_gender, false) AS is_divided_by_gender, publication_date
FROM v_indicators
ORDER BY theme, sort_order, kpi_id
