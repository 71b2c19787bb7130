-- Kolada (RKA): KPI catalogue, municipalities, municipality groups and KPI values.

CREATE TABLE IF NOT EXISTS kolada_kpi (
    kpi_id               VARCHAR PRIMARY KEY,
    title                VARCHAR NOT NULL,
    description          VARCHAR,
    is_divided_by_gender BOOLEAN,
    municipality_type    VARCHAR,
    operating_area       VARCHAR,
    publication_date     VARCHAR,
    publ_period          INTEGER
);

CREATE TABLE IF NOT EXISTS kolada_municipality (
    municipality_id   VARCHAR PRIMARY KEY,   -- 4 digits: kommun 0880, region 0008, Riket 0000
    title             VARCHAR NOT NULL,
    type              VARCHAR NOT NULL       -- K kommun, L region or Riket
);

CREATE TABLE IF NOT EXISTS kolada_group (
    group_id  VARCHAR PRIMARY KEY,
    title     VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS kolada_group_member (
    group_id   VARCHAR NOT NULL,
    member_id  VARCHAR NOT NULL,
    PRIMARY KEY (group_id, member_id)
);

-- One row per KPI, municipality, year and gender. value is NULL exactly when status says why.
CREATE TABLE IF NOT EXISTS kolada_value (
    kpi_id          VARCHAR NOT NULL,
    municipality_id VARCHAR NOT NULL,
    year            INTEGER NOT NULL,
    gender          VARCHAR NOT NULL,        -- T total, K women/girls, M men/boys
    value           DOUBLE,
    status          VARCHAR,                 -- NULL, Missing, Privacy, Not applicable
    n_count         INTEGER,                 -- Kolada's 'count' (members behind a group mean)
    PRIMARY KEY (kpi_id, municipality_id, year, gender)
);

-- Incremental sync state: per KPI, the day its last successful live fetch began.
CREATE TABLE IF NOT EXISTS kolada_sync (
    kpi_id      VARCHAR PRIMARY KEY,  -- set by live runs only: a snapshot's vintage is unknown
    synced_from DATE NOT NULL
);

-- The repo's indicator catalogue (catalogues/indicators.toml), reloaded on every Kolada run.
CREATE TABLE IF NOT EXISTS indicator (
    kpi_id     VARCHAR PRIMARY KEY,
    theme      VARCHAR NOT NULL,
    label      VARCHAR NOT NULL,
    unit       VARCHAR NOT NULL,
    direction  VARCHAR NOT NULL,
    headline   BOOLEAN NOT NULL,
    sort_order INTEGER NOT NULL
);
-- A reviewed note on the source's own error (shown beside Kolada's text, never replacing it):
-- what is wrong, a URL where the right definition is published, the review date (YYYY-MM-DD).
-- Added with ALTER so a DB built before the columns existed gains them on the next run.
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS erratum VARCHAR;
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS erratum_evidence VARCHAR;
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS erratum_reviewed VARCHAR;

-- The analyst contract: these views are stable; the tables behind them may change.
CREATE OR REPLACE VIEW v_municipalities AS
SELECT m.municipality_id,
       m.title AS municipality,
       m.type  AS municipality_type,
       CASE WHEN m.type = 'K' THEN '00' || substr(m.municipality_id, 1, 2) END AS region_id,
       r.title AS region
FROM kolada_municipality m
LEFT JOIN kolada_municipality r
       ON m.type = 'K' AND r.municipality_id = '00' || substr(m.municipality_id, 1, 2);

CREATE OR REPLACE VIEW v_peer_groups AS
SELECT g.group_id, g.title AS group_title, gm.member_id, m.title AS member
FROM kolada_group g
JOIN kolada_group_member gm USING (group_id)
LEFT JOIN kolada_municipality m ON m.municipality_id = gm.member_id;

-- Each kommun's "Liknande kommuner, övergripande, <kommun>, <year>" group (newest year).
CREATE OR REPLACE VIEW v_default_peer_group AS
SELECT m.municipality_id, arg_max(g.group_id, g.title) AS group_id, max(g.title) AS group_title
FROM kolada_municipality m
JOIN kolada_group g ON g.title LIKE 'Liknande kommuner, övergripande, ' || m.title || ', %'
WHERE m.type = 'K'
GROUP BY m.municipality_id;

CREATE OR REPLACE VIEW v_indicators AS
SELECT i.kpi_id, i.theme, i.label, i.unit, i.direction, i.headline, i.sort_order,
       k.title AS kpi_title, k.description, k.is_divided_by_gender, k.publication_date,
       i.erratum, i.erratum_evidence, i.erratum_reviewed
FROM indicator i LEFT JOIN kolada_kpi k USING (kpi_id);

CREATE OR REPLACE VIEW v_kpi_values AS
SELECT v.kpi_id, k.title AS kpi_title, i.theme, v.municipality_id, m.title AS municipality,
       m.type AS municipality_type, v.year, v.gender, v.value, v.status
FROM kolada_value v
LEFT JOIN kolada_kpi k USING (kpi_id)
LEFT JOIN indicator i USING (kpi_id)
LEFT JOIN kolada_municipality m USING (municipality_id);
