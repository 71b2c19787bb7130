-- Polisen event notices (händelsenotiser) of the configured län, with every version seen.

-- Kommun and län names -> codes, from the snapshot's boundary files (kept so a live run
-- without the snapshot still resolves names).
CREATE TABLE IF NOT EXISTS polisen_kommun (
    kommun_id  VARCHAR PRIMARY KEY,      -- 4 digits, e.g. 0880
    kommun     VARCHAR NOT NULL,
    county_id  VARCHAR NOT NULL          -- 2 digits, e.g. 08
);

CREATE TABLE IF NOT EXISTS polisen_county (
    county_id  VARCHAR PRIMARY KEY,
    county     VARCHAR NOT NULL          -- e.g. 'Kalmar län', as the API names it
);

-- The current (latest observed) version of each notice. Never deleted: a notice that leaves
-- the API's 500-notice window stays.
CREATE TABLE IF NOT EXISTS polisen_notice (
    id             BIGINT PRIMARY KEY,   -- the API's id, stable across edits
    content_hash   VARCHAR NOT NULL,     -- the current version (polisen_notice_version)
    published_utc  TIMESTAMPTZ NOT NULL, -- `datetime`: publication/update time
    incident_utc   TIMESTAMPTZ,          -- the time in `name` (Swedish time), NULL if absent
    name           VARCHAR NOT NULL,
    type           VARCHAR NOT NULL,     -- stripped
    category       VARCHAR NOT NULL,     -- catalogues/polisen_categories.toml
    summary        VARCHAR NOT NULL,
    url            VARCHAR NOT NULL,     -- absolute, https://polisen.se/...
    location_name  VARCHAR NOT NULL,
    lat            DOUBLE,               -- centre of the kommun or län, not the incident place
    lon            DOUBLE,
    kommun_id      VARCHAR,              -- NULL for län-level notices (summaries)
    county_id      VARCHAR NOT NULL,
    first_seen     TIMESTAMPTZ,          -- first/last poll that returned the notice (any
    last_seen      TIMESTAMPTZ           -- version); NULL when known only from a backfill
);

-- Every distinct version of a notice (verbatim fields), numbered in the order first loaded.
CREATE TABLE IF NOT EXISTS polisen_notice_version (
    id             BIGINT NOT NULL,
    content_hash   VARCHAR NOT NULL,     -- sha1 of the verbatim item
    version_no     INTEGER NOT NULL,
    datetime_raw   VARCHAR NOT NULL,     -- verbatim `datetime`
    published_utc  TIMESTAMPTZ NOT NULL,
    name           VARCHAR NOT NULL,
    type           VARCHAR NOT NULL,     -- verbatim (may carry trailing spaces)
    summary        VARCHAR NOT NULL,
    url            VARCHAR NOT NULL,
    location_name  VARCHAR NOT NULL,
    gps            VARCHAR NOT NULL,
    first_seen     TIMESTAMPTZ,          -- polls that returned this exact version
    last_seen      TIMESTAMPTZ,
    PRIMARY KEY (id, content_hash)
);

-- The analyst contract for notices.
CREATE OR REPLACE VIEW v_incidents AS
SELECT n.id,
       n.published_utc,
       n.incident_utc AS incident_time,
       n.kommun_id,
       k.kommun,
       n.type,
       n.category,
       n.summary,
       n.url,
       n.lat,
       n.lon,
       n.first_seen,
       n.last_seen,
       (SELECT count(*) FROM polisen_notice_version v WHERE v.id = n.id) AS versions,
       n.county_id,
       n.name
FROM polisen_notice n
LEFT JOIN polisen_kommun k ON k.kommun_id = n.kommun_id;

-- Every version of every notice, oldest first; is_current marks the one v_incidents shows.
CREATE OR REPLACE VIEW v_incident_versions AS
SELECT v.id, v.version_no, v.first_seen, v.last_seen, v.published_utc, v.name,
       trim(v.type) AS type, v.summary, v.url, v.location_name, v.gps,
       v.content_hash = n.content_hash AS is_current
FROM polisen_notice_version v
JOIN polisen_notice n ON n.id = v.id;
