-- The kommun's year-9 cohort per spring term (Skolverket's pupils in year 9 in the kommun's
-- schools, all owner types): the size behind a share of pupils when a change is judged.
-- Kolada's year-9 shares count pupils by home kommun, so this is the nearest published size.
SELECT year_end::INTEGER AS year, value
FROM v_skolverket_kommun_results
WHERE measure = 'elever_ak9' AND owner_type = 'Samtliga' AND municipality_id = $kommun
  AND value IS NOT NULL AND year_end IS NOT NULL
ORDER BY year_end
