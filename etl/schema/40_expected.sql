-- Förväntat utifrån struktur (issue 20): fitted by etl/expected/ after the sources, read by the
-- dashboard through the v_expected* views. The model catalogue is catalogues/covariates.toml.

-- One row per outcome: the cross-section fitted, and how well it predicts out of sample.
CREATE TABLE IF NOT EXISTS expected_model (
    outcome            VARCHAR PRIMARY KEY,  -- the Kolada KPI
    year               INTEGER NOT NULL,     -- the cross-section's year
    transform          VARCHAR NOT NULL,     -- the outcome's scale in the model: log or logit
    method             VARCHAR NOT NULL,
    covariates         VARCHAR NOT NULL,     -- the model's covariate KPIs, comma-separated
    n_kommuner         INTEGER NOT NULL,     -- kommuner with the outcome and every covariate
    level              DOUBLE NOT NULL,      -- the prediction interval's nominal level
    cv_r2              DOUBLE NOT NULL,      -- leave-one-out R² on the model's scale
    coverage           DOUBLE NOT NULL,      -- share of kommuner inside their own interval
    gives_verdict      BOOLEAN NOT NULL,     -- cv_r2 at or above the catalogue's minimum
    who_covariate      VARCHAR,              -- the "who people are" covariate tried beside it
    cv_r2_with_who     DOUBLE,
    coverage_with_who  DOUBLE
);

-- The full-sample robust fit's coefficients, for the model with and without the "who" covariate.
CREATE TABLE IF NOT EXISTS expected_coef (
    outcome   VARCHAR NOT NULL,
    variant   VARCHAR NOT NULL,   -- 'model' or 'with_who'
    term      VARCHAR NOT NULL,   -- 'intercept' or a covariate KPI
    coef      DOUBLE NOT NULL,    -- on the model's scale per unit of the (transformed) covariate
    se        DOUBLE NOT NULL,
    sd        DOUBLE,             -- the covariate's standard deviation over the kommuner fitted
    per_sd    DOUBLE,             -- exp(coef * sd) - 1: relative change in the rate (log) or odds (logit)
    PRIMARY KEY (outcome, variant, term)
);

-- One row per outcome and kommun with every covariate: observed, expected (leave-one-out), the
-- 95 % prediction interval (in the KPI's unit) and where the observed value falls.
CREATE TABLE IF NOT EXISTS expected_value (
    outcome          VARCHAR NOT NULL,
    municipality_id  VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    observed         DOUBLE,             -- NULL: Kolada has no value for the kommun that year
    expected         DOUBLE NOT NULL,
    lower            DOUBLE NOT NULL,
    upper            DOUBLE NOT NULL,
    residual         DOUBLE,             -- observed minus expected on the model's scale
    position         VARCHAR,            -- 'above', 'within', 'below' the interval
    verdict          VARCHAR,            -- position, or NULL when the model gives no verdict
    expected_with_who DOUBLE,
    lower_with_who   DOUBLE,
    upper_with_who   DOUBLE,
    position_with_who VARCHAR,
    PRIMARY KEY (outcome, municipality_id)
);

CREATE OR REPLACE VIEW v_expected AS
SELECT e.outcome, e.municipality_id, m.title AS municipality, e.year, e.observed, e.expected,
       e.lower, e.upper, e.residual, e.position, e.verdict, e.expected_with_who,
       e.lower_with_who, e.upper_with_who, e.position_with_who,
       mo.cv_r2, mo.coverage, mo.gives_verdict
FROM expected_value e
JOIN expected_model mo USING (outcome)
LEFT JOIN kolada_municipality m USING (municipality_id);

CREATE OR REPLACE VIEW v_expected_model AS SELECT * FROM expected_model;

CREATE OR REPLACE VIEW v_expected_coef AS SELECT * FROM expected_coef;
