-- Every reviewed erratum of the catalogue: which indicator, the note, its evidence and date.
SELECT label, kpi_id, erratum, erratum_evidence, erratum_reviewed
FROM v_indicators
WHERE erratum IS NOT NULL
ORDER BY theme, sort_order, kpi_id
