-- Last successful refresh per source.
SELECT source, last_success, rows_seen, mode
FROM v_etl_last_run
ORDER BY source
