-- The reviewed erratum of one indicator (catalogues/indicators.toml): a note on the source's
-- own error, shown beside the source's text; no row or NULLs when there is none.
SELECT kpi_title, description, erratum, erratum_evidence, erratum_reviewed
FROM v_indicators
WHERE kpi_id = $kpi
