-- Skolverket: compulsory school units with year-9 results (Planned Educations API v4) and the
-- downloadable kommun report "Jämförelse av betygsresultat över tid" (year 9, by owner type).

CREATE TABLE IF NOT EXISTS skolverket_school (
    school_unit_code VARCHAR PRIMARY KEY,     -- 8-digit skolenhetskod
    name             VARCHAR NOT NULL,
    municipality_id  VARCHAR NOT NULL,        -- the kommun where the school is (skolkommun)
    county_id        VARCHAR NOT NULL,        -- first two digits of the kommun code
    organizer_type   VARCHAR,                 -- Kommunal | Fristående (as the API spells it)
    lat              DOUBLE,                  -- WGS84
    lon              DOUBLE
);

-- One row per school, API statistics key and school year. value is NULL exactly when
-- value_type is not EXISTS; raw_value keeps what the API sent ('..', '.', '~100', '241,3').
CREATE TABLE IF NOT EXISTS skolverket_school_stat (
    school_unit_code VARCHAR NOT NULL,
    metric           VARCHAR NOT NULL,        -- the API key, e.g. averageGradesMeritRating9thGrade
    school_year      VARCHAR NOT NULL,        -- '2024/25'
    value            DOUBLE,
    value_type       VARCHAR NOT NULL,        -- EXISTS, OMITTED_DUE_TO_BASED_ON_FEW_PUPILS, MISSING, ROUNDED_...
    raw_value        VARCHAR NOT NULL,
    PRIMARY KEY (school_unit_code, metric, school_year)
);

CREATE TABLE IF NOT EXISTS skolverket_metric (
    metric     VARCHAR PRIMARY KEY,
    label      VARCHAR NOT NULL,
    unit       VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL
);

-- The report: pupils counted where their school is (skolkommun), not where they live.
CREATE TABLE IF NOT EXISTS skolverket_kommun_result (
    municipality_id VARCHAR NOT NULL,
    owner_type      VARCHAR NOT NULL,         -- Samtliga | Kommunal | Enskild (the report's sheets)
    measure         VARCHAR NOT NULL,         -- meritvarde_17, meritvarde_16, behoriga_yrkesprogram, ...
    school_year     VARCHAR NOT NULL,         -- '2024/25'
    municipality    VARCHAR NOT NULL,         -- the name as the report spells it
    value           DOUBLE,                   -- NULL exactly when value_flag is set
    value_flag      VARCHAR,                  -- suppressed ('..'), missing ('.'), rounded ('~100')
    raw_value       VARCHAR,                  -- the cell text when it was not a plain number
    PRIMARY KEY (municipality_id, owner_type, measure, school_year)
);

-- The analyst contract for Skolverket: these views are stable; the tables behind them may change.
CREATE OR REPLACE VIEW v_school_units AS
SELECT s.school_unit_code, s.name AS school, s.municipality_id, m.title AS municipality,
       s.county_id, s.organizer_type,
       s.organizer_type = 'Kommunal' AS is_municipal,
       s.lat, s.lon
FROM skolverket_school s
LEFT JOIN kolada_municipality m USING (municipality_id);

CREATE OR REPLACE VIEW v_school_results AS
SELECT st.school_unit_code, s.name AS school, s.municipality_id, s.organizer_type,
       st.metric, mt.label AS metric_label, mt.unit, mt.sort_order AS metric_order,
       st.school_year,
       CAST(substr(st.school_year, 1, 4) AS INTEGER) + 1 AS year_end,  -- '2024/25' -> 2025
       st.value, st.value_type, st.raw_value,
       CASE st.value_type
           WHEN 'EXISTS' THEN NULL
           WHEN 'MISSING' THEN 'uppgift saknas'
           ELSE CASE
               WHEN st.raw_value = '..' THEN 'sekretess (få elever)'
               WHEN st.raw_value LIKE '~%' THEN 'avrundat (' || st.raw_value || ')'
               WHEN st.raw_value = '.' THEN 'uppgift saknas'
               ELSE 'ej redovisat (' || st.value_type || ')'
           END
       END AS status
FROM skolverket_school_stat st
JOIN skolverket_school s USING (school_unit_code)
LEFT JOIN skolverket_metric mt USING (metric);

CREATE OR REPLACE VIEW v_skolverket_kommun_results AS
SELECT r.municipality_id, r.municipality, r.owner_type, r.measure,
       CASE r.measure
           WHEN 'elever_ak9' THEN 'Antal elever åk 9'
           WHEN 'meritvarde_17' THEN 'Genomsnittligt meritvärde (17 ämnen)'
           WHEN 'meritvarde_16' THEN 'Genomsnittligt meritvärde (16 ämnen)'
           WHEN 'behoriga_yrkesprogram' THEN 'Behöriga till yrkesprogram (%)'
           WHEN 'godkant_alla_amnen' THEN 'Godkänt betyg i alla ämnen (%)'
       END AS measure_label,
       r.school_year,
       CAST(substr(r.school_year, 1, 4) AS INTEGER) + 1 AS year_end,  -- spring term, as Kolada's year
       r.value, r.value_flag, r.raw_value,
       'skolkommun' AS counted_by
FROM skolverket_kommun_result r;
