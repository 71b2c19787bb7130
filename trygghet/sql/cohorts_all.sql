-- Every kommun's year-9 cohort per spring term (Skolverket, pupils in year 9 in the kommun's
-- schools, all owner types): the sizes behind the pooled noise of a size class.
SELECT municipality_id, year_end::INTEGER AS year, value
FROM v_skolverket_kommun_results
WHERE measure = 'elever_ak9' AND owner_type = 'Samtliga' AND value IS NOT NULL
  AND year_end IS NOT NULL
