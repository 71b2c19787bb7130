-- Per school, metric and school year in one kommun: the value, or why there is none.
SELECT r.school_unit_code, r.school, r.organizer_type, r.metric, r.metric_label, r.unit,
       r.school_year, r.value, r.value_type, r.raw_value, r.status
FROM v_school_results r
WHERE r.municipality_id = $kommun AND list_contains($metrics, r.metric)
ORDER BY r.school, r.metric_order, r.school_year
