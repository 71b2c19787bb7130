-- Skolverket's kommun report (year 9, pupils counted by school location) for one kommun:
-- every owner type, measure and school year, with the report's flag when there is no number.
SELECT owner_type, measure, measure_label, school_year, year_end, value, value_flag, raw_value
FROM v_skolverket_kommun_results
WHERE municipality_id = $kommun
ORDER BY measure, owner_type, school_year
