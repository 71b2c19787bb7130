-- Where each source's data came from, under which licence, and when it was fetched.
SELECT p.source, p.title, p.origin, p.licence, p.fetched_at, r.last_success, r.rows_seen, r.mode
FROM v_sources p
LEFT JOIN v_etl_last_run r USING (source)
ORDER BY p.source
