-- Polisen event notices (händelsenotiser) of the configured län (TRYGGHET_COUNTY: one, several
-- or all), with every version seen, and which stretches of time the loaded answers cover.

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

-- What each loaded answer covers, per län it was loaded for: a poll holds every notice of those
-- län from the oldest notice it returned (the API keeps only its latest ones) up to the poll;
-- a backfill covers the län of its notices from its oldest to its newest notice. A week with
-- no notices inside a covered stretch had none; outside every stretch nobody looked.
CREATE TABLE IF NOT EXISTS polisen_coverage (
    county_id     VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,      -- the request (live) or the file (snapshot)
    seen_at       TIMESTAMPTZ,           -- the poll; NULL for a backfill
    covered_from  TIMESTAMPTZ NOT NULL,  -- oldest notice's publication (a poll's oldest 1 % are
                                         -- stragglers, left out: see published_window)
    covered_to    TIMESTAMPTZ NOT NULL,  -- the poll, or the newest notice of a backfill
    PRIMARY KEY (county_id, source, covered_to)
);

-- Per län, the stretches the loaded answers cover without a gap (overlapping ones merged),
-- oldest first.
CREATE OR REPLACE VIEW v_incident_coverage AS
WITH ordered AS (
    SELECT county_id, covered_from, covered_to,
           max(covered_to) OVER (
               PARTITION BY county_id ORDER BY covered_from, covered_to
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reached
    FROM polisen_coverage
), stretches AS (
    SELECT *, sum(CASE WHEN reached IS NULL OR covered_from > reached THEN 1 ELSE 0 END)
                  OVER (PARTITION BY county_id ORDER BY covered_from, covered_to
                        ROWS UNBOUNDED PRECEDING) AS stretch
    FROM ordered
)
SELECT s.county_id, c.county, min(s.covered_from) AS covered_from,
       max(s.covered_to) AS covered_to
FROM stretches s LEFT JOIN polisen_county c USING (county_id)
GROUP BY s.county_id, c.county, s.stretch;

-- The loaded area, one row per kommun of every län loaded: since when its notices are there
-- (covered_from), since when without a gap up to the latest answer (continuous_from), the
-- latest answer (covered_to), and its first notice and number of notices.
CREATE OR REPLACE VIEW v_incident_area AS
WITH per_county AS (
    SELECT county_id, min(covered_from) AS covered_from, max(covered_to) AS covered_to,
           arg_max(covered_from, covered_to) AS continuous_from
    FROM v_incident_coverage GROUP BY county_id
), notices AS (
    SELECT kommun_id, min(published_utc) AS first_notice, count(*) AS notices
    FROM polisen_notice WHERE kommun_id IS NOT NULL GROUP BY kommun_id
)
SELECT k.kommun_id, k.kommun, p.county_id, c.county, p.covered_from, p.continuous_from,
       p.covered_to, n.first_notice, coalesce(n.notices, 0) AS notices
FROM per_county p
JOIN polisen_kommun k ON k.county_id = p.county_id
LEFT JOIN polisen_county c ON c.county_id = p.county_id
LEFT JOIN notices n ON n.kommun_id = k.kommun_id;

-- The kommuner of every län the notices are loaded for, with the län's name.
CREATE OR REPLACE VIEW v_incident_kommuner AS
SELECT k.kommun_id, k.kommun, k.county_id, c.county
FROM polisen_kommun k LEFT JOIN polisen_county c USING (county_id);

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
