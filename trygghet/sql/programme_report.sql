-- Skolverket's kommun report (all owner types together, pupils by school location) for the
-- kommun and its comparison kommuner, in the shape of programme_values (year = spring term).
SELECT measure AS kpi_id, municipality_id, year_end AS year, value, value_flag AS status
FROM v_skolverket_kommun_results
WHERE owner_type = 'Samtliga' AND list_contains($measures, measure)
  AND (municipality_id = $kommun OR list_contains($members, municipality_id))
ORDER BY measure, municipality_id, year_end
