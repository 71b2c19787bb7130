-- Core tables shared by every source. Applied idempotently on every run (CREATE ... IF NOT EXISTS).

-- One row per successful run of one source (failed runs never reach the live file; every run's
-- start, end and error are recorded beside it in <db>.runlog.json, see etl/runlog.py). A source
-- without a row here was never loaded: the read side can treat it as absent.
CREATE TABLE IF NOT EXISTS etl_run (
    run_id        VARCHAR PRIMARY KEY,       -- uuid4
    source        VARCHAR NOT NULL,          -- kolada, polisen, skolverket
    mode          VARCHAR NOT NULL,          -- live | offline
    kind          VARCHAR NOT NULL,          -- full | incremental
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ NOT NULL,
    rows_added    BIGINT NOT NULL,
    rows_changed  BIGINT NOT NULL,
    rows_unchanged BIGINT NOT NULL,
    rows_deleted  BIGINT NOT NULL,
    requests      INTEGER NOT NULL,          -- HTTP requests (live) or files read (offline)
    origin        VARCHAR NOT NULL           -- base URL or snapshot directory
);

-- Provenance of each payload a run read: what the About page shows (owid-style snapshots).
CREATE TABLE IF NOT EXISTS source_provenance (
    source       VARCHAR PRIMARY KEY,
    title        VARCHAR NOT NULL,
    origin       VARCHAR NOT NULL,
    licence      VARCHAR NOT NULL,
    fetched_at   TIMESTAMPTZ NOT NULL
);

-- The analyst contract for provenance: each source's payload, its origin, licence and date.
CREATE OR REPLACE VIEW v_sources AS
SELECT source, title, origin, licence, fetched_at FROM source_provenance;

CREATE OR REPLACE VIEW v_etl_last_run AS
SELECT source, max(finished_at) AS last_success,
       arg_max(rows_added + rows_changed + rows_unchanged, finished_at) AS rows_seen,
       arg_max(mode, finished_at) AS mode
FROM etl_run GROUP BY source;
