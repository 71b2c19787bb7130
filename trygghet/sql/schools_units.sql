-- The year-9 school units of one kommun (where the school is), with position and owner type.
SELECT school_unit_code, school, organizer_type, is_municipal, lat, lon
FROM v_school_units
WHERE municipality_id = $kommun
ORDER BY school
